package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.util.List;

/**
 * Records decisions before they are given out (the audit log). Called once per single evaluation and
 * once per batch with all of its decisions, so that a batch is made durable in one go; returns when the
 * decisions are recorded and throws when they cannot be, and then no decision is returned.
 */
@FunctionalInterface
public interface DecisionRecorder {
    DecisionRecorder NONE = (ruleset, evaluated) -> {};

    void record(CompiledRuleset ruleset, List<Evaluated> evaluated);

    /**
     * A validated request (its asOf filled in) and the decision made on it; {@code responseJson}, when not null,
     * is the decision already written as the JSON the caller gets (UTF-8), so that it is serialised once and
     * the record holds the very bytes given out.
     */
    record Evaluated(EvaluationRequest request, Decision decision, byte[] responseJson) {
        public Evaluated(EvaluationRequest request, Decision decision) {
            this(request, decision, null);
        }
    }
}
