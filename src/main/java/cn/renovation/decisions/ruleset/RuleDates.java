package cn.renovation.decisions.ruleset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/** Reads the valid-from / valid-to metadata of a KieBase's dated rows, and the periods in which they differ. */
final class RuleDates {
    private RuleDates() {}

    /** The dates of each dated rule by {@link RuleOrigins#key}; a date that cannot be read is a finding at its row. */
    static Map<String, Validity> read(KieBase base, Map<String, RuleOrigin> origins) {
        Map<String, Validity> validity = new HashMap<>();
        List<RulesetFinding> findings = new ArrayList<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule rule : p.getRules()) {
                String key = p.getName() + "." + rule.getName();
                try {
                    Validity v = new Validity(
                            Validity.parseDate(rule.getMetaData().get("validFrom")),
                            Validity.parseDate(rule.getMetaData().get("validTo")));
                    if (!v.isAlways()) {
                        validity.put(key, v);
                    }
                } catch (IllegalArgumentException e) {
                    findings.add(RuleOrigins.finding(origins.get(key), "valid-from/valid-to: " + e.getMessage()));
                }
            }
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("a table row has dates that cannot be read", findings);
        }
        return validity;
    }

    /**
     * The first day of each period in which a different set of rows is in force: the menu can differ only
     * where a dated row starts or ends. The first period is represented by the day before the first start
     * (or 2020-01-01 when nothing is dated).
     */
    static List<LocalDate> periods(Map<String, Validity> validity) {
        TreeSet<LocalDate> starts = new TreeSet<>();
        validity.values().forEach(v -> {
            if (v.from() != null) {
                starts.add(v.from());
            }
            if (v.to() != null) {
                starts.add(v.to().plusDays(1));
            }
        });
        List<LocalDate> periods = new ArrayList<>();
        periods.add(starts.isEmpty() ? LocalDate.of(2020, 1, 1) : starts.first().minusDays(1));
        periods.addAll(starts);
        return periods;
    }
}
