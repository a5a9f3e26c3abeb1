package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.Catalog;
import org.kie.api.KieBase;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ruleset compiled once and shared by every evaluation on it: the KieBase is thread-safe, the rest
 * is immutable. {@code origins} maps a rule's full name to where it comes from, for traces; {@code plan}
 * (may be null) is what each evaluation session starts from.
 */
public record CompiledRuleset(String version, List<RulesetFile> files, Instant loadedAt, String location,
                              KieBase kieBase, Catalog catalog, Map<String, RuleOrigin> origins, SessionPlan plan) {

    /** A ruleset without a session plan: every table row fires in every session. */
    public CompiledRuleset(String version, List<RulesetFile> files, Instant loadedAt, String location,
                           KieBase kieBase, Catalog catalog, Map<String, RuleOrigin> origins) {
        this(version, files, loadedAt, location, kieBase, catalog, origins, null);
    }

    public RuleOrigin origin(String packageName, String ruleName) {
        RuleOrigin o = origins.get(packageName + "." + ruleName);
        return o != null ? o : new RuleOrigin(ruleName, null, null, null, null);
    }
}
