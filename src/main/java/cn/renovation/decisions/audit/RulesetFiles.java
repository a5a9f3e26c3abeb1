package cn.renovation.decisions.audit;

import cn.renovation.decisions.ruleset.RulesetFile;
import java.util.List;
import java.util.Optional;

/** Where archived ruleset files come from: the database archive, or the rulesets carried in an export file. */
@FunctionalInterface
interface RulesetFiles {
    Optional<List<RulesetFile>> files(String version);
}
