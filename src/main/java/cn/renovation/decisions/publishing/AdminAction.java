package cn.renovation.decisions.publishing;

import java.time.Instant;

/** Who did what to which ruleset, and when: uploads, validations, activations, rollbacks, refusals. */
public record AdminAction(Instant at, String actor, String action, String target, String detail) {}
