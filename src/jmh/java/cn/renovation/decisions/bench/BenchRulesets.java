package cn.renovation.decisions.bench;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetCompiler;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What every benchmark starts from: the bundled ruleset (run from the project root), compiled and self-checked as the service does. */
final class BenchRulesets {
    static final Instant AT = Instant.parse("2020-09-01T02:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2020, 9, 1);

    /** Reads requests as the service does ({@code EvaluationConfiguration}): exact decimals, duplicate keys refused. */
    static final JsonMapper REQUEST_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Writes responses with Jackson 3's defaults, as Spring Boot's JsonMapper does for this service. */
    static final JsonMapper RESPONSE_MAPPER = JsonMapper.builder().build();

    private BenchRulesets() {}

    static Path dir() {
        return Path.of(System.getProperty("rulesets.dir", "."));
    }

    static List<RulesetFile> files() {
        return RulesetSource.read(dir());
    }

    static CompiledRuleset compile(List<RulesetFile> files) {
        return new RulesetCompiler(Clock.systemUTC()).compile(files, dir().toString());
    }

    static CompiledRuleset bundled() {
        CompiledRuleset rs = compile(files());
        new SelfCheck(new DecisionEngine()).check(rs);
        return rs;
    }
}
