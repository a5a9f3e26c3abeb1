package cn.renovation.decisions.audit;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The programme's targets as the ruleset's {@code program} table states them on a date (plan 2.1: the
 * communities, buildings, households and floor area to renovate; 2.2: each yearly batch's size and
 * deadline). The report compares the programme's data set and its decisions with them; nothing here is a
 * number of its own.
 */
public record ProgramTargets(CompiledRuleset ruleset, LocalDate on) {
    public static final String TABLE = "decision-tables/program/targets.drl.xlsx";

    public Optional<String> value(String code) {
        return Optional.ofNullable(ruleset.parameterOn(on, code)).filter(v -> !v.isBlank());
    }

    public Optional<String> batchCommunities(String batch) {
        return value("BATCH_" + batch + "_COMMUNITIES");
    }

    public Optional<LocalDate> batchDeadline(String batch) {
        return value("BATCH_" + batch + "_DEADLINE").map(LocalDate::parse);
    }
}
