package cn.renovation.decisions.workbench;

import cn.renovation.decisions.catalog.Clauses;
import cn.renovation.decisions.ruleset.CellKind;
import cn.renovation.decisions.ruleset.DecisionTable;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetFinding;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A decision table as the policy officer edits it: only its columns (not Drools' template rows), each data
 * row with its spreadsheet row number, its clause's text, the period its valid-from / valid-to cells give
 * it, and — when shown for an upload — the findings at their cells and the cells an edit changed.
 */
record TableGrid(
        String file,
        String sheet,
        String name,
        List<Col> columns,
        List<GridRow> rows,
        List<String> periods,
        List<RulesetFinding> otherFindings) {

    public record Col(String letter, String header, String kind, boolean clause, boolean date) {}

    /** {@code state}: IN_FORCE, FUTURE or ENDED on the day shown; null for an undated table. */
    public record GridRow(int number, List<GridCell> cells, String period, String state) {}

    /** {@code was}: the serving value of a cell an upload changed (empty for a new row); null when unchanged. */
    public record GridCell(String ref, String value, String clauseText, List<String> findings, String was) {
        public boolean changed() {
            return was != null;
        }
    }

    /** The tables of a workbook, with findings and changes placed at their cells. */
    public static List<TableGrid> of(
            RulesetFile f,
            List<RulesetFinding> findings,
            Map<String, String> changedFrom,
            Clauses clauses,
            LocalDate today)
            throws IOException {
        List<TableGrid> grids = new ArrayList<>();
        List<RulesetFinding> mine =
                findings.stream().filter(x -> f.path().equals(x.file())).toList();
        Set<RulesetFinding> placed = new LinkedHashSet<>();
        for (DecisionTable t : DecisionTable.read(f)) {
            List<Col> cols = new ArrayList<>();
            int from = -1, to = -1;
            for (DecisionTable.Column c : t.columns()) {
                CellKind kind = CellKind.of(c);
                cols.add(new Col(c.letter(), c.header(), kind.name(), kind == CellKind.CLAUSE, kind == CellKind.DATE));
                if (kind == CellKind.DATE) {
                    String h = c.header().toLowerCase(Locale.ROOT);
                    if (h.contains("生效") || h.contains("from")) {
                        from = cols.size() - 1;
                    } else if (h.contains("失效") || h.contains("to")) {
                        to = cols.size() - 1;
                    }
                }
            }
            List<GridRow> rows = new ArrayList<>();
            Set<String> periods = new LinkedHashSet<>();
            for (DecisionTable.TableRow r : t.rows()) {
                List<GridCell> cells = new ArrayList<>();
                for (int i = 0; i < t.columns().size(); i++) {
                    DecisionTable.Column c = t.columns().get(i);
                    String ref = t.cellRef(c, r);
                    String value = r.date(c) != null ? r.date(c).toString() : r.cell(c);
                    List<String> at = new ArrayList<>();
                    for (RulesetFinding x : mine) {
                        if (ref.equals(x.cell())
                                && (x.sheet() == null || x.sheet().equals(t.sheet()))) {
                            at.add(x.message());
                            placed.add(x);
                        }
                    }
                    cells.add(new GridCell(
                            ref, value, cols.get(i).clause() ? clauses.text(value) : null, at, changedFrom.get(ref)));
                }
                String period = null;
                String state = null;
                if (from >= 0 || to >= 0) {
                    LocalDate a = from >= 0 ? date(cells.get(from).value()) : null;
                    LocalDate b = to >= 0 ? date(cells.get(to).value()) : null;
                    period = a == null && b == null
                            ? "始终 always"
                            : (a == null ? "…" : a.toString()) + " – " + (b == null ? "…" : b.toString());
                    periods.add(period);
                    state = a != null && today.isBefore(a)
                            ? "FUTURE"
                            : b != null && today.isAfter(b) ? "ENDED" : "IN_FORCE";
                }
                rows.add(new GridRow(r.number(), cells, period, state));
            }
            // a finding on a whole row (no cell) belongs to the table that holds that row
            for (RulesetFinding x : mine) {
                if (x.cell() == null && x.row() != null && t.rows().stream().anyMatch(r -> r.number() == x.row())) {
                    placed.add(x);
                    rows.stream()
                            .filter(r -> r.number() == x.row())
                            .findFirst()
                            .ifPresent(r -> r.cells().get(0).findings().add(x.message()));
                }
            }
            if (periods.size() == 1 && periods.contains("始终 always")) {
                periods.clear(); // an undated table: no period to tell apart
            }
            grids.add(new TableGrid(
                    f.path(), t.sheet(), t.name(), cols, rows, new ArrayList<>(periods), new ArrayList<>()));
        }
        List<RulesetFinding> rest =
                mine.stream().filter(x -> !placed.contains(x)).toList();
        if (!grids.isEmpty()) {
            grids.get(0).otherFindings().addAll(rest);
        } else if (!rest.isEmpty()) {
            grids.add(new TableGrid(
                    f.path(), null, f.fileName(), List.of(), List.of(), List.of(), new ArrayList<>(rest)));
        }
        return grids;
    }

    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            String[] p = text.strip().split("/");
            if (p.length == 3) {
                try {
                    return LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                } catch (RuntimeException x) {
                    return null;
                }
            }
            return null;
        }
    }

    /** Cell reference → the whole row's findings count, for the summary line above a grid. */
    public int findingCount() {
        int n = otherFindings.size();
        for (GridRow r : rows) {
            for (GridCell c : r.cells()) {
                n += c.findings().size();
            }
        }
        return n;
    }

    /** Whether this grid shows a finding: at its cell, at its row, or in the list under the table. */
    public boolean shows(RulesetFinding x) {
        if (!file.equals(x.file())) {
            return false;
        }
        if (otherFindings.contains(x)) {
            return true;
        }
        for (GridRow r : rows) {
            if (x.cell() == null
                    ? x.row() != null
                            && r.number() == x.row()
                            && r.cells().get(0).findings().contains(x.message())
                    : r.cells().stream()
                            .anyMatch(c ->
                                    c.ref().equals(x.cell()) && c.findings().contains(x.message()))) {
                return true;
            }
        }
        return false;
    }

    /** The grid's id on a page: its file and table name. */
    public String anchor() {
        return "t-" + (file + "-" + name).replaceAll("[^A-Za-z0-9]+", "-");
    }

    static Map<String, String> noChanges() {
        return new LinkedHashMap<>();
    }
}
