package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.ruleset.DecisionTable.Column;
import cn.renovation.decisions.ruleset.DecisionTable.TableRow;
import cn.renovation.decisions.ruleset.TableColumns.Expected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dates on which a candidate's rows in force differ from the serving version's: the dates on which an
 * impact preview must evaluate to see everything the change changes.
 *
 * <p>Each table of the candidate is compared with the serving table of the same file and name, row by row, a
 * row being its cells (where it stands in the sheet does not matter): a row only one version has was added or
 * removed, and an edited row is the old row removed and the new one added. Each such row contributes its
 * valid-from and the day after its valid-to, when set: on those days the rows in force may differ, and between
 * two of them they are the same. A row with no valid-from is in force from the open-ended first period, which
 * {@link #firstPeriod()} represents: the day before the earliest date on which any row of either version starts
 * or ends (so the first period of every table, in both versions), or 2020-01-01 when no row is dated — the
 * day the self-check evaluates for the first period too (RuleDates.periods).
 *
 * <p>A rule file ({@code .drl}) that differs (only {@code from-directory} can change one) can change a decision in
 * any period, so then every period start of either version is a change date.
 */
public record ChangeDates(
        List<LocalDate> dates, LocalDate firstPeriod, List<ChangedRow> rows, List<String> changedRuleFiles) {

    public enum Kind {
        ADDED,
        REMOVED
    }

    /**
     * A row only one version has. {@code row} is its spreadsheet row number in the version that has it (the
     * candidate for ADDED, the serving version for REMOVED); its dates as read (null: blank, or unreadable).
     */
    public record ChangedRow(String file, String table, int row, Kind kind, LocalDate validFrom, LocalDate validTo) {}

    public ChangeDates {
        dates = List.copyOf(dates);
        rows = List.copyOf(rows);
        changedRuleFiles = List.copyOf(changedRuleFiles);
    }

    /** Nothing differs: the candidate's tables hold the serving rows (perhaps saved again) and its rules are the same. */
    public boolean isEmpty() {
        return rows.isEmpty() && changedRuleFiles.isEmpty();
    }

    public long rowsAdded() {
        return rows.stream().filter(r -> r.kind() == Kind.ADDED).count();
    }

    public long rowsRemoved() {
        return rows.stream().filter(r -> r.kind() == Kind.REMOVED).count();
    }

    /**
     * The change dates between two versions' files (a file is matched by its path). Decision tables that cannot
     * be read count as read empty: a version that serves or passed validation has none.
     */
    public static ChangeDates between(List<RulesetFile> serving, List<RulesetFile> candidate) {
        Map<String, List<DecisionTable>> cache = new HashMap<>();
        Map<String, RulesetFile> before = byPath(serving);
        Map<String, RulesetFile> after = byPath(candidate);
        Set<String> paths = new LinkedHashSet<>(before.keySet());
        paths.addAll(after.keySet());

        List<ChangedRow> rows = new ArrayList<>();
        List<String> ruleFiles = new ArrayList<>();
        // the first day of every period of either version: each valid-from and each day after a valid-to
        TreeSet<LocalDate> boundaries = new TreeSet<>();
        for (String path : paths) {
            RulesetFile a = before.get(path);
            RulesetFile b = after.get(path);
            boolean same = a != null && b != null && a.sha256().equals(b.sha256());
            boolean table = (a != null ? a : b).isDecisionTable();
            if (!table) {
                if (!same) {
                    ruleFiles.add(path);
                }
                continue;
            }
            List<DecisionTable> old = a == null ? List.of() : tables(a, cache);
            List<DecisionTable> now = b == null ? List.of() : tables(b, cache);
            collectBoundaries(old, boundaries);
            collectBoundaries(now, boundaries);
            if (!same) {
                compare(old, now, rows);
            }
        }
        LocalDate first = boundaries.isEmpty()
                ? RuleDates.periods(Map.of()).get(0)
                : boundaries.first().minusDays(1);
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (ChangedRow r : rows) {
            dates.add(r.validFrom() == null ? first : r.validFrom());
            if (r.validTo() != null) {
                dates.add(r.validTo().plusDays(1));
            }
        }
        if (!ruleFiles.isEmpty()) {
            dates.add(first);
            dates.addAll(boundaries);
        }
        return new ChangeDates(new ArrayList<>(dates), first, rows, ruleFiles);
    }

    private static Map<String, RulesetFile> byPath(List<RulesetFile> files) {
        Map<String, RulesetFile> m = new LinkedHashMap<>();
        files.forEach(f -> m.put(f.path(), f));
        return m;
    }

    private static List<DecisionTable> tables(RulesetFile f, Map<String, List<DecisionTable>> cache) {
        return cache.computeIfAbsent(f.sha256() + f.path(), k -> {
            try {
                return DecisionTable.read(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // not a workbook POI can read: validation refuses it, and it has no rows to compare
                return List.of();
            }
        });
    }

    /** Rows of one version's tables that the other's table of the same name lacks (as many times as it lacks them). */
    private static void compare(List<DecisionTable> old, List<DecisionTable> now, List<ChangedRow> rows) {
        Map<String, DecisionTable> oldByName = byName(old);
        Map<String, DecisionTable> nowByName = byName(now);
        Set<String> names = new LinkedHashSet<>(oldByName.keySet());
        names.addAll(nowByName.keySet());
        for (String name : names) {
            DecisionTable o = oldByName.get(name);
            DecisionTable n = nowByName.get(name);
            Map<List<String>, Integer> unmatched = new HashMap<>();
            if (o != null) {
                o.rows().forEach(r -> unmatched.merge(cells(r), 1, Integer::sum));
            }
            if (n != null) {
                for (TableRow r : n.rows()) {
                    if (unmatched.getOrDefault(cells(r), 0) > 0) {
                        unmatched.merge(cells(r), -1, Integer::sum);
                    } else {
                        rows.add(changed(n, r, Kind.ADDED));
                    }
                }
            }
            if (o != null) {
                for (TableRow r : o.rows()) {
                    if (unmatched.getOrDefault(cells(r), 0) > 0) {
                        unmatched.merge(cells(r), -1, Integer::sum);
                        rows.add(changed(o, r, Kind.REMOVED));
                    }
                }
            }
        }
    }

    /** A table is named by its RuleTable name; a second table of the same name in one sheet by its position. */
    private static Map<String, DecisionTable> byName(List<DecisionTable> tables) {
        Map<String, DecisionTable> m = new LinkedHashMap<>();
        for (DecisionTable t : tables) {
            String name = t.name();
            for (int i = 2; m.containsKey(name); i++) {
                name = t.name() + " #" + i;
            }
            m.put(name, t);
        }
        return m;
    }

    /** A row's cells without trailing blanks: a cell emptied at the end of a row reads as never filled. */
    private static List<String> cells(TableRow r) {
        int end = r.cells().size();
        while (end > 0 && r.cells().get(end - 1).isEmpty()) {
            end--;
        }
        return r.cells().subList(0, end);
    }

    private static ChangedRow changed(DecisionTable t, TableRow r, Kind kind) {
        return new ChangedRow(
                t.file(),
                t.name(),
                r.number(),
                kind,
                date(t, r, Expected.VALID_FROM).orElse(null),
                date(t, r, Expected.VALID_TO).orElse(null));
    }

    private static void collectBoundaries(List<DecisionTable> tables, TreeSet<LocalDate> into) {
        for (DecisionTable t : tables) {
            for (TableRow r : t.rows()) {
                date(t, r, Expected.VALID_FROM).ifPresent(into::add);
                date(t, r, Expected.VALID_TO).ifPresent(d -> into.add(d.plusDays(1)));
            }
        }
    }

    /** A date cell as the engine reads it: a date-formatted number, or text such as 2027-01-01; blank or unreadable is empty. */
    private static Optional<LocalDate> date(DecisionTable t, TableRow r, Expected which) {
        Optional<Column> c = TableColumns.find(t, which);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        if (r.date(c.get()) != null) {
            return Optional.of(r.date(c.get()));
        }
        try {
            return Optional.ofNullable(Validity.parseDate(r.cell(c.get())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
