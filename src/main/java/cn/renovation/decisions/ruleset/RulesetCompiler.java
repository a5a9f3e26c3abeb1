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

    /**
     * The message of the innermost cause, as a finding quotes it: never a class name (an officer reads findings;
     * {@code org.apache.xmlbeans.XmlException} tells them nothing). A workbook that cannot be opened is said in
     * words ({@link #inWords}).
     */
    static String rootMessage(Throwable e) {
        Throwable t = innermost(e);
        String m = t.getMessage() == null ? "" : RulesetFinding.withoutClassNames(t.getMessage());
        return m.isBlank() ? inWords(e) : m;
    }

    /**
     * What went wrong reading a file, in words: the kinds of failure the zip reader, POI and the XML parser report,
     * each said the way an officer can act on, whatever the library's class and message.
     */
    public static String inWords(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(t.getClass().getSimpleName()).append(' ');
        }
        String kinds = chain.toString();
        if (kinds.contains("Zip") || kinds.contains("EOF")) {
            return "文件已损坏或不完整 / the file is damaged or incomplete: save it again from Excel or WPS as .xlsx";
        }
        if (kinds.contains("InvalidFormat") || kinds.contains("NotOfficeXml") || kinds.contains("OLE2")) {
            return "不是Excel工作簿 / the file is not an Excel workbook (.xlsx): save it from Excel or WPS as .xlsx";
        }
        if (kinds.contains("Xml") || kinds.contains("SAX") || kinds.contains("XML")) {
            return "工作簿中的XML无法读取 / a part of the workbook is not well-formed XML: save it again from Excel or WPS";
        }
        String m = innermost(e).getMessage();
        m = m == null ? "" : RulesetFinding.withoutClassNames(m);
        return m.isBlank() ? "文件无法读取 / the file cannot be read: save it again from Excel or WPS as .xlsx" : m;
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
