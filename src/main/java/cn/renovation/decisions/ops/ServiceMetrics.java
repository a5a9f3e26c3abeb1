package cn.renovation.decisions.ops;

import cn.renovation.decisions.evaluation.DecisionRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The service's own Prometheus series (issue 13), beside Spring Boot's JVM, HTTP and pool metrics:
 * <ul>
 *   <li>{@code renovation_evaluations_total{outcome, ruleset}}: decisions recorded (so acknowledged), by
 *       eligibility outcome and the ruleset version that made them;</li>
 *   <li>{@code renovation_evaluation_seconds} (histogram, see {@link EvaluationTimingFilter});</li>
 *   <li>{@code renovation_log_commit_seconds} and {@code renovation_log_batch_records} (histograms): each
 *       group commit of the decision log, its latency and how many records it carried;</li>
 *   <li>{@code renovation_candidates_total{status}}, {@code renovation_activations_total{kind}},
 *       {@code renovation_uploads_rejected_total}: the publishing path, from the administrative actions;</li>
 *   <li>{@code renovation_ruleset_propagation_seconds}: activation elsewhere until served here (replicas).</li>
 * </ul>
 */
public final class ServiceMetrics {
    private final MeterRegistry registry;
    private final Timer commit;
    private final DistributionSummary batch;
    private final Counter rejectedUploads;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commit = Timer.builder("renovation.log.commit")
                .description("one group commit of the decision log, head lock to commit")
                .publishPercentileHistogram()
                .register(registry);
        this.batch = DistributionSummary.builder("renovation.log.batch")
                .baseUnit("records")
                .description("decision records written by one group commit")
                .publishPercentileHistogram()
                .maximumExpectedValue(4096.0)
                .register(registry);
        this.rejectedUploads = Counter.builder("renovation.uploads.rejected")
                .description(
                        "uploads refused before compiling (not a table of the serving ruleset, a rule file, a changed template)")
                .register(registry);
    }

    /** Counts each decision once it is recorded (the response is given out only then). */
    public DecisionRecorder counting(DecisionRecorder recorder) {
        return (ruleset, evaluated) -> {
            recorder.record(ruleset, evaluated);
            for (DecisionRecorder.Evaluated e : evaluated) {
                boolean eligible = e.decision().eligibility() != null
                        && e.decision().eligibility().eligible();
                registry.counter(
                                "renovation.evaluations",
                                "outcome",
                                eligible ? "eligible" : "ineligible",
                                "ruleset",
                                ruleset.version())
                        .increment();
            }
        };
    }

    /** One group commit of the decision log: how many records, and how long from head lock to commit. */
    public void committed(int records, long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
        batch.record(records);
    }

    /** One administrative action (the publishing log's {@code action} and {@code detail}). */
    public void acted(String action, String detail) {
        switch (action) {
            case "UPLOAD" ->
                registry.counter(
                                "renovation.candidates",
                                "status",
                                detail != null && detail.contains(" INVALID (") ? "INVALID" : "VALID")
                        .increment();
            case "ACTIVATE", "ROLLBACK", "ACTIVATE_INITIAL" ->
                registry.counter("renovation.activations", "kind", action).increment();
            case "UPLOAD_REFUSED" -> rejectedUploads.increment();
            default -> {}
        }
    }
}
