package cn.renovation.decisions.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The program report over a set of decisions (recorded or fresh): which communities are eligible and why
 * not (5.1), the menu by kind and phase (4, 5.3.1), which projects are exempt from planning permits
 * (6.2.2), funding per source per batch (6.3), and each batch against its deadline (2.2). Only decisions
 * and the program file feed it; it computes no policy of its own.
 */
final class ProgramReport {
    private final Program program;
    private final ProgramTargets targets;
    private final Map<String, List<JsonNode>> byBatch = new LinkedHashMap<>();

    private ProgramReport(Program program, ProgramTargets targets) {
        this.program = program;
        this.targets = targets;
        program.batches().forEach(b -> byBatch.put(b.name(), new ArrayList<>()));
        byBatch.put("(not in the program)", new ArrayList<>());
    }

    public static ProgramReport of(Program program, ProgramTargets targets, List<JsonNode> decisions) {
        ProgramReport r = new ProgramReport(program, targets);
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
        targets(sb, all);
        long eligible = all.stream()
                .filter(d -> d.path("eligibility").path("eligible").asBoolean())
                .count();
        sb.append("## Eligibility (5.1)\n");
        sb.append(String.format(
                "%d communities decided, %d eligible, %d not eligible%n", all.size(), eligible, all.size() - eligible));
        for (JsonNode d : all) {
            if (!d.path("eligibility").path("eligible").asBoolean()) {
                List<String> reasons = new ArrayList<>();
                d.path("eligibility")
                        .path("reasons")
                        .forEach(x -> reasons.add(x.path("code").asString() + " ("
                                + x.path("clause").asString() + ")"));
                sb.append("- ")
                        .append(d.path("communityId").asString())
                        .append(": ")
                        .append(String.join(", ", reasons))
                        .append('\n');
            }
        }

        sb.append("\n## Menu items selected, by kind and phase (4, 5.3.1)\n");
        Map<String, Integer> byKindPhase = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (JsonNode d : all) {
            for (JsonNode i : d.path("menu").path("items")) {
                String status = i.path("status").asString();
                if (status.equals("SELECTED")) {
                    byKindPhase.merge(
                            i.path("kind").asString() + " phase "
                                    + i.path("phase").asInt(),
                            1,
                            Integer::sum);
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
                d.path("approval")
                        .path("triggers")
                        .forEach(t -> triggers.add(t.path("work").asString() + " ← "
                                + t.path("source").asString()));
                notExempt.add(d.path("communityId").asString() + ": " + String.join(", ", triggers));
            }
        }
        sb.append(String.format(
                "%d eligible projects exempt from site selection and land planning permits, %d not:%n",
                exempt, notExempt.size()));
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
            String deadline =
                    targets.batchDeadline(b.name()).map(LocalDate::toString).orElse("(none in the targets table)");
            List<JsonNode> ds = byBatch.get(b.name());
            long ok = ds.stream()
                    .filter(d -> d.path("eligibility").path("eligible").asBoolean())
                    .count();
            List<String> late = new ArrayList<>();
            LocalDate latest = null;
            for (JsonNode d : ds) {
                LocalDate p =
                        program.plannedCompletion().get(d.path("communityId").asString());
                if (p != null) {
                    latest = latest == null || p.isAfter(latest) ? p : latest;
                    boolean after =
                            targets.batchDeadline(b.name()).map(p::isAfter).orElse(false);
                    if (after && d.path("eligibility").path("eligible").asBoolean()) {
                        late.add(d.path("communityId").asString() + " planned " + p);
                    }
                }
            }
            sb.append(String.format(
                    "- batch %s: %d of %d planned communities decided, %d eligible; deadline %s, latest planned completion %s: %s%n",
                    b.name(),
                    ds.size(),
                    b.requests().size(),
                    ok,
                    deadline,
                    latest,
                    late.isEmpty() ? "ON TIME" : late.size() + " LATE (" + String.join("; ", late) + ")"));
        }
        return sb.toString();
    }

    /** The plan's targets (2.1, 2.2) beside what the programme's data set holds and what was decided. */
    private void targets(StringBuilder sb, List<JsonNode> decisions) {
        List<JsonNode> requests =
                program.batches().stream().flatMap(b -> b.requests().stream()).toList();
        List<JsonNode> buildings = requests.stream()
                .flatMap(r -> r.path("community").path("buildings").valueStream())
                .toList();
        long eligible = decisions.stream()
                .filter(d -> d.path("eligibility").path("eligible").asBoolean())
                .count();
        sb.append("## Targets (2.1, 2.2; ")
                .append(ProgramTargets.TABLE)
                .append(", as of ")
                .append(targets.on())
                .append(")\n");
        sb.append(String.format("%-22s %12s %12s%n", "", "target", "data set"));
        row(sb, "communities (2.1)", "PROGRAM_COMMUNITIES", Integer.toString(requests.size()));
        row(sb, "buildings (2.1)", "PROGRAM_BUILDINGS", Integer.toString(buildings.size()));
        row(
                sb,
                "households (2.1)",
                "PROGRAM_HOUSEHOLDS",
                Integer.toString(requests.stream()
                        .mapToInt(r -> r.path("community").path("households").asInt())
                        .sum()));
        row(
                sb,
                "floor area m² (2.1)",
                "PROGRAM_FLOOR_AREA_M2",
                buildings.stream()
                        .map(b -> b.path("floorAreaM2").decimalValue())
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .stripTrailingZeros()
                        .toPlainString());
        for (Program.Batch b : program.batches()) {
            sb.append(String.format(
                    "%-22s %12s %12d%n",
                    "batch " + b.name() + " (2.2)",
                    targets.batchCommunities(b.name()).orElse("-"),
                    b.requests().size()));
        }
        sb.append(String.format("%d of them decided, %d eligible%n%n", decisions.size(), eligible));
    }

    private void row(StringBuilder sb, String label, String code, String actual) {
        sb.append(String.format("%-22s %12s %12s%n", label, targets.value(code).orElse("-"), actual));
    }
}
