package cn.renovation.decisions.catalog;

import cn.renovation.decisions.facts.ItemKind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The menu items of one ruleset, in clause order (4.1.1.1 … 4.2.2.9). */
public final class Catalog {
    /** Orders clause ids by their numeric parts, so 4.1.1.10 follows 4.1.1.9. */
    public static final Comparator<String> CLAUSE_ORDER = (a, b) -> {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareParts(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private final Map<String, CatalogItem> items = new LinkedHashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();

    public Catalog(List<CatalogItem> items) {
        items.stream()
                .sorted(Comparator.comparing(CatalogItem::clause, CLAUSE_ORDER).thenComparing(CatalogItem::code))
                .forEach(i -> this.items.put(i.code(), i));
        for (String code : this.items.keySet()) {
            positions.put(code, positions.size());
        }
    }

    public int size() {
        return items.size();
    }

    public List<CatalogItem> items() {
        return List.copyOf(items.values());
    }

    public Optional<CatalogItem> find(String code) {
        return Optional.ofNullable(items.get(code));
    }

    public boolean isKind(String code, ItemKind kind) {
        CatalogItem i = items.get(code);
        return i != null && i.kind() == kind;
    }

    /** Position of an item in clause order, for sorting a decision's lines the way the catalog lists them. */
    public int position(String code) {
        Integer i = positions.get(code);
        return i == null ? Integer.MAX_VALUE : i;
    }

    private static int compareParts(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
