package cn.renovation.decisions.workbench;

import cn.renovation.decisions.audit.Program;
import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.catalog.Clauses;
import cn.renovation.decisions.evaluation.EvaluationService;
import cn.renovation.decisions.evaluation.RequestReader;
import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.publishing.AdminAction;
import cn.renovation.decisions.publishing.AdminActionLog;
import cn.renovation.decisions.publishing.Candidate;
import cn.renovation.decisions.publishing.CandidateService;
import cn.renovation.decisions.publishing.ImpactDatasets;
import cn.renovation.decisions.publishing.ImpactReport;
import cn.renovation.decisions.publishing.PublishingController;
import cn.renovation.decisions.publishing.PublishingRefusedException;
import cn.renovation.decisions.publishing.UploadRefusedException;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.DecisionTable;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.TableDiff;
import cn.renovation.decisions.ruleset.XlsxSafety;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy staff's pages: the serving tables as grids, uploading edited tables (findings at their cells), a
 * candidate's cell-level diff and impact preview, approving or rejecting it with a comment, the history of
 * served versions and rollback, and trying a community on the active ruleset or a candidate. Every action
 * goes through the publishing service the JSON API uses, with the same maker-checker rules.
 */
@Controller
class PolicyPages extends PageSupport {
    private final RulesetRegistry registry;
    private final RulesetArchive archive;
    private final CandidateService candidates;
    private final ImpactDatasets datasets;
    private final PublishingController publishing;
    private final AdminActionLog actions;
    private final EvaluationService evaluation;
    private final JsonMapper mapper;
    private final Clauses clauses;
    private final Clock clock;
    private final ZoneId zone;
    private final Path testData;

    PolicyPages(
            RulesetRegistry registry,
            RulesetArchive archive,
            CandidateService candidates,
            ImpactDatasets datasets,
            PublishingController publishing,
            AdminActionLog actions,
            EvaluationService evaluation,
            JsonMapper mapper,
            Clauses clauses,
            Clock clock,
            ZoneId zone,
            @Value("${renovation.test-data-dir:test-data}") String testData) {
        this.registry = registry;
        this.archive = archive;
        this.candidates = candidates;
        this.datasets = datasets;
        this.publishing = publishing;
        this.actions = actions;
        this.evaluation = evaluation;
        this.mapper = mapper;
        this.clauses = clauses;
        this.clock = clock;
        this.zone = zone;
        this.testData = Path.of(testData);
    }

