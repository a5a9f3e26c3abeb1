package cn.renovation.decisions.ruleset;

import java.nio.file.Path;

/**
 * Decides which ruleset serves when the process starts. Without one, the rulesets directory does; the
 * publishing feature provides one that serves the last approved version recorded in the database, so
 * that what was approved survives a restart.
 */
@FunctionalInterface
public interface StartupRuleset {
    /** Activates on the registry what must serve now; runs on the loader thread, off the request path. */
    void start(RulesetRegistry registry, Path directory);

    StartupRuleset DIRECTORY = RulesetRegistry::activate;
}
