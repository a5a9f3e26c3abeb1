package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.assessment.DecisionEngine;
import cn.renovation.decisions.assessment.RulesetSelfCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and self-checks the configured ruleset once, on its own thread, as soon as the environment is
 * known — while Spring is still creating the context — and throws the result away.
 *
 * <p>Why: the first KieBase build in a JVM is cold (class loading, the Java compiler, the JIT) and took
 * seconds, started only after the application had started. Warmed up in parallel with the context on the
 * second core, the real load ({@link RulesetConfiguration}) is a warm build. The real load stays the only
 * one that serves or reports, so a failure here is only logged at debug level. Registered in
 * {@code META-INF/spring.factories}; {@code rulesets.warm-up=false} turns it off.
 */
public final class RulesetWarmUp implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
    private static final Logger log = LoggerFactory.getLogger(RulesetWarmUp.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        var env = event.getEnvironment();
        if (!env.getProperty("rulesets.warm-up", Boolean.class, true)) {
            return;
        }
        Path dir = Path.of(env.getProperty("rulesets.dir", "."));
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                CompiledRuleset rs = new RulesetCompiler(Clock.systemUTC()).compile(RulesetSource.read(dir), dir.toString());
                new RulesetSelfCheck(new DecisionEngine()).verify(rs);
                log.debug("warmed up on the ruleset in {} in {} ms", dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (RuntimeException e) {
                log.debug("warm-up on the ruleset in {} failed; the real load will report it", dir, e);
            }
        }, "ruleset-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
