package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service with editors but no auditor and no audit key, and small login limits (3 failures per user,
 * 6 per address in 5 minutes): audit reads are off, and failed logins are throttled per user and per
 * address. Every request comes from 127.0.0.1, so one scenario shows both limits in turn.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityConfigurationTests {
    static final String PASSWORD = "correct horse battery staple";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestUsers.register(
                r,
                PASSWORD,
                java.util.Map.of(
                        "sun.editor",
                        "EDITOR",
                        "zhou.editor",
                        "EDITOR",
                        "wu.editor",
                        "EDITOR",
                        "zheng.editor",
                        "EDITOR"));
        r.add("renovation.security.login.max-failures-per-user", () -> "3");
        r.add("renovation.security.login.max-failures-per-address", () -> "6");
        r.add("renovation.security.login.window", () -> "5m");
        r.add("renovation.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    @BeforeEach
    void rulesetServes() throws Exception {
        registry.awaitActive(Duration.ofMinutes(2));
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET();
        if (user != null) {
            b.header("Authorization", TestUsers.basic(user, password));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return get("/api/v1/rulesets/active", user, password);
    }

    @Test
    void login_failuresPerUserThenPerAddress_eachLockedOutWith429EvenWithTheRightPassword() throws Exception {
        // per user: 30 wrong passwords for sun, the first 3 refused as wrong, the rest not even checked
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            int status = login("sun.editor", "guess " + i).statusCode();
            unauthorized += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        HttpResponse<String> sunRight = login("sun.editor", PASSWORD);
        HttpResponse<String> sunOtherCase = login("SUN.EDITOR", PASSWORD);
        HttpResponse<String> zhouRight = login("zhou.editor", PASSWORD);

        assertThat(unauthorized).isEqualTo(3);
        assertThat(throttled).isEqualTo(27);
        assertThat(sunRight.statusCode()).isEqualTo(429);
        assertThat(sunRight.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 300L));
        assertThat(sunRight.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = TestJson.MAPPER.readTree(sunRight.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asString()).contains("for this user");
        assertThat(sunOtherCase.statusCode()).isEqualTo(429);
        // the address has 3 failures of its 6: another user still signs in, and that success resets nothing
        assertThat(zhouRight.statusCode()).isEqualTo(200);
        assertThat(login("sun.editor", PASSWORD).statusCode()).isEqualTo(429);

        // per address: 3 more failures, for another user, fill the address's 6
        for (int i = 0; i < 3; i++) {
            assertThat(login("wu.editor", "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> zhengRight = login("zheng.editor", PASSWORD);
        HttpResponse<String> zhouAgain = login("zhou.editor", PASSWORD);
        HttpResponse<String> anonymous = get("/api/v1/rulesets/active", null, null);

        assertThat(zhengRight.statusCode()).isEqualTo(429);
        assertThat(TestJson.MAPPER.readTree(zhengRight.body()).get("detail").asString())
                .contains("from this address");
        assertThat(zhengRight.headers().firstValue("Retry-After")).isPresent();
        assertThat(zhouAgain.statusCode()).isEqualTo(429);
        // without credentials there is no login to throttle: evaluation and the open reads go on
        assertThat(anonymous.statusCode()).isEqualTo(200);
    }

    @Nested
    class AuditOff {
        @Test
        void auditReads_noAuditorAndNoAuditKeyConfigured_are403SayingHowToConfigure() throws Exception {
            for (String path : new String[] {
                "/api/v1/decisions/export", "/api/v1/audit/verify", "/api/v1/decisions/01ANY", "/api/v1/decisions"
            }) {
                HttpResponse<String> r = get(path, null, null);

                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                JsonNode problem = TestJson.MAPPER.readTree(r.body());
                assertThat(problem.get("title").asString()).isEqualTo("Audit reads off");
                assertThat(problem.get("detail").asString())
                        .contains("AUDITOR")
                        .contains("renovation.security.audit-api-key");
            }
        }
    }
}
