package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables over time, before anything is compiled: what the engine needs on every date is proven here, on every
 * date on which any table's rows in force change (a boundary date), each finding at the cells it concerns.
 * <ul>
 *   <li>per key (an item's shares, an item of the catalog, a parameter, a vote law, a resident channel, a waived
 *       permit: {@link #keyColumns}): no two rows in force on one date — a row repeated, two rows for one period
 *       with different values, a row shadowed by another for its whole period, a valid-to equal to the next row's
 *       valid-from (valid-to is inclusive), any other overlap — each reported at both rows; and no day without a
 *       row between two rows of the key;
 *   <li>on every boundary date: every parameter the rules read is in force; every item of the catalog in force has
 *       its shares in force; the catalog's counts equal the plan's count parameters in force; some vote law is in
 *       force from the vote-law table's first date on, and no two laws in force govern one voting date.
 * </ul>
 * A row whose dates cannot be read or are inverted is reported by {@link DatedRowChecks} and left out here.
 */
final class TimelineChecks {
    /** A parameter the rules require ({@code Parameter(code == "X")}), not one they collect as optional. */
    private static final Pattern READ_PARAMETER =
            Pattern.compile("(collect\\s*\\(\\s*)?Parameter\\s*\\(\\s*code\\s*==\\s*\"([A-Z][A-Z0-9_]*)\"");

    private static final List<Expected> KEYS = List.of(
            Expected.SHARE_ITEM, Expected.ITEM_CODE, Expected.PARAMETER_CODE, Expected.VOTE_LAW, Expected.CHANNEL_CODE);

    private final List<RulesetFinding> findings;
    /** Findings already made, so a conflict met on several dates is reported once. */
    private final Set<String> reported = new LinkedHashSet<>();

    private TimelineChecks(List<RulesetFinding> findings) {
        this.findings = findings;
    }

    /** A row with readable dates, and the key it decides. */
    record Dated(DecisionTable table, TableRow row, Validity validity, String key) {
        boolean inForceOn(LocalDate d) {
            return validity.contains(d);
        }
    }

    /** An item condition the rules know ({@code condition == "X"}). */
    private static final Pattern KNOWN_CONDITION = Pattern.compile("condition\\s*==\\s*\"([A-Z][A-Z0-9_]*)\"");

    /**
     * What the rules of a ruleset read from its tables: the parameters they require (not those they collect as
     * optional) and the item conditions they settle. Empty for a set of tables checked without their rules.
     */
    record RulesRead(Set<String> parameters, Set<String> conditions) {
        static final RulesRead NOTHING = new RulesRead(Set.of(), Set.of());

        static RulesRead of(List<RulesetFile> files) {
            Set<String> parameters = new TreeSet<>();
            Set<String> conditions = new TreeSet<>();
            for (RulesetFile f : files) {
                if (f.path().endsWith(".drl")) {
                    String text = new String(f.content(), StandardCharsets.UTF_8);
                    Matcher m = READ_PARAMETER.matcher(text);
                    while (m.find()) {
                        if (m.group(1) == null) {
                            parameters.add(m.group(2));
                        }
                    }
                    Matcher c = KNOWN_CONDITION.matcher(text);
                    while (c.find()) {
                        conditions.add(c.group(1));
                    }
                }
            }
            return new RulesRead(parameters, conditions);
        }
    }

    /** The parameters the rules of these files read as required (the optional ones are collected). */
    static Set<String> parametersRead(List<RulesetFile> files) {
        return RulesRead.of(files).parameters();
    }

    /**
     * The columns whose cells name what a row decides: the item of a shares row (not its first share), the code of
     * an item, parameter, vote law or resident channel; for another table its conditions and its first action (the
     * permits table: exempt, and the permit it waives).
     */
    static List<Column> keyColumns(DecisionTable t) {
        for (Expected e : KEYS) {
            Optional<Column> c = TableColumns.find(t, e);
            if (c.isPresent()) {
                return List.of(c.get());
            }
        }
        List<Column> key = new ArrayList<>(t.columns().stream()
                .filter(c -> c.keyword().startsWith("CONDITION"))
                .toList());
        t.columns().stream()
                .filter(c -> c.keyword().startsWith("ACTION"))
                .findFirst()
                .ifPresent(key::add);
        return key;
    }

    /** The cells a row decides with: every column but its description, clause, dates and key. */
    static List<Column> valueColumns(DecisionTable t) {
        List<Column> key = keyColumns(t);
        return t.columns().stream()
                .filter(c -> !key.contains(c))
                .filter(c -> !c.keyword().startsWith("DESCRIPTION"))
                .filter(c -> !c.isMetadata("clause") && !c.isMetadata("validFrom") && !c.isMetadata("validTo"))
                .toList();
    }

    static void check(List<DecisionTable> tables, Set<String> parametersRead, List<RulesetFinding> findings) {
        TimelineChecks checks = new TimelineChecks(findings);
        Map<DecisionTable, List<Dated>> dated = new LinkedHashMap<>();
        for (DecisionTable t : tables) {
            List<Column> key = keyColumns(t);
            List<Dated> rows = new ArrayList<>();
            for (TableRow r : t.rows()) {
                Optional<Column> blank =
                        key.stream().filter(c -> r.cell(c).isBlank()).findFirst();
                if (blank.isPresent()) {
                    // Drools would drop the condition or leave the action's variable undefined: compiler text
                    checks.add(t.finding(
                            blank.get(),
                            r,
                            "缺少" + header(blank.get()) + " / this row names no " + header(blank.get())
                                    + ": every row must name what it decides"));
                    continue;
                }
                Validity v = DatedRowChecks.validity(t, r);
                if (v != null) {
                    rows.add(new Dated(
                            t,
                            r,
                            v,
                            String.join(" / ", key.stream().map(r::cell).toList())));
                }
            }
            dated.put(t, rows);
            checks.conflicts(t, rows);
        }
        checks.onBoundaryDates(tables, dated, parametersRead);
    }

    /**
     * The rows of these files' tables that decide a key (an item, a parameter, a law) on a date, each as a finding
     * with the message at its key cell: where a defect met by the self-check is reported, instead of "(ruleset)".
     */
    static List<RulesetFinding> rowsDeciding(List<RulesetFile> files, String key, LocalDate on, String message) {
        List<RulesetFinding> out = new ArrayList<>();
        for (RulesetFile f : files) {
            if (!f.isDecisionTable()) {
                continue;
            }
            try {
                for (DecisionTable t : DecisionTable.read(f)) {
                    List<Column> keys = keyColumns(t);
                    for (TableRow r : t.rows()) {
                        Validity v = DatedRowChecks.validity(t, r);
                        if (v != null
                                && v.contains(on)
                                && !keys.isEmpty()
                                && last(keys) != null
                                && r.cell(keys.get(0)).equals(key)) {
                            out.add(t.finding(keys.get(0), r, message));
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // a workbook that cannot be read was refused by the gate long before a self-check
            }
        }
        return out;
    }

    // ---- per key: conflicts and gaps

    private void conflicts(DecisionTable t, List<Dated> rows) {
        Map<String, List<Dated>> byKey = new LinkedHashMap<>();
        rows.forEach(d -> byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        for (List<Dated> same : byKey.values()) {
            for (int j = 1; j < same.size(); j++) {
                for (int i = 0; i < j; i++) {
                    if (same.get(i).validity().overlaps(same.get(j).validity())) {
                        conflict(t, same.get(i), same.get(j));
                    }
                }
            }
            gaps(t, same);
        }
    }

    private void conflict(DecisionTable t, Dated a, Dated b) {
        Column keyCell = last(keyColumns(t));
        Column fromCell = TableColumns.find(t, Expected.VALID_FROM).orElse(keyCell);
        Column toCell = TableColumns.find(t, Expected.VALID_TO).orElse(keyCell);
        Validity va = a.validity();
        Validity vb = b.validity();
        String key = a.key();
        int ra = a.row().number();
        int rb = b.row().number();
        if (va.equals(vb)) {
            String differs = differences(t, a, b);
            if (differs.isEmpty()) {
                add(t.finding(
                        keyCell,
                        b.row(),
                        "与第" + ra + "行重复 / this row repeats row " + ra + ": " + key + ", the same period (" + period(vb)
                                + ") and the same values; delete one of them"));
                add(t.finding(
                        keyCell,
                        a.row(),
                        "与第" + rb + "行重复 / row " + rb + " repeats this row: " + key + ", the same period (" + period(va)
                                + ") and the same values; delete one of them"));
            } else {
                String both = "期间相同而取值不同 / " + key + " has two rows for the same period (" + period(va)
                        + ") with different values (" + differs + "): only one can be in force; give each its own"
                        + " dates or delete one";
                add(t.finding(keyCell, b.row(), "与第" + ra + "行" + both + " — rows " + ra + " and " + rb));
                add(t.finding(keyCell, a.row(), "与第" + rb + "行" + both + " — rows " + ra + " and " + rb));
            }
            return;
        }
        Dated first = startsFirst(a, b) ? a : b;
        Dated second = first == a ? b : a;
        LocalDate end = first.validity().to();
        if (end != null && end.equals(second.validity().from())) {
            int rf = first.row().number();
            int rs = second.row().number();
            add(t.finding(
                    toCell,
                    first.row(),
                    "失效日期当天仍有效，与第" + rs + "行在" + end + "重叠一天 / valid-to is inclusive:"
                            + " this row ends on " + end + " and row " + rs + " starts on " + end + ", so both decide "
                            + key
                            + " on " + end + "; end this row on " + end.minusDays(1)));
            add(t.finding(
                    fromCell,
                    second.row(),
                    "与第" + rf + "行在" + end + "重叠一天 / row " + rf + "'s valid-to " + end
                            + " is inclusive, so on " + end + " both rows decide " + key + "; row " + rf
                            + " should end on "
                            + end.minusDays(1)));
            return;
        }
        Dated outer = contains(va, vb) ? a : contains(vb, va) ? b : null;
        if (outer != null) {
            Dated inner = outer == a ? b : a;
            int ro = outer.row().number();
            int ri = inner.row().number();
            String advice = inner.validity().from() != null
                            && (outer.validity().from() == null
                                    || outer.validity()
                                            .from()
                                            .isBefore(inner.validity().from()))
                    ? "give row " + ro + " the valid-to "
                            + inner.validity().from().minusDays(1)
                    : "give this row its own dates or delete it";
            add(t.finding(
                    keyCell,
                    inner.row(),
                    "本行不会单独生效：整段期间都在第" + ro + "行之内 / this row never takes effect alone: its"
                            + " whole period (" + period(inner.validity()) + ") lies inside row " + ro + "'s ("
                            + period(outer.validity()) + "), which decides " + key + " too, so " + key
                            + " is decided twice;"
                            + " " + advice));
            add(t.finding(
                    toCell,
                    outer.row(),
                    "第" + ri + "行的期间整段在本行之内 / row " + ri + " decides " + key + " from "
                            + period(inner.validity()) + ", inside this row's period (" + period(outer.validity())
                            + "), so " + key + " is decided twice then; "
                            + (inner.validity().from() != null
                                            && (outer.validity().from() == null
                                                    || outer.validity()
                                                            .from()
                                                            .isBefore(inner.validity()
                                                                    .from()))
                                    ? "end this row on "
                                            + inner.validity().from().minusDays(1)
                                    : "give one of the rows other dates")));
            return;
        }
        Validity both = new Validity(later(va.from(), vb.from()), earlier(va.to(), vb.to()));
        String message = key + " is decided twice from " + period(both) + ": rows " + ra + " (" + period(va) + ") and "
                + rb + " (" + period(vb) + ") are both in force";
        add(t.finding(keyCell, b.row(), "与第" + ra + "行重叠 / " + message));
        add(t.finding(keyCell, a.row(), "与第" + rb + "行重叠 / " + message));
    }

    /** Days between two rows of one key that no row decides: every key with rows before and after is meant to be decided. */
    private void gaps(DecisionTable t, List<Dated> same) {
        List<Dated> sorted = same.stream()
                .sorted(Comparator.comparing(
                        d -> d.validity().from(), Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        Column fromCell = TableColumns.find(t, Expected.VALID_FROM).orElse(null);
        LocalDate covered = null; // the last day decided so far, when it is bounded
        Dated lastEnding = null;
        boolean open = false;
        for (int i = 0; i < sorted.size(); i++) {
            Dated d = sorted.get(i);
            if (i > 0
                    && !open
                    && covered != null
                    && d.validity().from() != null
                    && d.validity().from().isAfter(covered.plusDays(1))) {
                add(t.finding(
                        fromCell,
                        d.row(),
                        "日期有空档 / " + d.key() + " is decided by no row from "
                                + covered.plusDays(1) + " to "
                                + d.validity().from().minusDays(1) + " (between row "
                                + lastEnding.row().number() + " and this row)"));
            }
            if (d.validity().to() == null) {
                open = true;
            } else if (covered == null || d.validity().to().isAfter(covered)) {
                covered = d.validity().to();
                lastEnding = d;
            }
        }
    }

    // ---- on every boundary date

    private void onBoundaryDates(
            List<DecisionTable> tables, Map<DecisionTable, List<Dated>> dated, Set<String> parametersRead) {
        List<Dated> all = dated.values().stream().flatMap(List::stream).toList();
        List<LocalDate> dates = boundaryDates(all);
        Optional<DecisionTable> items = TableColumns.tableWith(tables, Expected.ITEM_CODE);
        Optional<DecisionTable> shares = TableColumns.tableWith(tables, Expected.SHARE_ITEM);
        Optional<DecisionTable> votes = TableColumns.tableWith(tables, Expected.VOTE_LAW);
        List<Dated> parameterRows = tables.stream()
                .filter(t -> TableColumns.find(t, Expected.PARAMETER_CODE).isPresent())
                .flatMap(t -> dated.get(t).stream())
                .toList();
        Set<String> defined = new LinkedHashSet<>();
        parameterRows.forEach(d -> defined.add(d.key()));
        for (String code : parametersRead) {
            if (!defined.contains(code)) {
                add(new RulesetFinding(
                        null,
                        null,
                        null,
                        null,
                        "规则需要参数" + code + "，但没有任何表定义它 / the rules read" + " parameter " + code
                                + ", but no parameters table has a row for it"));
            }
        }
        Spans spans = new Spans();
        for (int k = 0; k < dates.size(); k++) {
            LocalDate d = dates.get(k);
            LocalDate until = k + 1 < dates.size() ? dates.get(k + 1).minusDays(1) : null;
            Validity span = new Validity(k == 0 ? null : d, until);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Dated p : parameterRows) {
                if (p.inForceOn(d)) {
                    TableColumns.find(p.table(), Expected.PARAMETER_VALUE)
                            .ifPresent(
                                    c -> parameters.putIfAbsent(p.key(), p.row().cell(c)));
                }
            }
            for (String code : parametersRead) {
                if (defined.contains(code) && !parameters.containsKey(code)) {
                    spans.add("parameter " + code, "", span, () -> missing(parameterRows, code, d));
                }
            }
            items.ifPresent(t -> catalogOn(t, dated.get(t), shares, dated, parameters, d, span, spans));
            votes.ifPresent(t -> votesOn(t, dated.get(t), d, span, spans));
        }
        spans.report(this);
    }

    /**
     * Every valid-from and every day after a valid-to of any table, and a day before the first of them (the first
     * period): the dates on which the rows in force can change, so what holds on them holds on every date.
     */
    static List<LocalDate> boundaryDates(List<Dated> rows) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (Dated d : rows) {
            if (d.validity().from() != null) {
                dates.add(d.validity().from());
            }
            if (d.validity().to() != null) {
                dates.add(d.validity().to().plusDays(1));
            }
        }
        List<LocalDate> out = new ArrayList<>();
        out.add(dates.isEmpty() ? LocalDate.of(2020, 1, 1) : dates.first().minusDays(1));
        out.addAll(dates);
        return out;
    }

    private void catalogOn(
            DecisionTable items,
            List<Dated> itemRows,
            Optional<DecisionTable> shares,
            Map<DecisionTable, List<Dated>> dated,
            Map<String, String> parameters,
            LocalDate d,
            Validity span,
            Spans spans) {
        Optional<Column> kind = TableColumns.find(items, Expected.KIND);
        Map<String, Dated> inForce = new LinkedHashMap<>();
        itemRows.stream().filter(r -> r.inForceOn(d)).forEach(r -> inForce.putIfAbsent(r.key(), r));
        long mandatory = kind.isEmpty()
                ? -1
                : inForce.values().stream()
                        .filter(r -> r.row().cell(kind.get()).equals(ItemKind.MANDATORY.name()))
                        .count();
        long upgrades = kind.isEmpty()
                ? -1
                : inForce.values().stream()
                        .filter(r -> r.row().cell(kind.get()).equals(ItemKind.UPGRADE.name()))
                        .count();
        count(items, "MENU_ITEM_COUNT", inForce.size(), "改造项目", "menu items", parameters, span, spans);
        if (kind.isPresent()) {
            count(items, "MANDATORY_ITEM_COUNT", mandatory, "基本必改项目", "mandatory items", parameters, span, spans);
            count(items, "UPGRADE_ITEM_COUNT", upgrades, "提升改造项目", "upgrade items", parameters, span, spans);
        }
        if (shares.isEmpty()) {
            return; // no shares table at all: ShareChecks and the self-check report it
        }
        List<Dated> shareRows = dated.get(shares.get());
        Set<String> withShares = new LinkedHashSet<>();
        shareRows.stream().filter(r -> r.inForceOn(d)).forEach(r -> withShares.add(r.key()));
        for (Dated item : inForce.values()) {
            if (!withShares.contains(item.key())) {
                spans.add("shares " + item.key(), "", span, () -> {
                    List<Dated> ofItem = shareRows.stream()
                            .filter(r -> r.key().equals(item.key()))
                            .toList();
                    return ofItem.isEmpty() ? item : nearest(ofItem, d);
                });
            }
        }
    }

    private void count(
            DecisionTable items,
            String parameter,
            long actual,
            String zh,
            String en,
            Map<String, String> parameters,
            Validity span,
            Spans spans) {
        String expected = parameters.get(parameter);
        if (expected == null) {
            return; // a policy with no fixed number of items leaves the parameter out
        }
        BigDecimal plan = TableChecks.number(expected);
        if (plan == null || plan.compareTo(BigDecimal.valueOf(actual)) != 0) {
            spans.addTable(
                    "count " + parameter,
                    actual + " " + expected,
                    span,
                    items,
                    "项目数量不符：" + zh + "在用" + actual + "项，方案为" + expected + "项 / the table has " + actual + " " + en
                            + " in force, the plan " + expected + " (parameter " + parameter + "),");
        }
    }

    /** The vote law: from the table's first date on some law is in force, and no two laws in force govern one voting date. */
    private void votesOn(DecisionTable t, List<Dated> rows, LocalDate d, Validity span, Spans spans) {
        if (rows.isEmpty()) {
            return;
        }
        boolean started = rows.stream()
                .anyMatch(
                        r -> r.validity().from() == null || !r.validity().from().isAfter(d));
        List<Dated> inForce = rows.stream().filter(r -> r.inForceOn(d)).toList();
        if (started && inForce.isEmpty()) {
            spans.add("vote law", "", span, () -> nearest(rows, d));
        }
        Optional<Column> heldFrom = TableColumns.find(t, Expected.VOTE_HELD_FROM);
        Optional<Column> heldTo = TableColumns.find(t, Expected.VOTE_HELD_TO);
        if (heldFrom.isEmpty() || heldTo.isEmpty()) {
            return;
        }
        for (int j = 1; j < inForce.size(); j++) {
            for (int i = 0; i < j; i++) {
                Dated a = inForce.get(i);
                Dated b = inForce.get(j);
                Validity ha = held(a, heldFrom.get(), heldTo.get());
                Validity hb = held(b, heldFrom.get(), heldTo.get());
                if (ha != null && hb != null && ha.overlaps(hb) && !a.key().equals(b.key())) {
                    Validity votes = new Validity(later(ha.from(), hb.from()), earlier(ha.to(), hb.to()));
                    String message = "两部法律同时适用于" + period(votes) + "举行的表决 / rows "
                            + a.row().number() + " ("
                            + a.key() + ") and " + b.row().number() + " (" + b.key() + ") both govern votes held "
                            + period(votes) + " while both are in force (" + whenEn(span) + "): one vote, two laws";
                    add(t.finding(heldFrom.get(), a.row(), message));
                    add(t.finding(heldFrom.get(), b.row(), message));
                }
            }
        }
    }

    private static Validity held(Dated d, Column from, Column to) {
        try {
            return new Validity(
                    Validity.parseDate(d.row().cell(from)),
                    Validity.parseDate(d.row().cell(to)));
        } catch (IllegalArgumentException e) {
            return null; // unreadable or inverted: the cell check reports it
        }
    }

    private static Dated missing(List<Dated> rows, String code, LocalDate d) {
        return nearest(rows.stream().filter(r -> r.key().equals(code)).toList(), d);
    }

    /** The row of a key nearest to a date it does not cover: the last one ending before it, else the first after it. */
    private static Dated nearest(List<Dated> rows, LocalDate d) {
        return rows.stream()
                .filter(r -> r.validity().to() != null && r.validity().to().isBefore(d))
                .max(Comparator.comparing(r -> r.validity().to()))
                .or(() -> rows.stream()
                        .filter(r -> r.validity().from() != null
                                && r.validity().from().isAfter(d))
                        .min(Comparator.comparing(r -> r.validity().from())))
                .orElse(rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * Problems met on consecutive boundary dates, merged into one finding per span of dates: "from 2027-01-01 to
     * 2029-12-31" rather than one finding per date.
     */
    private static final class Spans {
        private record Span(
                String problem,
                String payload,
                LocalDate from,
                LocalDate to,
                Finder at,
                DecisionTable table,
                String message) {}

        interface Finder {
            Dated find();
        }

        private final Map<String, List<Span>> byProblem = new LinkedHashMap<>();

        void add(String problem, String payload, Validity span, Finder at) {
            merge(new Span(problem, payload, span.from(), span.to(), at, null, null));
        }

        void addTable(String problem, String payload, Validity span, DecisionTable table, String message) {
            merge(new Span(problem, payload, span.from(), span.to(), null, table, message));
        }

        private void merge(Span s) {
            List<Span> list = byProblem.computeIfAbsent(s.problem(), k -> new ArrayList<>());
            Span last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (last != null
                    && last.payload().equals(s.payload())
                    && last.to() != null
                    && s.from() != null
                    && last.to().plusDays(1).equals(s.from())) {
                list.set(
                        list.size() - 1,
                        new Span(
                                last.problem(),
                                last.payload(),
                                last.from(),
                                s.to(),
                                last.at(),
                                last.table(),
                                last.message()));
            } else {
                list.add(s);
            }
        }

        void report(TimelineChecks checks) {
            for (List<Span> list : byProblem.values()) {
                for (Span s : list) {
                    checks.spanFinding(s.problem(), new Validity(s.from(), s.to()), s.at(), s.table(), s.message());
                }
            }
        }
    }

    private void spanFinding(String problem, Validity when, Spans.Finder at, DecisionTable table, String message) {
        String zh = whenZh(when);
        String en = whenEn(when);
        if (table != null) {
            add(table.finding(zh + message + " " + en));
            return;
        }
        Dated row = at.find();
        DecisionTable t = row.table();
        Column toCell = TableColumns.find(t, Expected.VALID_TO).orElse(null);
        Column fromCell = TableColumns.find(t, Expected.VALID_FROM).orElse(null);
        Column cell = when.from() != null
                        && row.validity().to() != null
                        && row.validity().to().isBefore(when.from())
                ? toCell
                : row.validity().from() != null
                                && (when.from() == null || row.validity().from().isAfter(when.from()))
                        ? fromCell
                        : last(keyColumns(t));
        String subject = problem.substring(problem.indexOf(' ') + 1);
        String text;
        if (problem.startsWith("parameter ")) {
            text = "参数" + subject + "在" + zh + "没有有效行 / no row of parameter " + subject + " is in force " + en
                    + ", and the rules read it on every date: clear a valid-to or add a row for those dates";
        } else if (problem.startsWith("shares ")) {
            text = subject + "在" + zh + "没有资金分担行 / item " + subject
                    + " has no row in the funding shares table in force " + en
                    + ", though it is in the menu then: every item in the menu needs its shares on every date";
        } else {
            text = "表决法律在" + zh + "没有有效行 / no row of the owners' vote table is in force " + en
                    + ": from its first date on, some law must judge the owners' votes";
        }
        add(t.finding(cell, row.row(), text));
    }

    private void add(RulesetFinding f) {
        if (reported.add(f.location() + "\n" + f.message())) {
            findings.add(f);
        }
    }

    // ---- small helpers

    private static String differences(DecisionTable t, Dated a, Dated b) {
        List<String> out = new ArrayList<>();
        for (Column c : valueColumns(t)) {
            String x = a.row().cell(c).strip();
            String y = b.row().cell(c).strip();
            if (!sameValue(x, y)) {
                out.add(header(c) + ": " + show(y) + " in row " + b.row().number() + ", " + show(x) + " in row "
                        + a.row().number());
            }
        }
        return String.join("; ", out);
    }

    /** Two cells that the engine reads as the same value: equal text, or equal numbers (0.4 and 0.40). */
    static boolean sameValue(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        BigDecimal nx = TableChecks.number(x);
        BigDecimal ny = TableChecks.number(y);
        return nx != null && ny != null && nx.compareTo(ny) == 0;
    }

    private static String header(Column c) {
        String h = c.header() == null ? "" : c.header().strip();
        return h.isEmpty() ? c.letter() : h;
    }

    private static String show(String v) {
        return v.isEmpty() ? "(blank)" : v;
    }

    private static boolean startsFirst(Dated a, Dated b) {
        LocalDate fa = a.validity().from();
        LocalDate fb = b.validity().from();
        return fa == null || (fb != null && !fb.isBefore(fa));
    }

    /** Whether {@code outer} covers every day of {@code inner}. */
    private static boolean contains(Validity outer, Validity inner) {
        boolean startsBefore =
                outer.from() == null || (inner.from() != null && !inner.from().isBefore(outer.from()));
        boolean endsAfter =
                outer.to() == null || (inner.to() != null && !inner.to().isAfter(outer.to()));
        return startsBefore && endsAfter;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static String period(Validity v) {
        return (v.from() == null ? "…" : v.from().toString()) + " – " + (v.to() == null ? "…" : v.to().toString());
    }

    /** "2027-01-01至2029-12-31", "2027-01-01起", "2026-12-31及以前", "任何日期". */
    private static String whenZh(Validity v) {
        if (v.from() == null) {
            return v.to() == null ? "任何日期" : v.to() + "及以前";
        }
        return v.to() == null ? v.from() + "起" : v.from() + "至" + v.to();
    }

    /** "from 2027-01-01 to 2029-12-31", "from 2027-01-01 on", "until 2026-12-31", "on every date". */
    private static String whenEn(Validity v) {
        if (v.from() == null) {
            return v.to() == null ? "on every date" : "until " + v.to();
        }
        return v.to() == null ? "from " + v.from() + " on" : "from " + v.from() + " to " + v.to();
    }

    private static Column last(List<Column> columns) {
        return columns.isEmpty() ? null : columns.get(columns.size() - 1);
    }
}
