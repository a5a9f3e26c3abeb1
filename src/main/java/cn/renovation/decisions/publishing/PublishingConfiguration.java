package cn.renovation.decisions.publishing;

import cn.renovation.decisions.assessment.CaseCheck;
import cn.renovation.decisions.assessment.DecisionEngine;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetProperties;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.RulesetValidation;
import cn.renovation.decisions.ruleset.RulesetVerifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
public class PublishingConfiguration {

    @Bean
    AdminActionLog adminActionLog(@Value("${renovation.data-dir:./data}") String dataDir, JsonMapper mapper) {
        return new AdminActionLog(Path.of(dataDir, "admin-actions.jsonl"), mapper);
    }

    @Bean
    CandidateService candidateService(RulesetRegistry registry, RulesetVerifier verifier, DecisionEngine engine, AdminActionLog log,
                                      RulesetProperties rulesets, @Value("${renovation.test-data-dir:test-data}") String testData, Clock clock) {
        return new CandidateService(registry, new RulesetValidation(new RulesetCompiler(clock), verifier),
                new CaseCheck(Path.of(testData), engine), log, rulesets.path(), clock);
    }

    @Bean
    ImpactDatasets impactDatasets(DecisionEngine engine, DecisionLog log, @Value("${renovation.test-data-dir:test-data}") String testData,
                                  ZoneId zone) {
        return new ImpactDatasets(Path.of(testData), new ImpactPreview(engine), log, zone);
    }
}
