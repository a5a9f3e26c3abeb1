package cn.renovation.decisions.ruleset;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled rulesets by version (their content hash), and the one that serves.
 *
 * <p>A version is compiled once: the cache is keyed by the SHA-256 over every rule and table file, so
 * loading unchanged files again costs a hash, not a build. A ruleset is self-checked before it is cached,
 * and the active one is swapped atomically: an evaluation that took the old one finishes on it.
 */
public class RulesetRegistry {
    private static final Logger log = LoggerFactory.getLogger(RulesetRegistry.class);

    private final RulesetCompiler compiler;
    private final CompiledRulesetCheck selfCheck;
    private final Cache<String, CompiledRuleset> compiled;
    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();
    /**
     * Versions that served or await approval, kept beyond the cache's size limit: a rollback or an
     * activation must never find its ruleset evicted.
     */
    private final Map<String, CompiledRuleset> pinned = new ConcurrentHashMap<>();

    private final AtomicReference<RulesetException> failure = new AtomicReference<>();
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private final List<Consumer<CompiledRuleset>> activationListeners = new CopyOnWriteArrayList<>();

    public RulesetRegistry(RulesetCompiler compiler, CompiledRulesetCheck selfCheck, int cacheSize) {
        this.compiler = compiler;
        this.selfCheck = selfCheck;
        this.compiled = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** Compiles (or finds) and self-checks the ruleset in a directory, without activating it. */
    public CompiledRuleset load(Path dir) {
        List<RulesetFile> files = RulesetSource.read(dir);
        // the same cell checks as validate and an upload (RulesetGate): a directory that would be refused
        // as an upload does not serve at start-up either
        List<RulesetFinding> cells = RulesetGate.check(files).findings();
        if (!cells.isEmpty()) {
            throw new RulesetException("the ruleset's tables do not pass the cell checks", cells);
        }
        return load(files, dir.toAbsolutePath().normalize().toString());
    }

    /**
     * Makes an already compiled and self-checked ruleset the one that serves. The swap is one atomic
     * reference update: an evaluation holds the ruleset it started with until it finishes, so none
     * fails and each names the version it ran on. The ruleset stays cached for rollback and replay.
     */
    public CompiledRuleset activate(CompiledRuleset ruleset) {
        compiled.put(ruleset.version(), ruleset);
        pinned.put(ruleset.version(), ruleset);
        CompiledRuleset previous = active.getAndSet(ruleset);
        failure.set(null);
        notifyActivated(ruleset);
        firstLoad.countDown();
        if (previous != null && !previous.version().equals(ruleset.version())) {
            log.info("ruleset {} now serves, replacing {}", ruleset.version(), previous.version());
        }
        return previous;
    }

    /** Keeps a compiled ruleset findable by its version (a candidate awaiting approval) without activating it. */
    public void register(CompiledRuleset ruleset) {
        compiled.put(ruleset.version(), ruleset);
        pinned.put(ruleset.version(), ruleset);
    }

    /** Lets a candidate that will not serve be evicted again; a version that served stays. */
    public void unpin(String version) {
        CompiledRuleset current = active.get();
        if (current == null || !current.version().equals(version)) {
            pinned.remove(version);
        }
    }

    /** Loads the directory's ruleset and makes it the one that serves; on failure the serving one stays. */
    public CompiledRuleset activate(Path dir) {
        return activate(() -> load(dir), "the ruleset in " + dir);
    }

    /**
     * Loads a ruleset (from a directory, or from the archive at start-up) and makes it the one that serves;
     * on failure the serving one stays, and readiness reports why.
     */
    public CompiledRuleset activate(Supplier<CompiledRuleset> loading, String what) {
        try {
            CompiledRuleset rs = loading.get();
            activate(rs);
            return rs;
        } catch (RulesetException e) {
            failure.set(e);
            throw e;
        } catch (RuntimeException e) {
            RulesetException wrapped = new RulesetException(
                    what + " cannot be loaded",
                    List.of(new RulesetFinding(null, null, null, RulesetCompiler.rootMessage(e))));
            failure.set(wrapped);
            throw wrapped;
        } finally {
            firstLoad.countDown();
        }
    }

    /**
     * Compiles (or finds) and self-checks a ruleset from files kept elsewhere — the audit archive — without
     * activating it; the version is their content hash, as for a directory.
     */
    public CompiledRuleset load(List<RulesetFile> files, String location) {
        String version = Hashing.version(files);
        return compiled.get(version, v -> {
            long start = System.nanoTime();
            CompiledRuleset rs = compiler.compile(files, location);
            selfCheck.check(rs);
            log.info(
                    "compiled and self-checked ruleset {} from {} ({} files) in {} ms",
                    v,
                    location,
                    files.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return rs;
        });
    }

    /** Calls the listener with every ruleset that starts serving, and at once with the one serving now. */
    public void onActivate(Consumer<CompiledRuleset> listener) {
        activationListeners.add(listener);
        CompiledRuleset now = active.get();
        if (now != null) {
            listener.accept(now);
        }
    }

    private void notifyActivated(CompiledRuleset rs) {
        for (Consumer<CompiledRuleset> l : activationListeners) {
            try {
                l.accept(rs);
            } catch (RuntimeException e) {
                // A listener (the audit archive) failing must not stop a self-checked ruleset from serving;
                // the archive is also filled when a decision is recorded, and says so there if it cannot.
                log.error("a ruleset activation listener failed for {}", rs.version(), e);
            }
        }
    }

    public CompiledRuleset active() {
        CompiledRuleset rs = active.get();
        if (rs == null) {
            RulesetException f = failure.get();
            throw new RulesetNotReadyException(
                    f == null
                            ? "the ruleset is still compiling; try again shortly"
                            : "no ruleset could be loaded: " + f.getMessage());
        }
        return rs;
    }

    /** Waits for the first load to finish, then returns the active ruleset (for tests and command-line modes). */
    public CompiledRuleset awaitActive(Duration timeout) throws InterruptedException {
        if (!firstLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new RulesetNotReadyException("the ruleset did not load within " + timeout);
        }
        return active();
    }

    public Optional<CompiledRuleset> find(String version) {
        CompiledRuleset rs = pinned.get(version);
        return Optional.ofNullable(rs != null ? rs : compiled.getIfPresent(version));
    }

    /**
     * A version from the cache, or compiled (and self-checked, and cached) from the files a store keeps for it — the
     * audit archive for replays, rollbacks, candidates approved on another instance and the start-up. Empty when the
     * store has no files for it; refused when its files do not hash to the version asked for.
     */
    public Optional<CompiledRuleset> find(String version, Function<String, Optional<List<RulesetFile>>> files) {
        Optional<CompiledRuleset> cached = find(version);
        if (cached.isPresent()) {
            return cached;
        }
        return files.apply(version).map(f -> {
            CompiledRuleset rs = load(f, "archive:" + version);
            if (!rs.version().equals(version)) {
                throw new RulesetException("the archived files of " + version + " hash to " + rs.version(), List.of());
            }
            return rs;
        });
    }

    public Optional<CompiledRuleset> current() {
        return Optional.ofNullable(active.get());
    }

    public Optional<RulesetException> lastFailure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * A defect met at run time on a serving version (what the checks before serving exist to prevent): counted and
     * kept, the latest, so readiness shows it beside the version instead of only the log.
     */
    public record Defect(String version, String message, java.time.Instant at, long count) {}

    private final AtomicReference<Defect> lastDefect = new AtomicReference<>();

    public void reportDefect(String version, String message, java.time.Instant at) {
        lastDefect.updateAndGet(d -> new Defect(version, message, at, d == null ? 1 : d.count() + 1));
    }

    public Optional<Defect> lastDefect() {
        return Optional.ofNullable(lastDefect.get());
    }
}