    @Override
    void onDefect(RulesetDefectException e) {
        registry.reportDefect(e.version(), e.getMessage(), java.time.Instant.now());
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    @GetMapping("/workbench/login")
    String login() {
        return "workbench/login";
    }

    /**
     * Where Spring Security forwards a refusal — a missing role or a missing or stale CSRF token — whatever the
     * method of the refused request (a POST forwarded here is a POST): every method answers, always 403.
     */
    @RequestMapping("/workbench/denied")
    String denied(Model model, HttpServletRequest req, HttpServletResponse res) {
        res.setStatus(403);
        model.addAttribute("title", "无权访问 / Not allowed");
        model.addAttribute(
                "messages",
                req.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException
                        ? List.of(
                                "表单已过期或缺少令牌，请重新打开页面再提交 / the form has expired or carries no token: reload the page and send it again")
                        : List.of(
                                "您的角色不能访问此页面 / your role does not allow this page: the ruleset pages need EDITOR or APPROVER, "
                                        + "approving and rolling back need APPROVER, recorded decisions need AUDITOR"));
        return "workbench/error";
    }

    @GetMapping({"/workbench", "/workbench/"})
    String home(Model model) {
        model.addAttribute(
                "active", registry.current().map(CompiledRuleset::version).orElse(null));
        return "workbench/home";
    }

    @GetMapping("/workbench/plan")
    String plan(Model model) {
        model.addAttribute("clauseList", clauses.all());
        return "workbench/plan";
    }

    // ---- the serving ruleset ----

    @GetMapping("/workbench/ruleset")
    String ruleset(@RequestParam(required = false) String version, Model model) throws IOException {
        CompiledRuleset rs = ruleset(version);
        List<TableGrid> grids = new ArrayList<>();
        for (RulesetFile f : rs.files()) {
            if (f.isDecisionTable()) {
                grids.addAll(TableGrid.of(f, List.of(), Map.of(), clauses, today()));
            }
        }
        model.addAttribute("version", rs.version());
        model.addAttribute(
                "serving",
                registry.current().map(r -> r.version().equals(rs.version())).orElse(false));
        model.addAttribute("loadedAt", rs.loadedAt());
        model.addAttribute("grids", grids);
        model.addAttribute(
                "ruleFiles",
                rs.files().stream()
                        .filter(f -> !f.isDecisionTable())
                        .map(RulesetFile::path)
                        .toList());
        model.addAttribute("today", today());
        return "workbench/ruleset";
    }

    private CompiledRuleset ruleset(String version) {
        if (version == null || version.isBlank()) {
            return registry.active();
        }
        return registry.find(version, archive::files)
                .orElseThrow(() -> new NotFoundException(
                        "版本不存在 / no ruleset " + version + " is known (serving, cached or archived)"));
    }

    @GetMapping("/workbench/ruleset/file")
    ResponseEntity<byte[]> download(@RequestParam(required = false) String version, @RequestParam String path) {
        RulesetFile f = ruleset(version).files().stream()
                .filter(x -> x.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no file " + path + " in that ruleset"));
        MediaType type = f.isDecisionTable()
                ? MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                : MediaType.TEXT_PLAIN;
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(f.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(f.content());
    }

    // ---- candidates ----

    @GetMapping("/workbench/candidates")
    String candidates(Model model) {
        List<Candidate> list = new ArrayList<>(candidates.list());
        Collections.reverse(list);
        model.addAttribute("candidates", list);
        model.addAttribute(
                "active", registry.current().map(CompiledRuleset::version).orElse(null));
        return "workbench/candidates";
    }

    /**
     * Edited tables, dragged onto the page: each is recognised by the table inside it (its RuleTable names and
     * sheet), not by its file name, so {@code shares (1).xlsx} from a browser's downloads is the shares table.
     */
    @PostMapping("/workbench/candidates")
    String upload(@RequestParam(name = "file", required = false) List<MultipartFile> files, Model model)
            throws IOException {
        CompiledRuleset base = registry.active();
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        Map<String, String> recognised = new LinkedHashMap<>();
        for (MultipartFile f : files == null ? List.<MultipartFile>of() : files) {
            if (f.isEmpty()
                    && (f.getOriginalFilename() == null
                            || f.getOriginalFilename().isBlank())) {
                continue;
            }
            byte[] bytes = f.getBytes();
            String name = f.getOriginalFilename() == null ? f.getName() : f.getOriginalFilename();
            String path = Recognition.servedPath(bytes, base.files()).orElse(name);
            recognised.put(name, path);
            uploads.put(path, bytes);
        }
        model.addAttribute("recognised", recognised);
        List<RulesetFinding> findings;
        List<String> caseFailures = List.of();
        try {
            Candidate c = candidates.upload(uploads, currentUser());
            if (c.status() == Candidate.Status.VALID) {
                return "redirect:/workbench/candidates/" + c.id();
            }
            findings = c.validation().findings();
            caseFailures = c.validation().caseFailures().stream()
                    .map(x -> x.file() + (x.clause().isEmpty() ? "" : " (" + x.clause() + ")") + ": "
                            + String.join("; ", x.mismatches()))
                    .toList();
            model.addAttribute("candidate", c);
        } catch (UploadRefusedException e) {
            findings = e.report().findings();
        } catch (InvalidRequestException e) {
            model.addAttribute("errors", messages(e.errors()));
            findings = List.of();
        }
        List<TableGrid> grids = new ArrayList<>();
        for (var u : uploads.entrySet()) {
            if (base.files().stream().anyMatch(f -> f.path().equals(u.getKey()))
                    && XlsxSafety.refusal(u.getValue()).isEmpty()) {
                try {
                    grids.addAll(TableGrid.of(
                            RulesetFile.of(u.getKey(), u.getValue()), findings, Map.of(), clauses, today()));
                } catch (IOException | RuntimeException e) {
                    // unreadable: its findings are listed below the grids
                }
            }
        }
        // what no grid shows at a cell or row (or lists under its table) is listed above the grids
        List<RulesetFinding> unplaced = findings.stream()
                .filter(x -> grids.stream().noneMatch(g -> g.shows(x)))
                .toList();
        model.addAttribute("findings", findings);
        model.addAttribute("unplaced", unplaced);
        model.addAttribute("caseFailures", caseFailures);
        model.addAttribute("grids", grids);
        return "workbench/upload-findings";
    }

    @GetMapping("/workbench/candidates/{id}")
    String candidate(
            @PathVariable String id,
            @RequestParam(required = false) String dataset,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Model model)
            throws IOException {
        long started = System.nanoTime();
        Candidate c = candidates.get(id);
        model.addAttribute("c", c);
        CompiledRuleset serving = registry.active();
        CompiledRuleset base = serving;
        if (c.status() == Candidate.Status.ACTIVATED || c.status() == Candidate.Status.WITHDRAWN) {
            base = registry.find(c.basedOn(), archive::files).orElse(serving);
        }
        CompiledRuleset cand = null;
        if (c.status() != Candidate.Status.INVALID) {
            try {
                // what approving it would serve: rebased on the serving version when its base no longer serves
                cand = candidates.asItWouldServe(c);
            } catch (RuntimeException e) {
                model.addAttribute("compileNote", e.getMessage());
            }
        }
        List<TableDiff.CellChange> changes = new ArrayList<>();
        List<TableGrid> grids = new ArrayList<>();
        if (cand != null) {
            for (String path : c.changedFiles()) {
                RulesetFile now = file(base, path);
                RulesetFile edited = file(cand, path);
                if (now == null || edited == null || !edited.isDecisionTable()) {
                    continue;
                }
                List<TableDiff.CellChange> d = TableDiff.diff(now, edited);
                changes.addAll(d);
                Map<String, String> was = new LinkedHashMap<>();
                d.stream().filter(x -> !x.kind().equals("REMOVED")).forEach(x -> was.put(x.ref(), x.from()));
                grids.addAll(TableGrid.of(
                        edited,
                        c.validation() == null ? List.of() : c.validation().findings(),
                        was,
                        clauses,
                        today()));
            }
        }
        model.addAttribute("changes", TableDiff.lines(changes));
        try {
            model.addAttribute("sentences", candidates.changes(c));
        } catch (RuntimeException e) {
            model.addAttribute("sentencesNote", "无法读取修改的表 / the changed tables cannot be read: " + e.getMessage());
        }
        model.addAttribute("changedCells", changes.size());
        model.addAttribute("grids", grids);
        String ds = dataset == null ? "program" : dataset;
        // without a date, the preview runs on every date on which the change changes the rows in force
        model.addAttribute("dataset", ds);
        model.addAttribute("asOf", asOf);
        model.addAttribute("from", from == null ? today().minusDays(30) : from);
        model.addAttribute("to", to == null ? today() : to);
        if (cand != null && c.status() == Candidate.Status.VALID) {
            try {
                ImpactReport impact = datasets.compare(
                        ds,
                        asOf,
                        ds.equals("recorded") ? (from == null ? today().minusDays(30) : from) : from,
                        ds.equals("recorded") ? (to == null ? today() : to) : to,
                        serving,
                        cand);
                model.addAttribute("impact", impact);
                model.addAttribute(
                        "impactChart",
                        BarChart.of(
                                impact.totals().stream()
                                        .map(t -> t.source().name())
                                        .toList(),
                                List.of("现行 serving", "候选 candidate"),
                                impact.totals().stream()
                                        .map(t -> List.of(t.from(), t.to()))
                                        .toList()));
            } catch (InvalidRequestException e) {
                model.addAttribute("impactErrors", messages(e.errors()));
            }
        }
        model.addAttribute("renderMillis", (System.nanoTime() - started) / 1_000_000);
        return "workbench/candidate";
    }

    private static RulesetFile file(CompiledRuleset rs, String path) {
        return rs.files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElse(null);
    }

    @PostMapping("/workbench/candidates/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) String comment, RedirectAttributes flash) {
        try {
            Candidate c = candidates.activate(id, currentUser());
            comment("APPROVE_COMMENT", id, comment);
            flash.addFlashAttribute("notice", "已批准，新版本已生效 / approved: " + c.version() + " now serves");
        } catch (PublishingRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/workbench/candidates/" + id;
    }

    @PostMapping("/workbench/candidates/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(required = false) String comment, RedirectAttributes flash) {
        if (comment == null || comment.isBlank()) {
            flash.addFlashAttribute(
                    "problem", "请说明驳回理由 / say why it is rejected: the comment is recorded with the rejection");
            return "redirect:/workbench/candidates/" + id;
        }
        try {
            candidates.withdraw(id, currentUser());
            comment("REJECT_COMMENT", id, comment);
            flash.addFlashAttribute("notice", "已驳回 / rejected; the serving version is unchanged");
        } catch (PublishingRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/workbench/candidates/" + id;
    }

    private void comment(String action, String target, String comment) {
        if (comment != null && !comment.isBlank()) {
            String text = comment.strip();
            actions.record(new AdminAction(
                    clock.instant(),
                    currentUser(),
                    action,
                    target,
                    text.length() > 2000 ? text.substring(0, 2000) : text));
        }
    }

    // ---- history and rollback ----

    @GetMapping("/workbench/history")
    String history(Model model) {
        model.addAttribute("served", mapper.convertValue(publishing.served(), Map.class));
        List<AdminAction> all = new ArrayList<>(actions.all());
        Collections.reverse(all);
        model.addAttribute("actions", all.size() > 300 ? all.subList(0, 300) : all);
        return "workbench/history";
    }

    @PostMapping("/workbench/history/rollback")
    String rollback(
            @RequestParam String version, @RequestParam(required = false) String comment, RedirectAttributes flash) {
        try {
            CompiledRuleset rs = candidates.rollback(version, currentUser());
            comment("ROLLBACK_COMMENT", version, comment);
            flash.addFlashAttribute("notice", "已回退 / rolled back: " + rs.version() + " serves again");
        } catch (PublishingRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/workbench/history";
    }

    // ---- try a community ----

    @GetMapping("/workbench/try")
    String tryForm(@RequestParam(required = false) String community, Model model) throws IOException {
        String json = example();
        if (community != null) {
            for (Program.Batch b : Program.read(testData.resolve("program")).batches()) {
                for (JsonNode r : b.requests()) {
                    if (community.equals(r.at("/community/id").asString())) {
                        json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(r);
                    }
                }
            }
        }
        tryModel(model, json, "ACTIVE");
        return "workbench/try";
    }

    @PostMapping("/workbench/try")
    String tryIt(@RequestParam String json, @RequestParam(defaultValue = "ACTIVE") String on, Model model) {
        tryModel(model, json, on);
        CompiledRuleset rs = on.equals("ACTIVE") ? registry.active() : candidates.compiled(candidates.get(on));
        JsonNode body;
        try {
            body = mapper.readTree(json);
        } catch (JacksonException e) {
            model.addAttribute("errors", List.of("不是有效的JSON / not valid JSON: " + e.getOriginalMessage()));
            return "workbench/try";
        }
        try {
            var request = RequestReader.read(body, rs, today()).answeringWhatWouldChange();
            JsonNode decision = mapper.valueToTree(evaluation.evaluate(rs, request));
            model.addAttribute("d", DecisionModel.of(decision, body, mapper));
            model.addAttribute("decisionVersion", rs.version());
        } catch (InvalidRequestException e) {
            model.addAttribute("errors", messages(e.errors()));
        }
        return "workbench/try";
    }

    private void tryModel(Model model, String json, String on) {
        model.addAttribute("json", json);
        model.addAttribute("on", on);
        model.addAttribute(
                "valid",
                candidates.list().stream()
                        .filter(c -> c.status() == Candidate.Status.VALID)
                        .toList());
        List<String> communities = new ArrayList<>();
        for (Program.Batch b : Program.read(testData.resolve("program")).batches()) {
            for (JsonNode r : b.requests()) {
                communities.add(r.at("/community/id").asString() + " "
                        + r.at("/community/name").asString(""));
            }
        }
        model.addAttribute("communities", communities);
    }

    private static String example() {
        try (var in =
                PolicyPages.class.getClassLoader().getResourceAsStream("openapi/evaluation-request.example.json")) {
            return in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Recognises an uploaded workbook by the tables inside it. */
    static final class Recognition {
        private Recognition() {}

        /** The path of the serving table file whose RuleTables (and first sheet) the workbook holds, when exactly one does. */
        static java.util.Optional<String> servedPath(byte[] bytes, List<RulesetFile> servedFiles) {
            if (XlsxSafety.refusal(bytes).isPresent()) {
                return java.util.Optional.empty(); // not opened: the upload check reports why
            }
            Set<String> names;
            String sheet;
            try {
                List<DecisionTable> tables = DecisionTable.read(RulesetFile.of("upload.drl.xlsx", bytes));
                if (tables.isEmpty()) {
                    return java.util.Optional.empty();
                }
                names = tables.stream().map(DecisionTable::name).collect(java.util.stream.Collectors.toSet());
                sheet = tables.get(0).sheet();
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
            List<String> byTables = new ArrayList<>();
            List<String> bySheetToo = new ArrayList<>();
            for (RulesetFile f : servedFiles) {
                if (!f.isDecisionTable()) {
                    continue;
                }
                try {
                    List<DecisionTable> served = DecisionTable.read(f);
                    if (served.stream()
                            .map(DecisionTable::name)
                            .collect(java.util.stream.Collectors.toSet())
                            .equals(names)) {
                        byTables.add(f.path());
                        if (!served.isEmpty() && served.get(0).sheet().equals(sheet)) {
                            bySheetToo.add(f.path());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a serving table always reads; nothing to match otherwise
                }
            }
            if (byTables.size() == 1) {
                return java.util.Optional.of(byTables.get(0));
            }
            return bySheetToo.size() == 1 ? java.util.Optional.of(bySheetToo.get(0)) : java.util.Optional.empty();
        }
    }

    static BigDecimal zero() {
        return BigDecimal.ZERO;
    }
}
