package cn.renovation.decisions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A decision log whose database has gone (as when H2 closed itself after running out of memory): health
 * and readiness go DOWN naming the log, evaluations answer 503 problems without the driver's SQL text,
 * and all comes back UP when the database does.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DecisionLogHealthTests {
    /** What H2 says once it has closed the database: with the statement, as drivers do. */
    static final String H2_CLOSED =
            "Database is already closed (to disable automatic closing at VM shutdown, add \";DB_CLOSE_ON_EXIT=FALSE\" "
                    + "to the db URL) [90121-240]; SQL statement:\nSELECT seq, hash FROM decision_chain_head WHERE id = 1 FOR UPDATE";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("audit.data-dir", () -> dataDir.toString());
        // every probe looks again, so the test need not wait out the cache
        registry.add("audit.health-cache-ms", () -> "0");
        registry.add("audit.append-timeout-ms", () -> "5000");
        // health details are for APPROVER and AUDITOR: the probes below read them as an auditor
        TestUsers.register(registry, "health details", java.util.Map.of("health.auditor", "AUDITOR"));
    }

    @TestConfiguration
    static class Breakable {
        @Bean
        static BeanPostProcessor breakableDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof BreakableDataSource)
                            ? new BreakableDataSource(ds)
                            : bean;
                }
            };
        }
    }

    static final class BreakableDataSource extends DelegatingDataSource {
        volatile boolean broken;

        BreakableDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (broken) {
                throw new SQLException(H2_CLOSED, "90121", 90121);
            }
            return super.getConnection();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    RulesetRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void rulesetServes() throws Exception {
        registry.awaitActive(Duration.ofMinutes(2));
    }

    @AfterEach
    void repair() {
        ((BreakableDataSource) dataSource).broken = false;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestUsers.basic("health.auditor", "health details"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> evaluate() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(AuditControllerTests.caseRequest("HEALTH-1")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readiness_databaseGoneAndBack_downNamingTheLogThenUp() throws Exception {
        HttpResponse<String> before = get("/actuator/health/readiness");
        assertThat(evaluate().statusCode()).isEqualTo(200);

        ((BreakableDataSource) dataSource).broken = true;
        HttpResponse<String> evaluation = evaluate();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> health = get("/actuator/health");
        ((BreakableDataSource) dataSource).broken = false;
        HttpResponse<String> after = get("/actuator/health/readiness");

        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(AuditJson.parse(before.body())
                        .at("/components/decisionLog/status")
                        .asString())
                .isEqualTo("UP");

        assertThat(evaluation.statusCode()).as(evaluation.body()).isEqualTo(503);
        assertThat(evaluation.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(evaluation.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = AuditJson.parse(evaluation.body());
        assertThat(problem.get("type").asString()).endsWith("/audit-unavailable");
        // the caller learns only that the log is unavailable; the SQL state is in health, the driver's text in the
        // server log
        assertThat(evaluation.body())
                .doesNotContain("SELECT")
                .doesNotContain("decision_chain_head")
                .doesNotContain("SQL statement")
                .doesNotContain("DB_CLOSE_ON_EXIT");

        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode ready = AuditJson.parse(readiness.body());
        assertThat(ready.get("status").asString()).isEqualTo("DOWN");
        assertThat(ready.at("/components/decisionLog/status").asString()).isEqualTo("DOWN");
        assertThat(ready.at("/components/decisionLog/details/reason").asString())
                .contains("decision log")
                .contains("SQL state 90121")
                .contains("the last write failed at")
                .doesNotContain("SELECT");
        assertThat(AuditJson.parse(health.body()).get("status").asString()).isEqualTo("DOWN");

        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(AuditJson.parse(after.body())
                        .at("/components/decisionLog/status")
                        .asString())
                .isEqualTo("UP");
        assertThat(evaluate().statusCode()).isEqualTo(200);
    }
}
