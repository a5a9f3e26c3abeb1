package cn.renovation.decisions.audit;

import cn.renovation.decisions.assessment.DecisionRecorder;
import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.web.RequestIds;

import java.util.ArrayList;
import java.util.List;

/**
 * Records each decision with its validated request and full response in the decision log, after making
 * sure the ruleset that made it is archived (a decision must never cite a version that cannot be
 * replayed).
 */
public final class AuditRecorder implements DecisionRecorder {
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
            drafts.add(draft(e));
        }
        log.append(drafts);
    }

    /**
     * Written straight from the records (half the time of going through a tree); the text is canonical all
     * the same — parsed and written again it gives the same bytes — which the export round trip relies on.
     */
    static DecisionRecord.Draft draft(Evaluated e) {
        var d = e.decision();
        return new DecisionRecord.Draft(d.decisionId(), d.evaluatedAt(), d.rulesetVersion(), d.communityId(), d.asOf(),
                AuditJson.MAPPER.writeValueAsString(e.request()), AuditJson.MAPPER.writeValueAsString(d), RequestIds.current());
    }
}
