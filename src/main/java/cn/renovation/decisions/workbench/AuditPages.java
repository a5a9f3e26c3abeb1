package cn.renovation.decisions.workbench;

import cn.renovation.decisions.audit.AuditController;
import cn.renovation.decisions.audit.AuditJson;
import cn.renovation.decisions.audit.ChainVerifier;
import cn.renovation.decisions.audit.DecisionLog;
import cn.renovation.decisions.audit.DecisionRecord;
import cn.renovation.decisions.audit.Program;
import cn.renovation.decisions.audit.ProgramTargets;
import cn.renovation.decisions.audit.Replayer;
import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.evaluation.EvaluationService;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.NotFoundException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auditors' pages (role AUDITOR; recorded decisions hold residents' data): search, one decision as a readable
 * explanation with the plan's sentences, replay on the recorded, the active or a chosen version, the chain's
 * verify, export, and the programme's 66 communities. Each uses the audit services the JSON API uses.
 */
@Controller
class AuditPages extends PageSupport {
    private static final int MAX_LISTED = 500;
    private final DecisionLog log;
    private final Replayer replayer;
    private final AuditController audit;
    private final RulesetArchive archive;
    private final RulesetRegistry registry;
    private final EvaluationService evaluation;
    private final JsonMapper mapper;
    private final Clock clock;
    private final ZoneId zone;
    private final Path testData;

    AuditPages(
            DecisionLog log,
            Replayer replayer,
            AuditController audit,
            RulesetArchive archive,
            RulesetRegistry registry,
            EvaluationService evaluation,
            JsonMapper mapper,
            Clock clock,
            ZoneId zone,
            @Value("${renovation.test-data-dir:test-data}") String testData) {
        this.log = log;
        this.replayer = replayer;
        this.audit = audit;
        this.archive = archive;
        this.registry = registry;
        this.evaluation = evaluation;
        this.mapper = mapper;
        this.clock = clock;
        this.zone = zone;
        this.testData = Path.of(testData);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** A row of the search results. */
    public record Found(
            String decisionId,
            Instant evaluatedAt,
            String communityId,
            LocalDate asOf,
            String rulesetVersion,
            boolean eligible,
            long selected) {}

    @GetMapping("/workbench/decisions")
    String search(
            @RequestParam(required = false) String communityId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) String outcome,
            Model model) {
        String community = communityId == null || communityId.isBlank() ? null : communityId.strip();
        Instant start = from == null ? null : from.atStartOfDay(zone).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
        List<Found> found = new ArrayList<>();
        // at most 5,000 records looked at, one decoded at a time (never a list of 5,000 decisions in memory)
        boolean[] more = {false};
        log.searchEach(community, start, end, null, 5_000, r -> {
            if (version != null && !version.isBlank() && !r.rulesetVersion().startsWith(version.strip())) {
                return true;
            }
            JsonNode response = AuditJson.parse(r.responseJson());
            boolean eligible = response.path("eligibility").path("eligible").asBoolean();
            if (outcome != null
                    && ((outcome.equals("ELIGIBLE") && !eligible) || (outcome.equals("NOT_ELIGIBLE") && eligible))) {
                return true;
            }
            if (found.size() == MAX_LISTED) {
                more[0] = true;
                return false;
            }
            long selected = response.path("menu")
                    .path("items")
                    .valueStream()
                    .filter(i -> i.path("status").asString().equals("SELECTED"))
                    .count();
            found.add(new Found(
                    r.decisionId(),
                    r.evaluatedAt(),
                    r.communityId(),
                    r.asOf(),
                    r.rulesetVersion(),
                    eligible,
                    selected));
            return true;
        });
        model.addAttribute("found", found);
        model.addAttribute("more", more[0]);
        model.addAttribute("communityId", community);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("version", version);
        model.addAttribute("outcome", outcome);
        return "workbench/decisions";
    }

    @GetMapping("/workbench/decisions/{id}")
    String decision(@PathVariable String id, Model model) {
        decisionModel(id, model);
        return "workbench/decision";
    }

    private DecisionRecord decisionModel(String id, Model model) {
        DecisionRecord r =
                log.find(id).orElseThrow(() -> new NotFoundException("没有此决定 / no decision " + id + " is recorded"));
        JsonNode request = AuditJson.parse(r.requestJson());
        model.addAttribute("r", r);
        model.addAttribute("d", DecisionModel.of(AuditJson.parse(r.responseJson()), request, mapper));
        model.addAttribute(
                "requestJson", mapper.writerWithDefaultPrettyPrinter().writeValueAsString(request));
        model.addAttribute(
                "active", registry.current().map(CompiledRuleset::version).orElse(null));
        model.addAttribute("versions", archive.versions());
        return r;
    }

    @PostMapping("/workbench/decisions/{id}/replay")
    String replay(
            @PathVariable String id,
            @RequestParam(defaultValue = Replayer.RECORDED) String against,
            @RequestParam(required = false) String version,
            Model model) {
        DecisionRecord r = decisionModel(id, model);
        String on = against.equals("VERSION") ? (version == null ? "" : version.strip()) : against;
        try {
            Replayer.Report report = replayer.replay(List.of(r), replayer.checkAgainst(on));
            model.addAttribute("replay", report.results().get(0));
        } catch (InvalidRequestException e) {
            model.addAttribute("replayErrors", messages(e.errors()));
        }
        model.addAttribute("against", against);
        return "workbench/decision";
    }

