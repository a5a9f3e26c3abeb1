package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash mid-write: a separate JVM appends to the embedded log from eight threads and is killed
 * (SIGKILL, no shutdown hook runs) while it writes. Every append it had confirmed must be there, and the
 * log must verify — whatever was in flight is either wholly there or not at all.
 */
class DecisionLogCrashTests {
    @TempDir
    Path dir;

    @Test
    void kill_whileAppending_everyConfirmedRecordSurvivesAndTheChainVerifies() throws Exception {
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashWriter.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> confirmed = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && confirmed.size() < 300) {
                if (line.startsWith("OK ")) {
                    confirmed.add(line.substring(3));
                }
            }
            writer.destroyForcibly().waitFor();
        }
        assertThat(confirmed)
                .as("the writer confirmed appends before it was killed")
                .hasSize(300);

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2DecisionLogTests.H2.url(dir));
        try (DecisionLog log = new DecisionLog(ds, Clock.systemUTC(), 64, 10_000)) {
            ChainVerifier.Report report = log.verify();
            assertThat(report.intact())
                    .as(String.valueOf(report.firstProblem()))
                    .isTrue();
            assertThat(report.records()).isGreaterThanOrEqualTo(300);
            for (String id : confirmed) {
                assertThat(log.find(id)).as(id).isPresent();
            }
            assertThat(log.append(List.of(DecisionLogContract.draft("AFTER", "C", java.time.Instant.now())))
                            .get(0)
                            .seq())
                    .isEqualTo(report.records() + 1);
            assertThat(log.verify().intact()).isTrue();
        }
    }
}
