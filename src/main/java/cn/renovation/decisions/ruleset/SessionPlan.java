package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import cn.renovation.decisions.facts.ResidentChannel;
import cn.renovation.decisions.facts.VoteLaw;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;

/**
 * What every evaluation session on a ruleset starts from, worked out once when it is compiled.
 *
 * <p>The table rows that define things (items, parameters, channels) have no conditions: they fire in
 * every session, first (highest salience), and always insert the same facts. Measured, firing them was a
 * sixth of an evaluation. So the compiler fires them once, keeps what they inserted as {@code definitions}
 * (with the rows that did it, in firing order), and takes those rows out of the KieBase; each session
 * inserts fresh copies of the facts, and its trace starts with the rows, exactly as when they fired in it.
 *
 * <p>{@code origins} finds the origin of a fired rule by identity, so the trace listener builds no string
 * per firing.
 */
public final class SessionPlan {
    private final List<Object> definitions;
    private final List<RuleOrigin> insertedBy;
    private final List<RuleOrigin> definitionRows;
    private final Map<Rule, RuleOrigin> origins;

    SessionPlan(
            List<Object> definitions,
            List<RuleOrigin> insertedBy,
            List<RuleOrigin> definitionRows,
            Map<Rule, RuleOrigin> origins) {
        this.definitions = List.copyOf(definitions);
        this.insertedBy = List.copyOf(insertedBy);
        this.definitionRows = List.copyOf(definitionRows);
        this.origins = new IdentityHashMap<>(origins);
    }

    /** Whether the compiler can stand in for a row by a copy of what it inserted: the facts it knows to copy. */
    static boolean copyable(Object fact) {
        return fact instanceof MenuLine
                || fact instanceof ResidentChannel
                || fact instanceof Parameter
                || fact instanceof VoteLaw;
    }

    /** New copies of the definitions for one session, in the order the rows inserted them (a parameter or a vote law is never changed, so it is shared). */
    public List<Object> freshDefinitions() {
        List<Object> facts = new ArrayList<>(definitions.size());
        for (Object d : definitions) {
            if (d instanceof MenuLine l) {
                facts.add(new MenuLine(l));
            } else if (d instanceof ResidentChannel c) {
                facts.add(new ResidentChannel(c));
            } else {
                facts.add(d);
            }
        }
        return facts;
    }

    /** The definitions as their rows made them, to read (never to insert: see {@link #freshDefinitions()}). */
    public List<Object> definitions() {
        return definitions;
    }

    /** The row that inserted each of {@link #definitions()}, at the same index. */
    public List<RuleOrigin> insertedBy() {
        return insertedBy;
    }

    /** The rows that inserted the definitions, in the order they fired: the start of every trace. */
    public List<RuleOrigin> definitionRows() {
        return definitionRows;
    }

    /** The origin of a rule of this ruleset's KieBase, or null for a rule it does not know. */
    public RuleOrigin origin(Rule rule) {
        return origins.get(rule);
    }
}
