package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.HeavyReads;
import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.PolicyCaseCheck;
import cn.renovation.decisions.ops.ServiceMetrics;
import cn.renovation.decisions.ruleset.CompiledRulesetCheck;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetProperties;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.RulesetValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /** Its tables come from the Flyway migrations, which must have run before the first start-up read. */
    @Bean
    @DependsOnDatabaseInitialization
    PublishingStore publishingStore(DataSource dataSource) {
        return new PublishingStore(dataSource);
    }

    @Bean
    AdminActionLog adminActionLog(
            PublishingStore store,
            @Value("${renovation.data-dir:./data}") String dataDir,
            JsonMapper mapper,
            ServiceMetrics metrics) {
        AdminActionLog log = new AdminActionLog(store);
        log.observeWith(a -> metrics.acted(a.action(), a.detail()));
        log.importLegacyFile(Path.of(dataDir, "admin-actions.jsonl"), mapper);
        return log;
    }

    /** Makes the last activated version serve at start-up (picked up by the ruleset loader), and reports it in health. */
    @Bean
    ServedRuleset servedRuleset(PublishingStore store, RulesetArchive archive, AdminActionLog actions, Clock clock) {
        return new ServedRuleset(store, archive, actions, clock);
    }

    @Bean
    CandidateService candidateService(
            RulesetRegistry registry,
            CompiledRulesetCheck selfCheck,
            DecisionEngine engine,
            AdminActionLog log,
            RulesetProperties rulesets,
            @Value("${renovation.test-data-dir:test-data}") String testData,
            Clock clock,
            PublishingStore store,
            RulesetArchive archive) {
        return new CandidateService(
                registry,
                new RulesetValidator(new RulesetCompiler(clock), selfCheck),
                new PolicyCaseCheck(Path.of(testData), engine),
                log,
                rulesets.path(),
                clock,
                store,
                archive);
    }

    /**
     * Serves on this replica what was activated on any other (polls the active pointer); the propagation
     * time is a timer, {@code renovation_ruleset_propagation_seconds}.
     */
    @Bean
    ActivationFollower activationFollower(
            CandidateService candidates,
            Clock clock,
            MeterRegistry meters,
            @Value("${renovation.replicas.poll-interval:500ms}") Duration interval) {
        Timer propagation = Timer.builder("renovation.ruleset.propagation")
                .description("time from an activation on one replica until this replica serves it")
                .publishPercentileHistogram()
                .register(meters);
        return new ActivationFollower(candidates, interval, clock, propagation::record);
    }

    @Bean
    ImpactDatasets impactDatasets(
            DecisionEngine engine,
            DecisionLog log,
            @Value("${renovation.test-data-dir:test-data}") String testData,
            ZoneId zone,
            @Value("${renovation.impact.max-dates:24}") int maxDates,
            HeavyReads heavy,
            @Value("${renovation.impact.max-recorded:" + ImpactDatasets.DEFAULT_MAX_RECORDED + "}") int maxRecorded) {
        return new ImpactDatasets(
                Path.of(testData), new ImpactPreview(engine), log, zone, maxDates, heavy, maxRecorded);
    }
}
