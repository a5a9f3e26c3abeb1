package cn.renovation.decisions.audit;

import cn.renovation.decisions.evaluation.DecisionRecorder;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records each decision with its validated request and full response in the decision log, after making
 * sure the ruleset that made it is archived (a decision must never cite a version that cannot be
 * replayed).
 */
final class AuditRecorder implements DecisionRecorder {
    private final DecisionLog log;
    private final RulesetArchive archive;

    public AuditRecorder(DecisionLog log, RulesetArchive archive) {
        this.log = log;
        this.archive = archive;
    }

    @Override
    public void record(CompiledRuleset ruleset, List<Evaluated> evaluated) {
        if (evaluated.isEmpty()) {
            return;
        }
        archive.archive(ruleset);
        List<DecisionRecord.Draft> drafts = new ArrayList<>(evaluated.size());
        for (Evaluated e : evaluated) {
            drafts.add(draft(e, log.format()));
        }
        log.append(drafts);
    }

    /**
     * Queues drafts made by {@link #draft} for the log and returns the future of their commit (audit bulk:
     * the evaluating threads go on while the log commits). The ruleset is archived first, as for {@link #record}.
     */
    CompletableFuture<List<DecisionRecord>> recordAsync(CompiledRuleset ruleset, List<DecisionRecord.Draft> drafts) {
        archive.archive(ruleset);
        return log.appendAsync(drafts);
    }

    /** The storage format the log writes: drafts for {@link #recordAsync} are made in it. */
    int format() {
        return log.format();
    }

    /** How long the log waits for a commit before an append is given up. */
    long appendTimeoutMillis() {
        return log.appendTimeoutMillis();
    }

    /**
     * Written straight from the records (half the time of going through a tree); the text is canonical all
     * the same — parsed and written again it gives the same bytes — which the export round trip relies on.
     * The response is the caller's bytes when the evaluation already wrote them. For the compact format the
     * texts are compressed here, on the request's thread, not on the log's one writer thread.
     */
    static DecisionRecord.Draft draft(Evaluated e, int format) {
        var d = e.decision();
        byte[] request = AuditJson.MAPPER.writeValueAsBytes(e.request());
        byte[] response = e.responseJson() != null ? e.responseJson() : AuditJson.MAPPER.writeValueAsBytes(d);
        if (format == RecordCodec.COMPACT) {
            return new DecisionRecord.Draft(
                    d.decisionId(),
                    d.evaluatedAt(),
                    d.rulesetVersion(),
                    d.communityId(),
                    d.asOf(),
                    null,
                    null,
                    RequestIds.current(),
                    RecordCodec.encode(request, response));
        }
        return new DecisionRecord.Draft(
                d.decisionId(),
                d.evaluatedAt(),
                d.rulesetVersion(),
                d.communityId(),
                d.asOf(),
                new String(request, StandardCharsets.UTF_8),
                new String(response, StandardCharsets.UTF_8),
                RequestIds.current());
    }
}
