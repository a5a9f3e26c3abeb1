package cn.renovation.decisions.ruleset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/** Prebuilds the definitions: makes each period's {@link SessionPlan}, taking the definition rows out of the KieBase where that is safe. */
final class SessionPlanner {
    /**
     * The programme's targets (plan 2.1, 2.2: communities, buildings, households, batches and deadlines) are
     * parameters of the {@code program} table. They describe the programme, not a community: they are read
     * at compile time ({@link CompiledRuleset#parameterOn}) for the programme report, and a session neither
     * starts with them nor lists their rows in its trace.
     */
    static final String PROGRAM_PACKAGE = "program";

    private SessionPlanner() {}

    /**
     * Takes the rules that fired in the definition runs out of the KieBase and lets each evaluation start from
     * copies of what they inserted in its period (see {@link SessionPlan}) — but only where that cannot change
     * a decision: every such rule is a table row with no conditions at all (so it fires once in every session
     * of its period, whatever the facts), it only inserted facts the plan knows how to copy, and it fires
     * before every other rule (higher salience), as inserting its facts up front does. Otherwise the rows
     * stay and fire per session (filtered by their dates).
     */
    static NavigableMap<LocalDate, SessionPlan> plans(
            KieBase base,
            Map<String, RuleOrigin> origins,
            NavigableMap<LocalDate, DefinitionRun> runs,
            boolean wanted) {
        Set<Rule> definitionRules = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean prebuild = wanted;
        for (DefinitionRun run : runs.values()) {
            Set<Rule> once = Collections.newSetFromMap(new IdentityHashMap<>());
            once.addAll(run.fired);
            prebuild &= once.size() == run.fired.size();
            definitionRules.addAll(run.fired);
            prebuild &= run.inserted.stream().allMatch(SessionPlan::copyable);
        }
        int lowestDefinition = Integer.MAX_VALUE;
        for (Rule r : definitionRules) {
            RuleOrigin o = origins.get(RuleOrigins.key(r));
            prebuild &= r instanceof RuleImpl ri
                    && ri.getLhs().getChildren().isEmpty()
                    && !ri.isSalienceDynamic()
                    && o != null
                    && o.table() != null;
            if (r instanceof RuleImpl ri) {
                lowestDefinition = Math.min(lowestDefinition, ri.getSalienceValue());
            }
        }
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                if (!definitionRules.contains(r)) {
                    prebuild &= r instanceof RuleImpl ri
                            && !ri.isSalienceDynamic()
                            && ri.getSalienceValue() < lowestDefinition;
                }
            }
        }
        prebuild &= !definitionRules.isEmpty();
        if (prebuild) {
            for (Rule r : definitionRules) {
                base.removeRule(r.getPackageName(), r.getName());
            }
        }
        Map<Rule, RuleOrigin> byRule = new IdentityHashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                byRule.put(r, origins.get(p.getName() + "." + r.getName()));
            }
        }
        NavigableMap<LocalDate, SessionPlan> plans = new TreeMap<>();
        for (var e : runs.entrySet()) {
            List<Object> definitions = new ArrayList<>();
            List<RuleOrigin> insertedBy = new ArrayList<>();
            List<RuleOrigin> rows = new ArrayList<>();
            if (prebuild) {
                DefinitionRun run = e.getValue();
                for (int i = 0; i < run.inserted.size(); i++) {
                    Rule r = run.insertedBy.get(i);
                    if (!r.getPackageName().equals(PROGRAM_PACKAGE)) {
                        definitions.add(run.inserted.get(i));
                        insertedBy.add(origins.get(RuleOrigins.key(r)));
                    }
                }
                for (Rule r : run.fired) {
                    if (!r.getPackageName().equals(PROGRAM_PACKAGE)) {
                        rows.add(origins.get(RuleOrigins.key(r)));
                    }
                }
            }
            plans.put(e.getKey(), new SessionPlan(definitions, insertedBy, rows, byRule));
        }
        return plans;
    }
}
