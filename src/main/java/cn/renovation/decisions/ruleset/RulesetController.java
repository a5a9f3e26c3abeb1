package cn.renovation.decisions.ruleset;

import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/rulesets/active: which ruleset serves, since when, and every file with its hash. */
@RestController
class RulesetController {
    private final RulesetRegistry registry;

    public RulesetController(RulesetRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(path = "/api/v1/rulesets/active", produces = MediaType.APPLICATION_JSON_VALUE)
    public ActiveRuleset active() {
        CompiledRuleset rs = registry.active();
        return new ActiveRuleset(
                rs.version(),
                rs.loadedAt(),
                rs.location(),
                rs.files().stream()
                        .map(f -> new FileEntry(f.path(), "sha256:" + f.sha256(), f.content().length))
                        .toList());
    }

    public record ActiveRuleset(String version, Instant loadedAt, String location, List<FileEntry> files) {}

    public record FileEntry(String path, String sha256, int bytes) {}
}
