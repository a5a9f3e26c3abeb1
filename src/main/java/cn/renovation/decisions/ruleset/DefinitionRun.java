package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Fires a KieBase on no facts as of one date — only the table rows that define things (items, parameters,
 * channels) fire — and records the rules that fired, in order, and what each inserted.
 */
final class DefinitionRun {
    final List<Rule> fired = new ArrayList<>();
    final List<Object> inserted = new ArrayList<>();
    final List<Rule> insertedBy = new ArrayList<>();
    /** The menu lines inserted, each with the row that inserted it. */
    final Map<MenuLine, RuleOrigin> menuLines = new IdentityHashMap<>();

    private DefinitionRun() {}

    /** Runs the rows in force on {@code on}; a row whose action fails is a finding at that row. */
    static DefinitionRun on(
            KieBase base, Map<String, RuleOrigin> origins, Map<String, Validity> validity, LocalDate on) {
        DefinitionRun run = new DefinitionRun();
        StatelessKieSession session = base.newStatelessKieSession();
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof MenuLine l && event.getRule() != null) {
                    run.menuLines.put(l, origins.get(RuleOrigins.key(event.getRule())));
                }
                if (event.getRule() != null) {
                    run.inserted.add(event.getObject());
                    run.insertedBy.add(event.getRule());
                }
            }
        });
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                run.fired.add(event.getMatch().getRule());
            }
        });
        try {
            session.execute(new FireAllRulesCommand(match -> {
                Validity v = validity.get(RuleOrigins.key(match.getRule()));
                return v == null || v.contains(on);
            }));
        } catch (ConsequenceException e) {
            RuleOrigin o = origins.get(RuleOrigins.key(e.getRule()));
            throw new RulesetException(
                    "a table row cannot be read", List.of(RuleOrigins.finding(o, RulesetCompiler.rootMessage(e))));
        } catch (RuntimeException e) {
            throw new RulesetException(
                    "the ruleset's table rows cannot be read",
                    List.of(new RulesetFinding(null, null, null, RulesetCompiler.rootMessage(e))));
        }
        return run;
    }

    /** The parameters the run inserted with a value, by code. */
    Map<String, String> parameters() {
        Map<String, String> values = new HashMap<>();
        inserted.stream()
                .filter(o -> o instanceof Parameter)
                .map(o -> (Parameter) o)
                .filter(p -> p.getValue() != null)
                .forEach(p -> values.put(p.getCode(), p.getValue()));
        return Map.copyOf(values);
    }
}
