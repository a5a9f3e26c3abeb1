package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.ruleset.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Policy staff's path from an edited table to production: validate, propose a candidate, preview its
 * impact, activate it (another person), roll back. Who may do what is in {@link SecurityConfiguration}.
 */
@RestController
@RequestMapping(path = "/api/v1/rulesets", produces = MediaType.APPLICATION_JSON_VALUE)
public class PublishingController {
    private final CandidateService candidates;
    private final ImpactDatasets datasets;
    private final RulesetRegistry registry;
    private final AdminActionLog actions;
    private final PublishingStore store;

    PublishingController(
            CandidateService candidates,
            ImpactDatasets datasets,
            RulesetRegistry registry,
            AdminActionLog actions,
            PublishingStore store) {
        this.store = store;
        this.candidates = candidates;
        this.datasets = datasets;
        this.registry = registry;
        this.actions = actions;
    }

    @PostMapping(path = "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ValidationReport validate(
            @RequestParam(name = "file", required = false) List<MultipartFile> files, Principal who) {
        return candidates.validate(read(files), who.getName());
    }

    @PostMapping(path = "/candidates", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Candidate upload(@RequestParam(name = "file", required = false) List<MultipartFile> files, Principal who) {
        return candidates.upload(read(files), who.getName());
    }

    @PostMapping("/candidates/from-directory")
    @ResponseStatus(HttpStatus.CREATED)
    public Candidate fromDirectory(Principal who) {
        return candidates.fromDirectory(who.getName());
    }

    @GetMapping("/candidates")
    public List<Candidate> list() {
        return candidates.list();
    }

    /** A candidate with {@code changes}: its tables' change in words, row by row (not in the list). */
    @GetMapping("/candidates/{id}")
    public Candidate get(@PathVariable String id) {
        return candidates.describe(id);
    }

    /**
     * Side by side on a data set: {@code program} (the plan's 66 communities), {@code recorded} (decisions
     * recorded from {@code from} to {@code to}) or {@code cases}; {@code asOf} evaluates them all as of the
     * date a change takes effect.
     */
    @GetMapping("/candidates/{id}/impact")
    public ImpactReport impact(
            @PathVariable String id,
            @RequestParam(defaultValue = "program") String dataset,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        // what approving it would serve now: rebased on the serving version when its base no longer serves
        CompiledRuleset candidate = candidates.asItWouldServe(candidates.get(id));
        return datasets.compare(dataset, asOf, from, to, registry.active(), candidate);
    }

    @PostMapping("/candidates/{id}/activate")
    public Candidate activate(@PathVariable String id, Principal who) {
        return candidates.activate(id, who.getName());
    }

    @PostMapping("/candidates/{id}/withdraw")
    public Candidate withdraw(@PathVariable String id, Principal who) {
        return candidates.withdraw(id, who.getName());
    }

    @PostMapping("/{version}/activate")
    public Map<String, Object> rollback(@PathVariable String version, Principal who) {
        CompiledRuleset rs = candidates.rollback(version, who.getName());
        return Map.of("version", rs.version(), "activatedBy", who.getName());
    }

    /** Every version that served, newest first, with who activated it and how: the versions a rollback may return to. */
    @GetMapping
    public Served served() {
        return new Served(registry.current().map(CompiledRuleset::version).orElse(null), store.activations());
    }

    public record Served(String active, List<PublishingStore.Activation> activations) {}

    @GetMapping("/actions")
    public List<AdminAction> actions() {
        return actions.all();
    }

    private static Map<String, byte[]> read(List<MultipartFile> files) {
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        if (files != null) {
            for (MultipartFile f : files) {
                try {
                    uploads.put(f.getOriginalFilename() == null ? f.getName() : f.getOriginalFilename(), f.getBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return uploads;
    }
}
