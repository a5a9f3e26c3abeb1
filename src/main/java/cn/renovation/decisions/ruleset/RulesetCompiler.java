package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.Catalog;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.kie.api.KieBase;

/**
 * Compiles a ruleset's files into a {@link CompiledRuleset}: builds the KieBase ({@link KieBaseBuilder}),
 * indexes each rule's origin ({@link RuleOrigins}) and dates ({@link RuleDates}), fires the definition rows
 * of each period ({@link DefinitionRun}), reads and checks the catalog ({@link CatalogReader}) and prebuilds
 * the definitions ({@link SessionPlanner}). Every defect is a {@link RulesetException} with its findings.
 */
public final class RulesetCompiler {
    private final Clock clock;
    private final boolean prebuildDefinitions;

    public RulesetCompiler(Clock clock) {
        this(clock, true);
    }

    /** With {@code prebuildDefinitions} false, every table row stays in the KieBase and fires per session (for comparison). */
    public RulesetCompiler(Clock clock, boolean prebuildDefinitions) {
        this.clock = clock;
        this.prebuildDefinitions = prebuildDefinitions;
    }

    public CompiledRuleset compile(List<RulesetFile> files, String location) {
        KieBase base = KieBaseBuilder.build(files);
        Map<String, RuleOrigin> origins = RuleOrigins.index(base);
        Map<String, Validity> validity = RuleDates.read(base, origins);
        List<LocalDate> periods = RuleDates.periods(validity);
        NavigableMap<LocalDate, DefinitionRun> runs = new TreeMap<>();
        NavigableMap<LocalDate, Catalog> catalogs = new TreeMap<>();
        for (int i = 0; i < periods.size(); i++) {
            LocalDate on = periods.get(i);
            LocalDate key = i == 0 ? LocalDate.MIN : on;
            DefinitionRun run = DefinitionRun.on(base, origins, validity, on);
            catalogs.put(key, CatalogReader.read(run, on));
            runs.put(key, run);
        }
        // read before plans(...), which may take the definition rows out of the KieBase
        NavigableMap<LocalDate, Map<String, String>> parameters = new TreeMap<>();
        runs.forEach((key, run) -> parameters.put(key, run.parameters()));
        NavigableMap<LocalDate, SessionPlan> plans = SessionPlanner.plans(base, origins, runs, prebuildDefinitions);
        if (base.getKiePackage(SessionPlanner.PROGRAM_PACKAGE) != null) {
            base.removeKiePackage(SessionPlanner.PROGRAM_PACKAGE);
        }
        return new CompiledRuleset(
                Hashing.version(files),
                List.copyOf(files),
                clock.instant(),
                location,
                base,
                Collections.unmodifiableNavigableMap(catalogs),
                List.copyOf(periods),
                Map.copyOf(origins),
                Map.copyOf(validity),
                Collections.unmodifiableNavigableMap(plans),
                Collections.unmodifiableNavigableMap(parameters));
    }

    /** The message of the innermost cause: what a finding quotes of an exception. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
