package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.facts.Deficiency;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.CompiledRulesetCheck;
import cn.renovation.decisions.ruleset.RulesetException;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.RulesetValidator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-check: evaluates a freshly compiled ruleset on communities that exercise every item before it may serve
 * ("no rule means an error, not a default"): each item needed or requested (the elevator with an owners' vote
 * that passes), with and without a property unit, a budget, and an ineligible community, on a date in every
 * period. A defect it meets is reported at the table rows that decide the item it names on that date. Any item left unsettled, any share that does not add up
 * to 1, any missing conclusion is a finding, and the ruleset does not serve.
 */
public final class SelfCheck implements CompiledRulesetCheck {
    private static final Instant AT = Instant.EPOCH;
    private final DecisionEngine engine;

    public SelfCheck(DecisionEngine engine) {
        this.engine = engine;
    }

    /** Checks every period in which the dated rows put a different set of rows in force. */
    @Override
    public void check(CompiledRuleset ruleset) {
        List<RulesetFinding> findings = new ArrayList<>();
        for (LocalDate on : ruleset.periods()) {
            findings.addAll(checkOn(ruleset, on));
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("the ruleset leaves decisions unfinished", findings);
        }
    }

    private List<RulesetFinding> checkOn(CompiledRuleset ruleset, LocalDate on) {
        List<CatalogItem> items = ruleset.catalogOn(on).items();
        List<String> mandatory = items.stream()
                .filter(i -> i.kind() == ItemKind.MANDATORY)
                .map(CatalogItem::code)
                .toList();
        List<String> upgrades = items.stream()
                .filter(i -> i.kind() == ItemKind.UPGRADE)
                .map(CatalogItem::code)
                .toList();
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        items.forEach(i -> costs.put(i.code(), new BigDecimal("1000.01")));

        Map<String, EvaluationRequest> probes = new LinkedHashMap<>();
        probes.put("every item, property unit", probe(true, 1990, mandatory, upgrades, costs, null, on));
        probes.put("every item, no property unit", probe(false, 1990, mandatory, upgrades, costs, null, on));
        probes.put(
                "every item, half the upgrades' budget",
                probe(
                        true,
                        1990,
                        mandatory,
                        upgrades,
                        costs,
                        new BigDecimal("1000.01").multiply(BigDecimal.valueOf(upgrades.size() / 2)),
                        on));
        probes.put("every item, no costs", probe(true, 1990, mandatory, upgrades, Map.of(), null, on));
        probes.put("ineligible community", probe(true, 2015, mandatory, upgrades, costs, null, on));
        probes.put("nothing needed", probe(true, 1990, List.of(), List.of(), Map.of(), null, on));

        // the first probe that fails on a date says enough: the others would repeat its defect
        List<RulesetFinding> findings = new ArrayList<>();
        for (var p : probes.entrySet()) {
            try {
                engine.evaluate(ruleset, p.getValue(), "self-check", AT);
            } catch (RulesetDefectException e) {
                String message = "自检发现规则集缺陷 / self-check \"" + p.getKey() + "\" as of " + on + ": " + e.getMessage();
                List<RulesetFinding> atRows = new ArrayList<>();
                items.stream()
                        .map(CatalogItem::code)
                        .filter(code -> e.getMessage().matches("(?s).*\\b" + code + "\\b.*"))
                        .forEach(code ->
                                atRows.addAll(RulesetValidator.atRowsDeciding(ruleset.files(), code, on, message)));
                if (atRows.isEmpty()) {
                    findings.add(new RulesetFinding(null, null, null, message));
                } else {
                    findings.addAll(atRows);
                }
                break;
            }
        }
        return findings;
    }

    private static EvaluationRequest probe(
            boolean propertyUnit,
            int year,
            List<String> needs,
            List<String> upgrades,
            Map<String, BigDecimal> costs,
            BigDecimal budget,
            LocalDate on) {
        var community = new EvaluationRequest.Community(
                "SELF-CHECK",
                null,
                true,
                year,
                true,
                false,
                false,
                false,
                false,
                Arrays.stream(Deficiency.values()).map(Enum::name).toList(),
                30,
                30,
                propertyUnit,
                List.of(
                        // a unanimous owners' vote held on the date, so the elevator is selected and its shares are
                        // used whenever a law of the vote table governs that date
                        new EvaluationRequest.Building(
                                "1",
                                6,
                                false,
                                24,
                                new BigDecimal("2400.00"),
                                null,
                                new EvaluationRequest.Vote(
                                        on,
                                        24,
                                        new BigDecimal("2400.00"),
                                        24,
                                        new BigDecimal("2400.00"),
                                        24,
                                        new BigDecimal("2400.00"))),
                        new EvaluationRequest.Building("2", 3, false, 6, null)));
        return new EvaluationRequest(community, needs, upgrades, EvaluationRequest.Works.NONE, costs, budget, on);
    }
}