    /** The record as GET /api/v1/decisions/{id} gives it, as a file. */
    @GetMapping("/workbench/decisions/{id}/record.json")
    ResponseEntity<byte[]> record(@PathVariable String id) {
        JsonNode record = audit.decision(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("decision-" + id + ".json")
                                .build()
                                .toString())
                .body(mapper.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(record)
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** JSON Lines with the rulesets' files, as the API's export: what the command line replays and verifies offline. */
    @GetMapping("/workbench/audit/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String communityId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        ResponseEntity<StreamingResponseBody> e = audit.export(blank(communityId), blank(from), blank(to));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("decisions.jsonl")
                                .build()
                                .toString())
                .body(e.getBody());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @GetMapping("/workbench/audit/verify")
    String verify(Model model) {
        long started = System.nanoTime();
        ChainVerifier.Report report = audit.verify();
        model.addAttribute("report", report);
        model.addAttribute("millis", (System.nanoTime() - started) / 1_000_000);
        return "workbench/verify";
    }

    /** A community of the programme with what the active ruleset decides for it and how many decisions are recorded. */
    public record Community(
            String batch,
            String id,
            String name,
            int households,
            int buildings,
            LocalDate planned,
            boolean late,
            Boolean eligible,
            int recorded,
            String latestDecision) {}

    public record BatchRow(
            String name, String targetCommunities, int communities, LocalDate deadline, long eligible, long late) {}

    public record TargetRow(String label, String clause, String target, String actual) {}

    @GetMapping("/workbench/program")
    String program(Model model) {
        Program program = Program.read(testData.resolve("program"));
        CompiledRuleset rs = registry.active();
        ProgramTargets targets = new ProgramTargets(rs, today());
        List<Community> communities = new ArrayList<>();
        List<BatchRow> batches = new ArrayList<>();
        Map<String, Map<String, BigDecimal>> funding = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        int households = 0, buildings = 0;
        BigDecimal area = BigDecimal.ZERO;
        for (Program.Batch b : program.batches()) {
            LocalDate deadline = targets.batchDeadline(b.name()).orElse(null);
            long eligibleCount = 0, lateCount = 0;
            Map<String, BigDecimal> byFunding = new LinkedHashMap<>();
            for (JsonNode req : b.requests()) {
                String id = req.at("/community/id").asString();
                JsonNode decision;
                Boolean eligible = null;
                try {
                    decision = mapper.valueToTree(evaluation.evaluate(rs, RequestReader.read(req, rs, today())));
                    eligible = decision.path("eligibility").path("eligible").asBoolean();
                    for (JsonNode t : decision.path("funding").path("totals")) {
                        String s = t.path("source").asString();
                        if (!sources.contains(s)) {
                            sources.add(s);
                        }
                        if (t.path("amount").isNumber()) {
                            byFunding.merge(s, t.path("amount").decimalValue(), BigDecimal::add);
                        }
                    }
                } catch (InvalidRequestException e) {
                    // a community the active ruleset cannot read is shown without a decision
                }
                LocalDate planned = program.plannedCompletion().get(id);
                boolean late = planned != null && deadline != null && planned.isAfter(deadline);
                eligibleCount += Boolean.TRUE.equals(eligible) ? 1 : 0;
                lateCount += late ? 1 : 0;
                DecisionLog.Tally recorded = log.tally(id);
                JsonNode buildingsNode = req.at("/community/buildings");
                households += req.at("/community/households").asInt();
                buildings += buildingsNode.size();
                for (JsonNode bl : buildingsNode) {
                    area = area.add(bl.path("floorAreaM2").decimalValue());
                }
                communities.add(new Community(
                        b.name(),
                        id,
                        req.at("/community/name").asString(""),
                        req.at("/community/households").asInt(),
                        buildingsNode.size(),
                        planned,
                        late,
                        eligible,
                        (int) Math.min(Integer.MAX_VALUE, recorded.records()),
                        recorded.newest()));
            }
            funding.put(b.name(), byFunding);
            batches.add(new BatchRow(
                    b.name(),
                    targets.batchCommunities(b.name()).orElse("-"),
                    b.requests().size(),
                    deadline,
                    eligibleCount,
                    lateCount));
        }
        List<TargetRow> targetRows = List.of(
                new TargetRow(
                        "小区 communities",
                        "2.1",
                        targets.value("PROGRAM_COMMUNITIES").orElse("-"),
                        Integer.toString(communities.size())),
                new TargetRow(
                        "楼栋 buildings",
                        "2.1",
                        targets.value("PROGRAM_BUILDINGS").orElse("-"),
                        Integer.toString(buildings)),
                new TargetRow(
                        "户 households",
                        "2.1",
                        targets.value("PROGRAM_HOUSEHOLDS").orElse("-"),
                        Integer.toString(households)),
                new TargetRow(
                        "建筑面积 floor area m²",
                        "2.1",
                        targets.value("PROGRAM_FLOOR_AREA_M2").orElse("-"),
                        area.stripTrailingZeros().toPlainString()));
        List<List<BigDecimal>> values = new ArrayList<>();
        for (String s : sources) {
            values.add(program.batches().stream()
                    .map(b -> funding.get(b.name()).getOrDefault(s, BigDecimal.ZERO))
                    .toList());
        }
        model.addAttribute("title", program.title());
        model.addAttribute("targets", targetRows);
        model.addAttribute("batches", batches);
        model.addAttribute("communities", communities);
        model.addAttribute("sources", sources);
        model.addAttribute("funding", funding);
        model.addAttribute(
                "fundingChart",
                BarChart.of(
                        sources,
                        program.batches().stream()
                                .map(b -> "批次 batch " + b.name())
                                .toList(),
                        values));
        model.addAttribute("version", rs.version());
        return "workbench/program";
    }
}
