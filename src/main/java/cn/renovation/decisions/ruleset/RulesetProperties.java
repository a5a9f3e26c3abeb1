package cn.renovation.decisions.ruleset;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code rulesets.dir}: the directory holding rules/ and decision-tables/; {@code rulesets.cache-size}: compiled versions kept. */
@ConfigurationProperties("rulesets")
public record RulesetProperties(String dir, Integer cacheSize) {
    public RulesetProperties {
        dir = dir == null || dir.isBlank() ? "." : dir;
        cacheSize = cacheSize == null ? 8 : cacheSize;
        if (cacheSize < 1) {
            throw new IllegalArgumentException("rulesets.cache-size must be at least 1, got " + cacheSize);
        }
    }

    /** A plain path, resolved against the working directory (not a Spring resource location). */
    public Path path() {
        return Path.of(dir);
    }
}
