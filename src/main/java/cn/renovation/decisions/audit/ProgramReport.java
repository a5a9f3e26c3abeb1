package cn.renovation.decisions.audit;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The program report over a set of decisions (recorded or fresh): which communities are eligible and why
 * not (5.1), the menu by kind and phase (4, 5.3.1), which projects are exempt from planning permits
 * (6.2.2), funding per source per batch (6.3), and each batch against its deadline (2.2). Only decisions
 * and the program file feed it; it computes no policy of its own.
 */
public final class ProgramReport {
    private final Program program;
    private final Map<String, List<JsonNode>> byBatch = new LinkedHashMap<>();

    private ProgramReport(Program program) {
        this.program = program;
        program.batches().forEach(b -> byBatch.put(b.name(), new ArrayList<>()));
        byBatch.put("(not in the program)", new ArrayList<>());
    }

    public static ProgramReport of(Program program, List<JsonNode> decisions) {
        ProgramReport r = new ProgramReport(program);
        for (JsonNode d : decisions) {
            String batch = program.batchOf(d.path("communityId").asString());
            r.byBatch.get(batch == null ? "(not in the program)" : batch).add(d);
        }
        return r;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        List<JsonNode> all = byBatch.values().stream().flatMap(List::stream).toList();
        sb.append("# Program report: ").append(program.title()).append("\n\n");
        long eligible = all.stream().filter(d -> d.path("eligibility").path("eligible").asBoolean()).count();
        sb.append("## Eligibility (5.1)\n");
        sb.append(String.format("%d communities decided, %d eligible, %d not eligible%n", all.size(), eligible, all.size() - eligible));
        for (JsonNode d : all) {
            if (!d.path("eligibility").path("eligible").asBoolean()) {
                List<String> reasons = new ArrayList<>();
                d.path("eligibility").path("reasons").forEach(x -> reasons.add(x.path("code").asString() + " (" + x.path("clause").asString() + ")"));
                sb.append("- ").append(d.path("communityId").asString()).append(": ").append(String.join(", ", reasons)).append('\n');
            }
        }

        sb.append("\n## Menu items selected, by kind and phase (4, 5.3.1)\n");
        Map<String, Integer> byKindPhase = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (JsonNode d : all) {
            for (JsonNode i : d.path("menu").path("items")) {
                String status = i.path("status").asString();
                if (status.equals("SELECTED")) {
                    byKindPhase.merge(i.path("kind").asString() + " phase " + i.path("phase").asInt(), 1, Integer::sum);
                } else if (!status.equals("NOT_NEEDED") && !status.equals("NOT_REQUESTED")) {
                    byStatus.merge(i.path("kind").asString() + " " + status, 1, Integer::sum);
                }
            }
        }
        byKindPhase.forEach((k, v) -> sb.append(String.format("- %-24s %4d%n", k, v)));
        byStatus.forEach((k, v) -> sb.append(String.format("- %-24s %4d%n", k, v)));

        sb.append("\n## Approval (6.2.2)\n");
        List<String> notExempt = new ArrayList<>();
        int exempt = 0;
        for (JsonNode d : all) {
            if (!d.path("eligibility").path("eligible").asBoolean()) {
                continue;
            }
            if (d.path("approval").path("exempt").asBoolean()) {
                exempt++;
            } else {
                List<String> triggers = new ArrayList<>();
                d.path("approval").path("triggers").forEach(t -> triggers.add(t.path("work").asString() + " ← " + t.path("source").asString()));
                notExempt.add(d.path("communityId").asString() + ": " + String.join(", ", triggers));
            }
        }
        sb.append(String.format("%d eligible projects exempt from site selection and land planning permits, %d not:%n", exempt, notExempt.size()));
        notExempt.forEach(n -> sb.append("- ").append(n).append('\n'));

        sb.append("\n## Funding per source per batch, yuan (6.3)\n");
        Map<String, Map<String, BigDecimal>> totals = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        byBatch.forEach((batch, decisions) -> {
            Map<String, BigDecimal> t = new LinkedHashMap<>();
            for (JsonNode d : decisions) {
                for (JsonNode x : d.path("funding").path("totals")) {
                    String s = x.path("source").asString();
                    if (!sources.contains(s)) {
                        sources.add(s);
                    }
                    t.merge(s, x.path("amount").decimalValue(), BigDecimal::add);
                }
            }
            if (!decisions.isEmpty()) {
                totals.put(batch, t);
            }
        });
        sb.append(String.format("%-8s", "batch"));
        sources.forEach(s -> sb.append(String.format(" %16s", s)));
        sb.append(String.format(" %16s%n", "TOTAL"));
        Map<String, BigDecimal> grand = new LinkedHashMap<>();
        totals.forEach((batch, t) -> {
            sb.append(String.format("%-8s", batch));
            BigDecimal sum = BigDecimal.ZERO;
            for (String s : sources) {
                BigDecimal v = t.getOrDefault(s, BigDecimal.ZERO);
                sum = sum.add(v);
                grand.merge(s, v, BigDecimal::add);
                sb.append(String.format(" %16s", v.setScale(2).toPlainString()));
            }
            sb.append(String.format(" %16s%n", sum.setScale(2).toPlainString()));
        });
        sb.append(String.format("%-8s", "all"));
        BigDecimal sum = BigDecimal.ZERO;
        for (String s : sources) {
            BigDecimal v = grand.getOrDefault(s, BigDecimal.ZERO);
            sum = sum.add(v);
            sb.append(String.format(" %16s", v.setScale(2).toPlainString()));
        }
        sb.append(String.format(" %16s%n", sum.setScale(2).toPlainString()));

        sb.append("\n## Batches against their deadlines (2.2)\n");
        for (Program.Batch b : program.batches()) {
            List<JsonNode> ds = byBatch.get(b.name());
            long ok = ds.stream().filter(d -> d.path("eligibility").path("eligible").asBoolean()).count();
            List<String> late = new ArrayList<>();
            LocalDate latest = null;
            for (JsonNode d : ds) {
                LocalDate p = program.plannedCompletion().get(d.path("communityId").asString());
                if (p != null) {
                    latest = latest == null || p.isAfter(latest) ? p : latest;
                    if (p.isAfter(b.deadline()) && d.path("eligibility").path("eligible").asBoolean()) {
                        late.add(d.path("communityId").asString() + " planned " + p);
                    }
                }
            }
            sb.append(String.format("- batch %s: %d of %d planned communities decided, %d eligible; deadline %s, latest planned completion %s: %s%n",
                    b.name(), ds.size(), b.requests().size(), ok, b.deadline(), latest,
                    late.isEmpty() ? "ON TIME" : late.size() + " LATE (" + String.join("; ", late) + ")"));
        }
        return sb.toString();
    }
}
