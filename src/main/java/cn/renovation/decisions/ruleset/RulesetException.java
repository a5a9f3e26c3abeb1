package cn.renovation.decisions.ruleset;

import java.util.List;

/** A ruleset that cannot serve: it does not compile, or its tables break a policy check. */
public class RulesetException extends RuntimeException {
    private final List<RulesetFinding> findings;

    public RulesetException(String message, List<RulesetFinding> findings) {
        super(
                findings.isEmpty()
                        ? message
                        : message + ":\n  "
                                + String.join(
                                        "\n  ",
                                        findings.stream()
                                                .map(RulesetFinding::toString)
                                                .toList()));
        this.findings = List.copyOf(findings);
    }

    public List<RulesetFinding> findings() {
        return findings;
    }
}
