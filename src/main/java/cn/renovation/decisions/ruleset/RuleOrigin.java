package cn.renovation.decisions.ruleset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a fired rule comes from: a DRL rule ({@code file}) or a decision-table row ({@code table}, the
 * workbook's path in the ruleset, and {@code row}, the spreadsheet row a policy officer sees), with the
 * clause it cites.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleOrigin(String rule, String clause, String table, Integer row, String file) {}
