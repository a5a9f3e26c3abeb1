package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cell checks every path runs before a ruleset may serve — start-up from the rulesets directory,
 * {@code validate}, a candidate from the directory and an upload: each workbook is safe to open
 * ({@link XlsxSafety}), is a decision table, holds in every data cell a value of its column's kind
 * ({@link CellKind}, against its own template) and passes the policy checks of {@link TableChecks}. An upload
 * is compared with the served template as well ({@link TableTemplate}); that needs a served ruleset, so it is
 * the upload's alone. Rulesets read back from the audit archive for a replay are not gated again: they served.
 */
final class RulesetGate {
    private RulesetGate() {}

    /** What the cell checks found, and the tables read (for pointing compile findings at cells). */
    public record Cells(List<DecisionTable> tables, List<RulesetFinding> findings, boolean unsafe) {}

    public static Cells check(List<RulesetFile> files) {
        List<RulesetFinding> findings = new ArrayList<>();
        for (RulesetFile f : files) {
            if (f.isDecisionTable()) {
                XlsxSafety.refusal(f.content())
                        .ifPresent(why -> findings.add(new RulesetFinding(f.path(), null, null, why)));
            }
        }
        if (!findings.isEmpty()) {
            return new Cells(List.of(), List.copyOf(findings), true);
        }
        List<DecisionTable> tables = new ArrayList<>();
        for (RulesetFile f : files) {
            if (f.isDecisionTable()) {
                try {
                    List<DecisionTable> read = DecisionTable.read(f);
                    if (read.isEmpty()) {
                        findings.add(new RulesetFinding(
                                f.path(),
                                null,
                                null,
                                "不是决策表 / not a decision table: its first sheet has no \"RuleTable\" block"));
                    }
                    tables.addAll(read);
                } catch (IOException | RuntimeException e) {
                    findings.add(new RulesetFinding(
                            f.path(),
                            null,
                            null,
                            "无法读取表格 / the workbook cannot be read: " + RulesetCompiler.inWords(e)));
                }
            }
        }
        Set<String> itemCodes = new LinkedHashSet<>();
        for (DecisionTable t : tables) {
            TableColumns.find(t, TableColumns.Expected.ITEM_CODE)
                    .ifPresent(c -> t.rows().forEach(r -> itemCodes.add(r.cell(c))));
        }
        List<RulesetFinding> cellKinds = new ArrayList<>();
        for (RulesetFile f : files) {
            if (f.isDecisionTable()) {
                try {
                    cellKinds.addAll(TableTemplate.check(f, f, itemCodes));
                } catch (IOException | RuntimeException e) {
                    // unreadable: reported above
                }
            }
        }
        List<RulesetFinding> policy = TableChecks.check(tables, TimelineChecks.RulesRead.of(files));
        findings.addAll(policy);
        // a cell the policy checks already explain (a ratio turned into a date) is not reported twice
        Set<String> explained = new LinkedHashSet<>();
        policy.forEach(p -> explained.add(p.file() + "!" + p.cell()));
        cellKinds.stream()
                .filter(k -> !explained.contains(k.file() + "!" + k.cell()))
                .forEach(findings::add);
        return new Cells(List.copyOf(tables), List.copyOf(findings), false);
    }
}
