package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.Catalog;
import cn.renovation.decisions.catalog.CatalogItem;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Parameter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles a ruleset's files into a KieBase with the lower-level KnowledgeBuilder, which names the
 * generated rule of a failing table row ({@code Items_14}: row 14), so findings point at the row the
 * policy officer edited rather than at generated DRL. Then reads the catalog out of the items table and
 * checks it.
 */
public final class RulesetCompiler {
    /** Decision-table rule names are {@code <RuleTable name>_<spreadsheet row>}. */
    private static final Pattern TABLE_RULE = Pattern.compile("^(.*)_(\\d+)$");

    private static final Pattern RULE_IN_MESSAGE =
            Pattern.compile("[Rr]ule(?: name)?='?\"?([^'\"\\]]+?)_(\\d+)['\"\\]]");
    private static final Pattern CELL_IN_MESSAGE = Pattern.compile("\\b(?:cell |at )?([A-Z]{1,3}[0-9]{1,6})\\b");

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
        KnowledgeBuilder kb = KnowledgeBuilderFactory.newKnowledgeBuilder();
        List<RulesetFinding> findings = new ArrayList<>();
        for (RulesetFile f : files) {
            Resource r = ResourceFactory.newByteArrayResource(f.content()).setSourcePath(sourcePath(f));
            try {
                if (f.isDecisionTable()) {
                    DecisionTableConfiguration c = KnowledgeBuilderFactory.newDecisionTableConfiguration();
                    c.setInputType(
                            f.path().endsWith(".xls") ? DecisionTableInputType.XLS : DecisionTableInputType.XLSX);
                    kb.add(r, ResourceType.DTABLE, c);
                } else {
                    kb.add(r, ResourceType.DRL);
                }
            } catch (RuntimeException e) {
                // Structural table mistakes are thrown (DecisionTableParseException), not returned as errors.
                findings.add(new RulesetFinding(
                        f.path(),
                        null,
                        firstCell(e.getMessage()),
                        "表格结构错误 / the table's layout cannot be read: " + rootMessage(e)));
            }
        }
        for (KnowledgeBuilderResult e : kb.getErrors()) {
            findings.add(locate(e));
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("the ruleset does not compile", findings);
        }
        KieBase base = kb.newKieBase();
        Map<String, RuleOrigin> origins = index(base);
        Map<String, Validity> validity = validity(base, origins);
        // The menu can differ only where a dated row starts or ends: one catalog per such period.
        TreeSet<LocalDate> starts = new TreeSet<>();
        validity.values().forEach(v -> {
            if (v.from() != null) {
                starts.add(v.from());
            }
            if (v.to() != null) {
                starts.add(v.to().plusDays(1));
            }
        });
        NavigableMap<LocalDate, Catalog> catalogs = new TreeMap<>();
        NavigableMap<LocalDate, EmptySession> empties = new TreeMap<>();
        List<LocalDate> periods = new ArrayList<>();
        periods.add(starts.isEmpty() ? LocalDate.of(2020, 1, 1) : starts.first().minusDays(1));
        periods.addAll(starts);
        for (int i = 0; i < periods.size(); i++) {
            LocalDate on = periods.get(i);
            LocalDate key = i == 0 ? LocalDate.MIN : on;
            EmptySession empty = new EmptySession();
            catalogs.put(key, readCatalog(base, origins, validity, on, empty));
            empties.put(key, empty);
        }
        // read before plans(...), which may take the definition rows out of the KieBase
        NavigableMap<LocalDate, Map<String, String>> parameters = new TreeMap<>();
        empties.forEach((key, empty) -> {
            Map<String, String> values = new HashMap<>();
            empty.inserted.stream()
                    .filter(o -> o instanceof Parameter)
                    .map(o -> (Parameter) o)
                    .filter(p -> p.getValue() != null)
                    .forEach(p -> values.put(p.getCode(), p.getValue()));
            parameters.put(key, Map.copyOf(values));
        });
        NavigableMap<LocalDate, SessionPlan> plans = plans(base, origins, empties, prebuildDefinitions);
        if (base.getKiePackage(PROGRAM_PACKAGE) != null) {
            base.removeKiePackage(PROGRAM_PACKAGE);
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

    /** The valid-from / valid-to metadata of dated table rows; a date that cannot be read is a finding at its row. */
    private static Map<String, Validity> validity(KieBase base, Map<String, RuleOrigin> origins) {
        Map<String, Validity> validity = new HashMap<>();
        List<RulesetFinding> findings = new ArrayList<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule rule : p.getRules()) {
                String key = p.getName() + "." + rule.getName();
                try {
                    Validity v = new Validity(
                            Validity.parseDate(rule.getMetaData().get("validFrom")),
                            Validity.parseDate(rule.getMetaData().get("validTo")));
                    if (!v.isAlways()) {
                        validity.put(key, v);
                    }
                } catch (IllegalArgumentException e) {
                    findings.add(finding(origins.get(key), "valid-from/valid-to: " + e.getMessage()));
                }
            }
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("a table row has dates that cannot be read", findings);
        }
        return validity;
    }

    /**
     * Drools' decision-table provider caches the DRL it generates from a spreadsheet by source path, for
     * the life of the JVM: an edited table under the same path would compile to the old rules. The
     * content hash in the path makes each version of a table its own entry.
     */
    static String sourcePath(RulesetFile f) {
        return f.path() + "#" + f.sha256();
    }

    /** The ruleset-relative path of a resource named by {@link #sourcePath}. */
    static String pathOf(String sourcePath) {
        if (sourcePath == null) {
            return null;
        }
        int hash = sourcePath.lastIndexOf('#');
        return hash < 0 ? sourcePath : sourcePath.substring(0, hash);
    }

    /** What the ruleset did in a session with no facts: the rules that fired, in order, and what each inserted. */
    private static final class EmptySession {
        final List<Rule> fired = new ArrayList<>();
        final List<Object> inserted = new ArrayList<>();
        final List<Rule> insertedBy = new ArrayList<>();
    }

    /**
     * The programme's targets (plan 2.1, 2.2: communities, buildings, households, batches and deadlines) are
     * parameters of the {@code program} table. They describe the programme, not a community: they are read
     * at compile time ({@link CompiledRuleset#parameterOn}) for the programme report, and a session neither
     * starts with them nor lists their rows in its trace.
     */
    static final String PROGRAM_PACKAGE = "program";

    /**
     * Takes the rules that fired in the empty sessions out of the KieBase and lets each evaluation start from
     * copies of what they inserted in its period (see {@link SessionPlan}) — but only where that cannot change
     * a decision: every such rule is a table row with no conditions at all (so it fires once in every session
     * of its period, whatever the facts), it only inserted facts the plan knows how to copy, and it fires
     * before every other rule (higher salience), as inserting its facts up front does. Otherwise the rows
     * stay and fire per session (filtered by their dates).
     */
    private static NavigableMap<LocalDate, SessionPlan> plans(
            KieBase base,
            Map<String, RuleOrigin> origins,
            NavigableMap<LocalDate, EmptySession> empties,
            boolean wanted) {
        Set<Rule> definitionRules = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean prebuild = wanted;
        for (EmptySession empty : empties.values()) {
            Set<Rule> once = Collections.newSetFromMap(new IdentityHashMap<>());
            once.addAll(empty.fired);
            prebuild &= once.size() == empty.fired.size();
            definitionRules.addAll(empty.fired);
            prebuild &= empty.inserted.stream().allMatch(SessionPlan::copyable);
        }
        int lowestDefinition = Integer.MAX_VALUE;
        for (Rule r : definitionRules) {
            RuleOrigin o = origins.get(r.getPackageName() + "." + r.getName());
            prebuild &= r instanceof RuleImpl ri
                    && ri.getLhs().getChildren().isEmpty()
                    && !ri.isSalienceDynamic()
                    && o != null
                    && o.table() != null;
            if (r instanceof RuleImpl ri) {
                lowestDefinition = Math.min(lowestDefinition, ri.getSalienceValue());
            }
        }
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                if (!definitionRules.contains(r)) {
                    prebuild &= r instanceof RuleImpl ri
                            && !ri.isSalienceDynamic()
                            && ri.getSalienceValue() < lowestDefinition;
                }
            }
        }
        prebuild &= !definitionRules.isEmpty();
        if (prebuild) {
            for (Rule r : definitionRules) {
                base.removeRule(r.getPackageName(), r.getName());
            }
        }
        Map<Rule, RuleOrigin> byRule = new IdentityHashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                byRule.put(r, origins.get(p.getName() + "." + r.getName()));
            }
        }
        NavigableMap<LocalDate, SessionPlan> plans = new TreeMap<>();
        for (var e : empties.entrySet()) {
            List<Object> definitions = new ArrayList<>();
            List<RuleOrigin> insertedBy = new ArrayList<>();
            List<RuleOrigin> rows = new ArrayList<>();
            if (prebuild) {
                EmptySession empty = e.getValue();
                for (int i = 0; i < empty.inserted.size(); i++) {
                    Rule r = empty.insertedBy.get(i);
                    if (!r.getPackageName().equals(PROGRAM_PACKAGE)) {
                        definitions.add(empty.inserted.get(i));
                        insertedBy.add(origins.get(r.getPackageName() + "." + r.getName()));
                    }
                }
                for (Rule r : empty.fired) {
                    if (!r.getPackageName().equals(PROGRAM_PACKAGE)) {
                        rows.add(origins.get(r.getPackageName() + "." + r.getName()));
                    }
                }
            }
            plans.put(e.getKey(), new SessionPlan(definitions, insertedBy, rows, byRule));
        }
        return plans;
    }

    private static Map<String, RuleOrigin> index(KieBase base) {
        Map<String, RuleOrigin> origins = new HashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule rule : p.getRules()) {
                Object clause = rule.getMetaData().get("clause");
                String path = rule instanceof RuleImpl ri && ri.getResource() != null
                        ? pathOf(ri.getResource().getSourcePath())
                        : null;
                Matcher m = TABLE_RULE.matcher(rule.getName());
                RuleOrigin o;
                if (path != null && (path.endsWith(".xlsx") || path.endsWith(".xls")) && m.matches()) {
                    o = new RuleOrigin(
                            rule.getName(),
                            clause == null ? null : clause.toString(),
                            path,
                            Integer.parseInt(m.group(2)),
                            null);
                } else {
                    o = new RuleOrigin(rule.getName(), clause == null ? null : clause.toString(), null, null, path);
                }
                origins.put(p.getName() + "." + rule.getName(), o);
            }
        }
        return origins;
    }

    /**
     * Runs the ruleset on no facts: only the table rows that define things (items, parameters,
     * channels) fire. Their MenuLines are the catalog; the row that inserted each gives its clause.
     */
    private static Catalog readCatalog(
            KieBase base,
            Map<String, RuleOrigin> origins,
            Map<String, Validity> validity,
            LocalDate on,
            EmptySession empty) {
        Map<MenuLine, RuleOrigin> inserted = new IdentityHashMap<>();
        StatelessKieSession session = base.newStatelessKieSession();
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof MenuLine l && event.getRule() != null) {
                    inserted.put(
                            l,
                            origins.get(event.getRule().getPackageName() + "."
                                    + event.getRule().getName()));
                }
                if (event.getRule() != null) {
                    empty.inserted.add(event.getObject());
                    empty.insertedBy.add(event.getRule());
                }
            }
        });
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                empty.fired.add(event.getMatch().getRule());
            }
        });
        try {
            session.execute(new FireAllRulesCommand(match -> {
                Validity v = validity.get(
                        match.getRule().getPackageName() + "." + match.getRule().getName());
                return v == null || v.contains(on);
            }));
        } catch (ConsequenceException e) {
            RuleOrigin o =
                    origins.get(e.getRule().getPackageName() + "." + e.getRule().getName());
            throw new RulesetException("a table row cannot be read", List.of(finding(o, rootMessage(e))));
        } catch (RuntimeException e) {
            throw new RulesetException(
                    "the ruleset's table rows cannot be read",
                    List.of(new RulesetFinding(null, null, null, rootMessage(e))));
        }

        List<RulesetFinding> findings = new ArrayList<>();
        Map<String, RuleOrigin> seen = new LinkedHashMap<>();
        Map<Integer, String> priorities = new HashMap<>();
        List<CatalogItem> items = new ArrayList<>();
        for (var e : inserted.entrySet()) {
            MenuLine l = e.getKey();
            RuleOrigin o = e.getValue();
            RuleOrigin earlier = seen.putIfAbsent(l.getCode(), o);
            if (earlier != null) {
                findings.add(finding(
                        o,
                        "项目重复 / item " + l.getCode() + " is defined twice in force on " + on + " (also at row "
                                + earlier.row() + ")"));
                continue;
            }
            if (o == null || o.clause() == null || o.clause().isBlank()) {
                findings.add(finding(o, "缺少条款编号 / item " + l.getCode() + " has no clause id"));
                continue;
            }
            l.setClause(o.clause());
            missing(l.getNameZh(), "中文名称 Chinese name", l, o, findings);
            missing(l.getNameEn(), "English name", l, o, findings);
            if (l.getCategory() == null) {
                findings.add(finding(o, "缺少类别 / item " + l.getCode() + " has no category"));
            }
            if (l.getPhase() < 1) {
                findings.add(finding(o, "缺少实施阶段 / item " + l.getCode() + " has no phase (5.3.1): expected 1, 2 or 3"));
            }
            if (l.getKind() == ItemKind.UPGRADE) {
                String other = priorities.putIfAbsent(l.getPriority(), l.getCode());
                if (l.getPriority() < 1) {
                    findings.add(finding(
                            o,
                            "提升项目缺少优先级 / upgrade " + l.getCode() + " has no priority: expected a whole number from 1"));
                } else if (other != null) {
                    findings.add(finding(
                            o,
                            "优先级重复 / upgrade " + l.getCode() + " has the same priority " + l.getPriority() + " as "
                                    + other + ": the budget order must be strict"));
                }
            }
            items.add(CatalogItem.of(l));
        }
        if (items.isEmpty() && findings.isEmpty()) {
            findings.add(new RulesetFinding(null, null, null, "没有改造项目 / the ruleset defines no menu items"));
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("the menu items table is not valid", findings);
        }
        return new Catalog(items);
    }

    private static void missing(String value, String what, MenuLine l, RuleOrigin o, List<RulesetFinding> findings) {
        if (value == null || value.isBlank()) {
            findings.add(finding(o, "缺少" + what + " / item " + l.getCode() + " has no " + what));
        }
    }

    static RulesetFinding finding(RuleOrigin o, String message) {
        if (o == null) {
            return new RulesetFinding(null, null, null, message);
        }
        return new RulesetFinding(o.table() != null ? o.table() : o.file(), o.row(), null, message);
    }

    private static RulesetFinding locate(KnowledgeBuilderResult e) {
        String path = e.getResource() == null ? null : pathOf(e.getResource().getSourcePath());
        String msg = e.getMessage() == null ? "" : e.getMessage().strip();
        Integer row = null;
        if (path != null && (path.endsWith(".xlsx") || path.endsWith(".xls"))) {
            // the message itself does not name the rule; the error's description does ([Rule name='Items_14'])
            Matcher m = RULE_IN_MESSAGE.matcher(e + " " + msg);
            if (m.find()) {
                row = Integer.parseInt(m.group(2));
            }
        } else if (e.getLines() != null && e.getLines().length > 0 && e.getLines()[0] > 0) {
            row = e.getLines()[0];
        }
        return new RulesetFinding(path, row, null, "无法编译 / does not compile: " + msg);
    }

    private static String firstCell(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = CELL_IN_MESSAGE.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
