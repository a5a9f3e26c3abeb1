package cn.renovation.decisions.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.SelfCheck;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up runs the cell checks that validate and an upload run: one gate, whichever way a ruleset comes to serve. */
class RulesetGateTests {
    final RulesetRegistry registry =
            new RulesetRegistry(new RulesetCompiler(Clock.systemUTC()), new SelfCheck(new DecisionEngine()), 4);

    @Test
    void startUp_aDirectoryAnUploadWouldBeRefusedFor_doesNotServe_andSaysWhichCell(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        // compiles and self-checks (the text is pasted into a comment), but a cell check refuses it
        RulesetDirs.setCell(
                dir.resolve("decision-tables/funding/shares.drl.xlsx"),
                "ELEVATOR_RETROFIT",
                0,
                "电梯 */ $l.share(\"RESIDENTS\", \"1\"); /*");
        RulesetException e = catchThrowableOfType(RulesetException.class, () -> registry.activate(dir));
        assertThat(e.findings())
                .anySatisfy(
                        f -> assertThat(f.location()).isEqualTo("decision-tables/funding/shares.drl.xlsx!Shares!A23"));
        assertThat(RulesetGate.check(RulesetSource.read(dir)).findings()).isNotEmpty();
    }

    @Test
    void startUp_theBundledRuleset_passesTheGate(@TempDir Path dir) throws Exception {
        RulesetDirs.copyBundled(dir);
        assertThat(RulesetGate.check(RulesetSource.read(dir)).findings()).isEmpty();
        assertThat(registry.activate(dir).version()).startsWith("sha256:");
    }
}
