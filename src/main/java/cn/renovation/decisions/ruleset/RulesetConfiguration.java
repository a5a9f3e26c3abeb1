package cn.renovation.decisions.ruleset;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the registry and compiles the configured ruleset as soon as the registry exists, on its own
 * thread: the KieBase build stays off the request path, and the {@code ruleset} health indicator (part
 * of readiness) says DOWN until it serves, or why it cannot.
 */
@Configuration(proxyBeanMethods = false)
class RulesetConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RulesetConfiguration.class);

    @Bean
    RulesetRegistry rulesetRegistry(RulesetProperties properties, CompiledRulesetCheck selfCheck, Clock clock) {
        return new RulesetRegistry(new RulesetCompiler(clock), selfCheck, properties.cacheSize());
    }

    @Bean
    RulesetLoader rulesetLoader(
            RulesetRegistry registry, RulesetProperties properties, ObjectProvider<StartupRuleset> startup) {
        return new RulesetLoader(registry, properties, startup.getIfAvailable(() -> StartupRuleset.DIRECTORY));
    }

    @Bean
    HealthIndicator rulesetHealthIndicator(RulesetRegistry registry) {
        return () -> registry.current()
                .map(rs -> {
                    Health.Builder h =
                            Health.up().withDetail("version", rs.version()).withDetail("location", rs.location());
                    // A defect met at run time is shown, not turned into DOWN: every replica serves the same
                    // version, so DOWN would take the whole service out for a defect of one item on some dates;
                    // the defective evaluations themselves answer 503 naming the version.
                    registry.lastDefect()
                            .ifPresent(d -> h.withDetail(
                                    "defects",
                                    java.util.Map.of(
                                            "count", d.count(),
                                            "lastVersion", d.version(),
                                            "lastAt", d.at().toString(),
                                            "last", d.message())));
                    return h.build();
                })
                .orElseGet(() -> registry.lastFailure()
                        .map(f -> Health.down()
                                .withDetail(
                                        "findings",
                                        f.findings().stream()
                                                .map(RulesetFinding::toString)
                                                .toList())
                                .withDetail(
                                        "error",
                                        f.getMessage().lines().findFirst().orElse(""))
                                .build())
                        .orElseGet(() ->
                                Health.down().withDetail("state", "compiling").build()));
    }

    /**
     * Starts the first compilation as soon as the registry exists, while Spring is still creating the rest of
     * the context: on two cores the build then overlaps the context's start instead of following it.
     * Readiness still waits for both the application and the ruleset.
     */
    public static final class RulesetLoader implements InitializingBean {
        private final RulesetRegistry registry;
        private final RulesetProperties properties;
        private final StartupRuleset startup;

        RulesetLoader(RulesetRegistry registry, RulesetProperties properties, StartupRuleset startup) {
            this.registry = registry;
            this.properties = properties;
            this.startup = startup;
        }

        @Override
        public void afterPropertiesSet() {
            loadInBackground();
        }

        public void loadInBackground() {
            Thread t = new Thread(
                    () -> {
                        try {
                            startup.start(registry, properties.path());
                        } catch (RulesetException e) {
                            log.error(
                                    "the ruleset in {} cannot serve: {}",
                                    properties.path().toAbsolutePath(),
                                    e.getMessage());
                        } catch (RuntimeException e) {
                            log.error(
                                    "loading the ruleset in {} failed",
                                    properties.path().toAbsolutePath(),
                                    e);
                        }
                    },
                    "ruleset-loader");
            t.setDaemon(true);
            t.start();
        }
    }
}
