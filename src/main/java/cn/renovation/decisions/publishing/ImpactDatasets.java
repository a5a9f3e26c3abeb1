package cn.renovation.decisions.publishing;

import cn.renovation.decisions.audit.AuditJson;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.HeavyReads;
import cn.renovation.decisions.audit.Program;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.ruleset.ChangeDates;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data sets an impact preview runs on: {@code program} (the plan's 66 communities in
 * test-data/program), {@code recorded} (the decisions the service recorded between two dates) and
 * {@code cases} (every request of the policy cases); and the dates it runs them on: each change date
 * ({@link ChangeDates}), or one date asked for.
 */
public class ImpactDatasets {
    /**
     * A preview over more decisions than this is an export and a replay, not a page; it is also the most
     * request-dates a preview evaluates (each twice, ~1 ms each): 66 communities on up to 303 dates, 20,000
     * recorded decisions on one.
     */
    static final int MAX_RECORDED = 20_000;

    /**
     * The most recorded decisions one preview reads ({@code renovation.impact.max-recorded}): each is held as its
     * request, and then as read facts on each date, for the whole preview; the earliest of a range are
     * previewed and the note says how many were left out (issue 21: a range of 20,001 was read at once).
     */
    static final int DEFAULT_MAX_RECORDED = 2_000;

    private final Path testData;
    private final ImpactPreview preview;
    private final DecisionLog log;
    private final ZoneId zone;
    private final int maxDates;
    private final HeavyReads heavy;
    private final int maxRecorded;

    public ImpactDatasets(
            Path testData,
            ImpactPreview preview,
            DecisionLog log,
            ZoneId zone,
            int maxDates,
            HeavyReads heavy,
            int maxRecorded) {
        if (maxDates < 1) {
            throw new IllegalArgumentException("renovation.impact.max-dates must be at least 1, got " + maxDates);
        }
        if (maxRecorded < 1 || maxRecorded > MAX_RECORDED) {
            throw new IllegalArgumentException(
                    "renovation.impact.max-recorded must be 1 to " + MAX_RECORDED + ", got " + maxRecorded);
        }
        this.heavy = heavy;
        this.maxRecorded = maxRecorded;
        this.testData = testData;
        this.preview = preview;
        this.log = log;
        this.zone = zone;
        this.maxDates = maxDates;
    }

    /**
     * @param asOf evaluates every request as of this one date; null evaluates them on each change date
     *             (the earliest {@code renovation.impact.max-dates} of them, fewer when the data set is large)
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
        List<Source> entries = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        boolean recordedLeftOut = false;
        switch (dataset) {
            case "cases" -> {
                PolicyCases.Loaded loaded = PolicyCases.read(testData);
                loaded.problems()
                        .forEach(p -> errors.add(new FieldError(
                                "test-data/" + p.file() + (p.field().isEmpty() ? "" : ": " + p.field()), p.message())));
                for (PolicyCases.Case c : loaded.cases()) {
                    entries.add(new Source("test-data/" + c.file(), c.request()));
                }
            }
            case "program" -> {
                for (Program.Batch b : Program.read(testData.resolve("program")).batches()) {
                    for (JsonNode r : b.requests()) {
                        entries.add(new Source(
                                "program " + b.name() + " "
                                        + r.at("/community/id").asString(),
                                r));
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
                // a heavy read of the log (HeavyReads): held while the records are read, then released
                try (HeavyReads.Permit permit = heavy.enter()) {
                    recordedLeftOut = log.searchEach(null, start, end, null, maxRecorded, r -> {
                        entries.add(new Source("decision " + r.decisionId(), AuditJson.parse(r.requestJson())));
                        return true;
                    });
                }
            }
            default ->
                errors.add(new FieldError(
                        "dataset", "unknown data set \"" + dataset + "\": expected program, recorded or cases"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ChangeDates changeDates = ChangeDates.between(active.files(), candidate.files());
        List<LocalDate> dates;
        List<LocalDate> leftOut;
        if (asOf != null) {
            dates = List.of(asOf);
            leftOut = List.of();
        } else {
            int cap = Math.min(maxDates, Math.max(1, MAX_RECORDED / Math.max(1, entries.size())));
            List<LocalDate> all = changeDates.dates();
            dates = all.subList(0, Math.min(cap, all.size()));
            leftOut = all.subList(dates.size(), all.size());
        }
        Map<LocalDate, List<ImpactPreview.Entry>> byDate = new LinkedHashMap<>();
        for (LocalDate date : dates) {
            List<ImpactPreview.Entry> onDate = new ArrayList<>();
            for (Source s : entries) {
                onDate.add(entry(s.source(), s.request(), date, active, errors));
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            byDate.put(date, onDate);
        }
        ImpactReport report = preview.compare(dataset, byDate, asOf, changeDates, leftOut, active, candidate);
        if (recordedLeftOut) {
            report = report.withNote("该时段记录的决定超过 " + maxRecorded + " 个，只预览了最早的 " + maxRecorded
                    + " 个；其余未预览。请缩短时段，或导出后重放全部 / more than " + maxRecorded
                    + " decisions were recorded in that range: only the earliest " + maxRecorded
                    + " were previewed (renovation.impact.max-recorded); preview a shorter range, or export and"
                    + " replay them all");
        }
        return report;
    }

    /** A request of the data set as it is stored, before it is read as of a date. */
    private record Source(String source, JsonNode request) {}

    private ImpactPreview.Entry entry(
            String source, JsonNode request, LocalDate asOf, CompiledRuleset active, List<FieldError> errors) {
        JsonNode r = request;
        if (r.isObject()) {
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
