package cn.renovation.decisions.ruleset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which cells of a decision table an edit changed, old → new: rows matched by content (longest common
 * subsequence), then, between matched rows, an edited row paired with the served row of the same key (its
 * first column) so that its changed cells show one by one; rows left over were added or removed. The
 * workbench's candidate page and the change dossier both show it.
 */
public final class TableDiff {
    private TableDiff() {}

    /** {@code kind}: CHANGED, ADDED (a new row's cell) or REMOVED (a removed row's cell). */
    public record CellChange(
            String file,
            String table,
            String kind,
            int row,
            String ref,
            String header,
            String from,
            String to,
            boolean validFrom) {}

    public static List<CellChange> diff(RulesetFile served, RulesetFile edited) throws IOException {
        List<CellChange> out = new ArrayList<>();
        Map<String, DecisionTable> before = new LinkedHashMap<>();
        DecisionTable.read(served).forEach(t -> before.put(t.name(), t));
        for (DecisionTable t : DecisionTable.read(edited)) {
            DecisionTable s = before.get(t.name());
            if (s != null) {
                table(s, t, out);
            }
        }
        return out;
    }

    /** A line of the diff as the page lists it: a changed cell, or a whole added or removed row on one line. */
    public record Line(String table, String kind, String ref, String header, String from, String to) {}

    public static List<Line> lines(List<CellChange> changes) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < changes.size(); ) {
            CellChange c = changes.get(i);
            if (c.kind().equals("CHANGED")) {
                lines.add(new Line(c.table(), c.kind(), c.ref(), c.header(), c.from(), c.to()));
                i++;
                continue;
            }
            int j = i;
            List<String> values = new ArrayList<>();
            while (j < changes.size()
                    && changes.get(j).kind().equals(c.kind())
                    && changes.get(j).row() == c.row()
                    && changes.get(j).table().equals(c.table())) {
                CellChange x = changes.get(j++);
                String v = c.kind().equals("ADDED") ? x.to() : x.from();
                values.add(v.length() > 40 ? v.substring(0, 40) + "…" : v);
            }
            String ref = c.ref() + (j - 1 > i ? ":" + changes.get(j - 1).ref() : "");
            String joined = String.join(" | ", values);
            lines.add(new Line(
                    c.table(),
                    c.kind(),
                    ref,
                    "整行 whole row " + c.row(),
                    c.kind().equals("ADDED") ? "" : joined,
                    c.kind().equals("ADDED") ? joined : ""));
            i = j;
        }
        return lines;
    }

    private static void table(DecisionTable s, DecisionTable t, List<CellChange> out) {
        List<DecisionTable.TableRow> a = s.rows();
        List<DecisionTable.TableRow> b = t.rows();
        int n = a.size(), m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = sig(s, a.get(i)).equals(sig(t, b.get(j)))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0, j = 0;
        List<DecisionTable.TableRow> removed = new ArrayList<>();
        List<DecisionTable.TableRow> added = new ArrayList<>();
        while (i < n || j < m) {
            if (i < n && j < m && sig(s, a.get(i)).equals(sig(t, b.get(j)))) {
                gap(s, t, removed, added, out);
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(b.get(j++));
            } else {
                removed.add(a.get(i++));
            }
        }
        gap(s, t, removed, added, out);
    }

    private static void gap(
            DecisionTable s,
            DecisionTable t,
            List<DecisionTable.TableRow> removed,
            List<DecisionTable.TableRow> added,
            List<CellChange> out) {
        List<DecisionTable.TableRow> unpaired = new ArrayList<>(removed);
        for (DecisionTable.TableRow r : added) {
            DecisionTable.TableRow old = unpaired.stream()
                    .filter(x -> key(s, x).equals(key(t, r)))
                    .findFirst()
                    .orElse(removed.size() == added.size() && !unpaired.isEmpty() ? unpaired.get(0) : null);
            if (old != null) {
                unpaired.remove(old);
                for (int c = 0; c < t.columns().size() && c < s.columns().size(); c++) {
                    String x = value(s, s.columns().get(c), old);
                    String y = value(t, t.columns().get(c), r);
                    if (!x.equals(y)) {
                        out.add(change(t, t.columns().get(c), "CHANGED", r, x, y));
                    }
                }
            } else {
                for (DecisionTable.Column c : t.columns()) {
                    String y = value(t, c, r);
                    if (!y.isEmpty()) {
                        out.add(change(t, c, "ADDED", r, "", y));
                    }
                }
            }
        }
        for (DecisionTable.TableRow r : unpaired) {
            for (DecisionTable.Column c : s.columns()) {
                String x = value(s, c, r);
                if (!x.isEmpty()) {
                    out.add(change(s, c, "REMOVED", r, x, ""));
                }
            }
        }
        removed.clear();
        added.clear();
    }

    private static CellChange change(
            DecisionTable t, DecisionTable.Column c, String kind, DecisionTable.TableRow r, String from, String to) {
        String h = c.header().toLowerCase(Locale.ROOT);
        boolean validFrom = CellKind.of(c) == CellKind.DATE && (h.contains("生效") || h.contains("from"));
        return new CellChange(t.file(), t.name(), kind, r.number(), t.cellRef(c, r), c.header(), from, to, validFrom);
    }

    private static String value(DecisionTable t, DecisionTable.Column c, DecisionTable.TableRow r) {
        return r.date(c) != null ? r.date(c).toString() : r.cell(c);
    }

    private static String sig(DecisionTable t, DecisionTable.TableRow r) {
        StringBuilder sb = new StringBuilder();
        for (DecisionTable.Column c : t.columns()) {
            sb.append(value(t, c, r)).append('\u001f');
        }
        return sb.toString();
    }

    private static String key(DecisionTable t, DecisionTable.TableRow r) {
        // the row's key: its first item-code or code column (ROOF_LEAK_REPAIR, LAST_COMPLETION_YEAR), else its first
        // column
        DecisionTable.Column k = t.columns().stream()
                .filter(c -> CellKind.of(c) == CellKind.ITEM || CellKind.of(c) == CellKind.CODE)
                .findFirst()
                .orElse(t.columns().isEmpty() ? null : t.columns().get(0));
        return k == null ? "" : value(t, k, r);
    }
}
