package cn.renovation.decisions.ruleset;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/** Indexes where each rule of a KieBase comes from (its table row or DRL file, and its clause) by {@code package.rule}. */
final class RuleOrigins {
    /** Decision-table rule names are {@code <RuleTable name>_<spreadsheet row>}. */
    private static final Pattern TABLE_RULE = Pattern.compile("^(.*)_(\\d+)$");

    private RuleOrigins() {}

    /** The key of a rule in the index (and in {@link RuleDates#read}): {@code package.rule}. */
    static String key(Rule rule) {
        return rule.getPackageName() + "." + rule.getName();
    }

    static Map<String, RuleOrigin> index(KieBase base) {
        Map<String, RuleOrigin> origins = new HashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule rule : p.getRules()) {
                Object clause = rule.getMetaData().get("clause");
                String path = rule instanceof RuleImpl ri && ri.getResource() != null
                        ? KieBaseBuilder.pathOf(ri.getResource().getSourcePath())
                        : null;
                Matcher m = TABLE_RULE.matcher(rule.getName());
                RuleOrigin o;
                if (path != null && (path.endsWith(".xlsx") || path.endsWith(".xls")) && m.matches()) {
                    o = new RuleOrigin(
                            rule.getName(),
                            clause == null ? null : clause.toString(),
                            path,
                            Integer.parseInt(m.group(2)),
                            null);
                } else {
                    o = new RuleOrigin(rule.getName(), clause == null ? null : clause.toString(), null, null, path);
                }
                origins.put(p.getName() + "." + rule.getName(), o);
            }
        }
        return origins;
    }

    /** A finding at the table row (or DRL file) a rule comes from; for an unknown origin, at the ruleset. */
    static RulesetFinding finding(RuleOrigin o, String message) {
        if (o == null) {
            return new RulesetFinding(null, null, null, message);
        }
        return new RulesetFinding(o.table() != null ? o.table() : o.file(), o.row(), null, message);
    }
}
