package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.RulesetSource;
import cn.renovation.decisions.ruleset.StartupRuleset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * What serves after a start: the version of the newest activation recorded in the database, compiled
 * from its archived files, not whatever the rulesets directory holds now. Only on the very first start
 * (nothing recorded yet) does the directory serve, and that is recorded as the first activation.
 *
 * <p>When the directory holds something else (a developer changed the repository's tables), the start-up
 * log and health say so: the change reaches production as a candidate from the directory, approved by
 * a second person, like any other.
 */
final class ServedRuleset implements StartupRuleset, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(ServedRuleset.class);
    static final String DIRECTORY_ACTOR = "rulesets-directory";

    private final PublishingStore store;
    private final RulesetArchive archive;
    private final AdminActionLog actions;
    private final Clock clock;
    private volatile String directoryVersion;
    private volatile String directory;

    ServedRuleset(PublishingStore store, RulesetArchive archive, AdminActionLog actions, Clock clock) {
        this.store = store;
        this.archive = archive;
        this.actions = actions;
        this.clock = clock;
    }

    @Override
    public void start(RulesetRegistry registry, Path dir) {
        directory = dir.toAbsolutePath().normalize().toString();
        Optional<PublishingStore.Activation> last = store.latestActivation();
        if (last.isEmpty()) {
            CompiledRuleset loaded = registry.activate(
                    () -> {
                        CompiledRuleset rs = registry.load(dir);
                        archive.archive(rs);
                        return rs;
                    },
                    "the ruleset in " + dir);
            directoryVersion = loaded.version();
            if (store.recordInitial(loaded.version(), DIRECTORY_ACTOR, clock.instant())
                    .isPresent()) {
                actions.record(new AdminAction(
                        clock.instant(),
                        DIRECTORY_ACTOR,
                        "ACTIVATE_INITIAL",
                        loaded.version(),
                        "first start: nothing was activated before, so the rulesets directory " + directory
                                + " serves"));
                log.info(
                        "first start: ruleset {} from {} serves and is recorded as the first activation",
                        loaded.version(),
                        directory);
                return;
            }
            // another instance recorded the first activation (or more) meanwhile: serve what the pointer names
            last = store.latestActivation();
        }
        PublishingStore.Activation a = last.get();
        CompiledRuleset rs = registry.activate(
                () -> registry.find(a.version(), archive::files)
                        .orElseThrow(() -> new IllegalStateException("the ruleset " + a.version() + " activated by "
                                + a.activatedBy() + " at " + a.activatedAt() + " is not in the ruleset archive")),
                "the last activated ruleset " + a.version());
        log.info(
                "ruleset {} serves, as activated by {} at {} ({})",
                rs.version(),
                a.activatedBy(),
                a.activatedAt(),
                a.kind());
        directoryVersion = directoryVersion(dir);
        if (directoryVersion != null && !directoryVersion.equals(rs.version())) {
            log.warn(
                    "the rulesets directory {} has {}, not active: {} serves (activated by {} at {}). To serve the directory, "
                            + "propose it (POST /api/v1/rulesets/candidates/from-directory) and have another approver activate it",
                    directory,
                    directoryVersion,
                    rs.version(),
                    a.activatedBy(),
                    a.activatedAt());
        }
    }

    private static String directoryVersion(Path dir) {
        try {
            return RulesetSource.version(dir);
        } catch (RuntimeException e) {
            log.warn("the rulesets directory {} cannot be read: {}", dir, e.getMessage());
            return null;
        }
    }

    /** Which activation serves, and whether the rulesets directory holds the same version. */
    @Override
    public Health health() {
        Optional<PublishingStore.Activation> last;
        try {
            last = store.latestActivation();
        } catch (RuntimeException e) {
            // the database is down: the decision log's indicator says so (and takes readiness down)
            return Health.unknown()
                    .withDetail("active", "the publishing state cannot be read just now")
                    .build();
        }
        if (last.isEmpty()) {
            return Health.unknown()
                    .withDetail("active", "nothing activated yet")
                    .build();
        }
        PublishingStore.Activation a = last.get();
        Health.Builder h = Health.up()
                .withDetail("active", a.version())
                .withDetail("activatedBy", a.activatedBy())
                .withDetail("activatedAt", a.activatedAt().toString())
                .withDetail("kind", a.kind().name());
        String dv = directoryVersion;
        if (dv != null) {
            h.withDetail(
                    "directory",
                    dv.equals(a.version())
                            ? "directory " + directory + " has the active version"
                            : "directory has " + dv + ", not active");
        }
        return h.build();
    }
}
