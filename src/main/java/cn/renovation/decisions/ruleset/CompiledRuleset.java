package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.Catalog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.AgendaFilter;

/**
 * A ruleset compiled once and shared by every evaluation on it: the KieBase is thread-safe, the rest
 * is immutable. {@code origins} maps a rule's full name to where it comes from, for traces;
 * {@code validity} holds the dates of the table rows that carry them; {@code catalogs} holds the menu
 * as in force from each date on which a dated row starts or ends ({@link LocalDate#MIN} for the first
 * period), {@code periods} one date inside each period, for checks that must cover them all, and
 * {@code plans} what an evaluation session in each period starts from, and {@code parameters} the
 * parameter rows (code to value) in force in each period, keyed like {@code catalogs}: read before an
 * evaluation by checks that must use the ruleset's own policy values (the largest amount a request may carry).
 */
public record CompiledRuleset(
        String version,
        List<RulesetFile> files,
        Instant loadedAt,
        String location,
        KieBase kieBase,
        NavigableMap<LocalDate, Catalog> catalogs,
        List<LocalDate> periods,
        Map<String, RuleOrigin> origins,
        Map<String, Validity> validity,
        NavigableMap<LocalDate, SessionPlan> plans,
        NavigableMap<LocalDate, Map<String, String>> parameters) {

    /** A ruleset without parameter periods (built by hand in tests). */
    public CompiledRuleset(
            String version,
            List<RulesetFile> files,
            Instant loadedAt,
            String location,
            KieBase kieBase,
            NavigableMap<LocalDate, Catalog> catalogs,
            List<LocalDate> periods,
            Map<String, RuleOrigin> origins,
            Map<String, Validity> validity,
            NavigableMap<LocalDate, SessionPlan> plans) {
        this(version, files, loadedAt, location, kieBase, catalogs, periods, origins, validity, plans, null);
    }

    /** The value of a parameter row in force on a date, or null when no row of this ruleset defines it then. */
    public String parameterOn(LocalDate date, String code) {
        if (parameters == null || parameters.isEmpty()) {
            return null;
        }
        var e = parameters.floorEntry(date);
        return (e != null ? e.getValue() : parameters.firstEntry().getValue()).get(code);
    }

    public RuleOrigin origin(String packageName, String ruleName) {
        RuleOrigin o = origins.get(packageName + "." + ruleName);
        return o != null ? o : new RuleOrigin(ruleName, null, null, null, null);
    }

    /** What a session evaluating as of a date starts from; null for a ruleset built without plans. */
    public SessionPlan planOn(LocalDate date) {
        if (plans == null || plans.isEmpty()) {
            return null;
        }
        var e = plans.floorEntry(date);
        return e != null ? e.getValue() : plans.firstEntry().getValue();
    }

    /** The menu items in force on a date. */
    public Catalog catalogOn(LocalDate date) {
        var e = catalogs.floorEntry(date);
        return e != null ? e.getValue() : catalogs.firstEntry().getValue();
    }

    /**
     * Lets a match fire only if its rule's row is in force on the date; null when no row carries dates,
     * so an undated ruleset pays nothing for effective dating.
     */
    public AgendaFilter inForceOn(LocalDate date) {
        return validity.isEmpty()
                ? null
                : match -> {
                    Rule r = match.getRule();
                    Validity v = validity.get(r.getPackageName() + "." + r.getName());
                    return v == null || v.contains(date);
                };
    }
}
