package cn.renovation.decisions.evaluation;

import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.LimitsProperties;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class EvaluationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The time zone that gives an evaluation its default asOf date and turns dates into instants. */
    @Bean
    ZoneId zone(@Value("${renovation.zone}") String zone) {
        return ZoneId.of(zone);
    }

    @Bean
    DecisionEngine decisionEngine() {
        return new DecisionEngine();
    }

    @Bean
    SelfCheck selfCheck(DecisionEngine engine) {
        return new SelfCheck(engine);
    }

    /** Reads request bodies with exact decimals (no double rounding of money) and refuses duplicate keys. */
    @Bean
    RequestMapperHolder requestMapper() {
        return new RequestMapperHolder(JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build());
    }

    @Bean
    EvaluationService evaluationService(
            RulesetRegistry registry,
            DecisionEngine engine,
            RequestMapperHolder mapper,
            Clock clock,
            ZoneId zone,
            LimitsProperties limits) {
        return new EvaluationService(registry, engine, mapper.mapper(), clock, zone, limits.maxBatchSize());
    }

    /** Kept apart from the JsonMapper bean Spring uses for responses. */
    public record RequestMapperHolder(JsonMapper mapper) {}
}
