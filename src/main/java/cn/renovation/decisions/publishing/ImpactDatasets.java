package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.AuditJson;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.DecisionRecord;
import cn.renovation.decisions.audit.Program;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data sets an impact preview runs on: {@code program} (the plan's 66 communities in
 * test-data/program), {@code recorded} (the decisions the service recorded between two dates) and
 * {@code cases} (every request of the policy cases).
 */
public class ImpactDatasets {
    /** A preview over more decisions than this is an export and a replay, not a page. */
    static final int MAX_RECORDED = 20_000;

    private final Path testData;
    private final ImpactPreview preview;
    private final DecisionLog log;
    private final ZoneId zone;

    public ImpactDatasets(Path testData, ImpactPreview preview, DecisionLog log, ZoneId zone) {
        this.testData = testData;
        this.preview = preview;
        this.log = log;
        this.zone = zone;
    }

    /**
     * @param asOf evaluates every request as of this date instead of its own, to preview a change that
     *             takes effect on a later date; null keeps each request's date
     * @param from first day of the recorded decisions (data set {@code recorded})
     * @param to   last day of the recorded decisions, inclusive
     */
    public ImpactReport compare(
            String dataset,
            LocalDate asOf,
            LocalDate from,
            LocalDate to,
            CompiledRuleset active,
            CompiledRuleset candidate) {
        List<ImpactPreview.Entry> entries = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        switch (dataset) {
            case "cases" -> {
                PolicyCases.Loaded loaded = PolicyCases.read(testData);
                loaded.problems()
                        .forEach(p -> errors.add(new FieldError(
                                "test-data/" + p.file() + (p.field().isEmpty() ? "" : ": " + p.field()), p.message())));
                for (PolicyCases.Case c : loaded.cases()) {
                    entries.add(entry("test-data/" + c.file(), c.request(), asOf, active, errors));
                }
            }
            case "program" -> {
                for (Program.Batch b : Program.read(testData.resolve("program")).batches()) {
                    for (JsonNode r : b.requests()) {
                        entries.add(entry(
                                "program " + b.name() + " "
                                        + r.at("/community/id").asString(),
                                r,
                                asOf,
                                active,
                                errors));
                    }
                }
            }
            case "recorded" -> {
                if (from == null || to == null || to.isBefore(from)) {
                    errors.add(
                            new FieldError(
                                    "from",
                                    "the recorded data set needs from and to dates (to on or after from), e.g. from=2026-01-01&to=2026-12-31"));
                    break;
                }
                Instant start = from.atStartOfDay(zone).toInstant();
                Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
                List<DecisionRecord> records = log.search(null, start, end, MAX_RECORDED + 1);
                if (records.size() > MAX_RECORDED) {
                    errors.add(new FieldError(
                            "to",
                            "more than " + MAX_RECORDED
                                    + " decisions in that range: preview a shorter one, or export and replay"));
                    break;
                }
                for (DecisionRecord r : records) {
                    entries.add(entry(
                            "decision " + r.decisionId(), AuditJson.parse(r.requestJson()), asOf, active, errors));
                }
            }
            default ->
                errors.add(new FieldError(
                        "dataset", "unknown data set \"" + dataset + "\": expected program, recorded or cases"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return preview.compare(dataset, entries, active, candidate);
    }

    private ImpactPreview.Entry entry(
            String source, JsonNode request, LocalDate asOf, CompiledRuleset active, List<FieldError> errors) {
        JsonNode r = request;
        if (asOf != null && r.isObject()) {
            r = ((ObjectNode) r.deepCopy()).put("asOf", asOf.toString());
        }
        try {
            return new ImpactPreview.Entry(source, RequestReader.read(r, active, LocalDate.now(zone)));
        } catch (InvalidRequestException e) {
            e.errors().forEach(f -> errors.add(new FieldError(source + ": " + f.field(), f.message())));
            return null;
        }
    }
}
