package cn.renovation.decisions.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A field-level diff of two decisions, by paths an auditor can read: list elements are named by their key
 * where they have one ({@code menu.items[ELEVATOR_RETROFIT].status}, {@code funding.totals[RESIDENTS]}),
 * by index otherwise ({@code trace[3].rule}).
 *
 * <p>Hand-written rather than a JSON Patch library (zjsonpatch, json-patch): RFC 6902 paths name list
 * elements by index ({@code /menu/items/12/status}), which says nothing to a reader and turns one inserted
 * item into a cascade of changes; keying by item code and funding source is the whole point here.
 */
final class JsonDiff {
    /** The fields that name an element of a list, tried in order; a composite key joins its parts with '/'. */
    private static final List<List<String>> KEYS =
            List.of(List.of("code"), List.of("item"), List.of("work", "source"), List.of("source"));

    private JsonDiff() {}

    @JsonPropertyOrder({"path", "recorded", "replayed", "text"})
    public record Difference(
            String path,
            @JsonIgnore JsonNode recordedNode,
            @JsonIgnore JsonNode replayedNode) {
        @JsonProperty
        public String recorded() {
            return show(recordedNode);
        }

        @JsonProperty
        public String replayed() {
            return show(replayedNode);
        }

        /** {@code menu.items[ELEVATOR_RETROFIT].status: SELECTED → DEFERRED} */
        @JsonProperty
        public String text() {
            return path + ": " + recorded() + " → " + replayed();
        }

        private static String show(JsonNode n) {
            if (n == null || n.isMissingNode()) {
                return "(absent)";
            }
            return n.isString() ? n.asString() : AuditJson.text(n);
        }
    }

    /** Differences between two trees, ignoring the named top-level fields. */
    public static List<Difference> diff(JsonNode recorded, JsonNode replayed, Set<String> ignoredTopLevel) {
        List<Difference> out = new ArrayList<>();
        if (recorded.isObject() && replayed.isObject()) {
            objects("", recorded, replayed, ignoredTopLevel, out);
        } else {
            node("", recorded, replayed, out);
        }
        return out;
    }

    private static void node(String path, JsonNode a, JsonNode b, List<Difference> out) {
        if (a == null || b == null) {
            if (a != b) {
                out.add(new Difference(path, a, b));
            }
        } else if (a.isObject() && b.isObject()) {
            objects(path, a, b, Set.of(), out);
        } else if (a.isArray() && b.isArray()) {
            arrays(path, a, b, out);
        } else if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                out.add(new Difference(path, a, b));
            }
        } else if (!a.equals(b)) {
            out.add(new Difference(path, a, b));
        }
    }

    private static void objects(String path, JsonNode a, JsonNode b, Set<String> ignored, List<Difference> out) {
        Set<String> names = new LinkedHashSet<>(a.propertyNames());
        names.addAll(b.propertyNames());
        for (String name : names) {
            if (ignored.contains(name)) {
                continue;
            }
            node(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
        }
    }

    private static void arrays(String path, JsonNode a, JsonNode b, List<Difference> out) {
        List<String> key = keyOf(a, b);
        if (key == null) {
            if (a.size() > 0 && !a.get(0).isContainer()
                    || b.size() > 0 && !b.get(0).isContainer()) {
                // A list of values (permits, channels) is one value: its order and content are the decision.
                if (!a.equals(b)) {
                    out.add(new Difference(path, a, b));
                }
                return;
            }
            List<String> left = a.valueStream().map(AuditJson::text).toList();
            List<String> right = b.valueStream().map(AuditJson::text).toList();
            if (!left.equals(right)
                    && left.stream()
                            .sorted()
                            .toList()
                            .equals(right.stream().sorted().toList())) {
                // Same elements in another order (the trace when rules fired in another order): one
                // difference at the first place they part, not one per shifted element.
                int i = 0;
                while (left.get(i).equals(right.get(i))) {
                    i++;
                }
                out.add(new Difference(path + " (order, from [" + i + "])", a.get(i), b.get(i)));
                return;
            }
            if (a.size() == b.size()) {
                for (int i = 0; i < a.size(); i++) {
                    node(path + "[" + i + "]", a.get(i), b.get(i), out);
                }
            } else {
                // Elements added or dropped (a rule that fired or no longer fires): a longest common
                // subsequence keeps the rest aligned, so only what came or went is reported.
                sequence(path, a, b, left, right, out);
            }
            return;
        }
        Map<String, JsonNode> left = keyed(a, key);
        Map<String, JsonNode> right = keyed(b, key);
        Set<String> all = new LinkedHashSet<>(left.keySet());
        all.addAll(right.keySet());
        for (String k : all) {
            String p = path + "[" + k + "]";
            JsonNode l = left.get(k);
            JsonNode r = right.get(k);
            if (l == null || r == null) {
                out.add(new Difference(p, l, r));
            } else {
                Set<String> rest = new LinkedHashSet<>(l.propertyNames());
                rest.addAll(r.propertyNames());
                rest.removeAll(key);
                if (rest.size() == 1) {
                    // {source, amount}: the element is its one value — funding.totals[RESIDENTS]: 120000.00 → 98000.00
                    String only = rest.iterator().next();
                    node(p, l.get(only), r.get(only), out);
                } else {
                    objects(p, l, r, Set.copyOf(key), out);
                }
            }
        }
        // The order of a keyed list is part of the decision too (items by catalog order, trace by firing).
        if (out.stream().noneMatch(d -> d.path().startsWith(path + "["))
                && !List.copyOf(left.keySet()).equals(List.copyOf(right.keySet()))) {
            out.add(new Difference(path + " (order)", AuditJson.tree(left.keySet()), AuditJson.tree(right.keySet())));
        }
    }

    private static void sequence(
            String path, JsonNode a, JsonNode b, List<String> left, List<String> right, List<Difference> out) {
        int n = left.size();
        int m = right.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = left.get(i).equals(right.get(j))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && left.get(i).equals(right.get(j))) {
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add(new Difference(path + "[" + j + "]", null, b.get(j)));
                j++;
            } else {
                out.add(new Difference(path + "[" + i + "]", a.get(i), null));
                i++;
            }
        }
    }

    private static List<String> keyOf(JsonNode a, JsonNode b) {
        for (List<String> key : KEYS) {
            if (hasUniqueKey(a, key) && hasUniqueKey(b, key) && (a.size() > 0 || b.size() > 0)) {
                return key;
            }
        }
        return null;
    }

    private static boolean hasUniqueKey(JsonNode list, List<String> key) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode e : list.values()) {
            if (!e.isObject()) {
                return false;
            }
            for (String k : key) {
                if (!e.hasNonNull(k) || !e.get(k).isValueNode()) {
                    return false;
                }
            }
            if (!seen.add(keyValue(e, key))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> keyed(JsonNode list, List<String> key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        list.values().forEach(e -> out.put(keyValue(e, key), e));
        return out;
    }

    private static String keyValue(JsonNode e, List<String> key) {
        StringBuilder sb = new StringBuilder();
        for (String k : key) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(e.get(k).asString());
        }
        return sb.toString();
    }
}
