package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.EvaluationService;
import cn.renovation.decisions.ops.ServiceMetrics;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the decision log into evaluation (every decision recorded) and the archive into ruleset activation. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean(destroyMethod = "close")
    DecisionLog decisionLog(DataSource dataSource, Clock clock, AuditProperties properties, ServiceMetrics metrics) {
        DecisionLog log = new DecisionLog(
                dataSource,
                clock,
                properties.maxBatch(),
                properties.appendTimeoutMs(),
                properties.pageSize(),
                properties.recordFormat());
        log.observeWith(metrics::committed);
        return log;
    }

    /** Named so that the health contributor is {@code decisionLog} (readiness includes it). */
    @Bean
    HealthIndicator decisionLogHealthIndicator(DecisionLog log, Clock clock, AuditProperties properties) {
        return new DecisionLogHealth(log, clock, properties.healthCacheMs());
    }

    /** At most audit.max-concurrent-scans heavy audit reads at once; the number running is a gauge. */
    @Bean
    HeavyReads heavyReads(AuditProperties properties, MeterRegistry meters) {
        HeavyReads heavy = new HeavyReads(properties.maxConcurrentScans());
        Gauge.builder("renovation.audit.reads.running", heavy, HeavyReads::running)
                .description("heavy audit reads running now (search pages, exports, verifies, replays, impact of"
                        + " recorded decisions); at most audit.max-concurrent-scans")
                .register(meters);
        return heavy;
    }

    @Bean
    RulesetArchive rulesetArchive(DataSource dataSource, Clock clock) {
        return new RulesetArchive(dataSource, clock);
    }

    @Bean
    AuditRecorder auditRecorder(
            DecisionLog log,
            RulesetArchive archive,
            EvaluationService service,
            RulesetRegistry registry,
            ServiceMetrics metrics) {
        AuditRecorder recorder = new AuditRecorder(log, archive);
        service.recordWith(metrics.counting(recorder));
        registry.onActivate(archive::archive);
        return recorder;
    }

    @Bean
    Replayer replayer(DecisionEngine engine, RulesetRegistry registry, RulesetArchive archive) {
        return new Replayer(engine, registry, archive, registry::active);
    }

    @Bean
    AuditCommands auditCommands(
            DecisionLog log,
            RulesetArchive archive,
            Replayer replayer,
            RulesetRegistry registry,
            DecisionEngine engine,
            AuditRecorder recorder,
            Clock clock,
            ZoneId zone) {
        return new AuditCommands(log, archive, replayer, registry, engine, recorder, clock, zone);
    }
}
