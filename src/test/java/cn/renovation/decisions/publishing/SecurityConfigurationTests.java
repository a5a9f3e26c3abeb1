package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import cn.renovation.decisions.web.RawHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The service with editors and an approver but no auditor and no audit key, and small login limits (3 failures
 * per user and address, 6 per address, then a first delay of a minute): audit reads are off, failed logins are
 * delayed per user and address and per address — each scenario from loopback addresses of its own (127.0.0.5,
 * …), so that they do not meet — and the workbench's pages and the actuator are hardened.
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
                Map.of(
                        "sun.editor",
                        "EDITOR",
                        "zhou.editor",
                        "EDITOR",
                        "wu.editor",
                        "EDITOR",
                        "zheng.editor",
                        "EDITOR",
                        "qian.approver",
                        "APPROVER"));
        r.add("renovation.security.login.failures-before-delay", () -> "3");
        r.add("renovation.security.login.address-failures-before-delay", () -> "6");
        r.add("renovation.security.login.first-delay", () -> "1m");
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
        return get("/api/v1/rulesets/candidates", user, password);
    }

    /** A Basic login from a loopback address of the test's choosing: 127.0.0.2 is another client than 127.0.0.1. */
    private RawHttp.Response loginFrom(String address, String user, String password) throws Exception {
        return RawHttp.send(
                address,
                port,
                "GET",
                "/api/v1/rulesets/candidates",
                Map.of("Authorization", TestUsers.basic(user, password)),
                null);
    }

    @Test
    void login_wrongPasswordsForAUser_delayThatUserFromThatAddressOnly_theRightPasswordFromAnotherAddressWorks()
            throws Exception {
        // 3 wrong passwords for sun from 127.0.0.5 are checked and refused; then that pair waits (first delay 1 min)
        for (int i = 0; i < 3; i++) {
            assertThat(loginFrom("127.0.0.5", "sun.editor", "guess " + i).status())
                    .isEqualTo(401);
        }
        RawHttp.Response waiting = loginFrom("127.0.0.5", "sun.editor", "guess 3");
        RawHttp.Response rightButWaiting = loginFrom("127.0.0.5", "SUN.EDITOR", PASSWORD);
        RawHttp.Response elsewhere = loginFrom("127.0.0.6", "sun.editor", PASSWORD);
        RawHttp.Response anotherUserSameAddress = loginFrom("127.0.0.5", "zhou.editor", PASSWORD);

        assertThat(waiting.status()).isEqualTo(429);
        assertThat(Long.parseLong(waiting.headers().get("retry-after"))).isBetween(1L, 60L);
        assertThat(waiting.contentType()).startsWith("application/problem+json");
        JsonNode problem = TestJson.MAPPER.readTree(waiting.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asString()).contains("请", "for this user from this address");
        assertThat(rightButWaiting.status())
                .as("while the pair waits, its guesses are not checked")
                .isEqualTo(429);
        // the person is not locked out: from another address, or another user from this one, sign in at once
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(anotherUserSameAddress.status()).isEqualTo(200);
    }

    @Test
    void login_wrongPasswordsForManyUsersFromOneAddress_delayThatAddressForEveryone_otherAddressesUnaffected()
            throws Exception {
        for (String user : new String[] {"wu.editor", "zheng.editor", "nobody"}) {
            for (int i = 0; i < 2; i++) {
                assertThat(loginFrom("127.0.0.7", user, "guess " + i).status()).isEqualTo(401);
            }
        }
        RawHttp.Response fromThere = loginFrom("127.0.0.7", "zhou.editor", PASSWORD);
        RawHttp.Response fromElsewhere = loginFrom("127.0.0.8", "wu.editor", PASSWORD);

        assertThat(fromThere.status()).isEqualTo(429);
        assertThat(TestJson.MAPPER.readTree(fromThere.body()).get("detail").asString())
                .contains("from this address");
        assertThat(fromThere.headers()).containsKey("retry-after");
        assertThat(fromElsewhere.status()).isEqualTo(200);
    }

    @Test
    void openEndpoints_withWrongBasicCredentials_areServedAsAnonymous_andCountNoFailure() throws Exception {
        String body = PolicyCases.load(Path.of("test-data"), "contract/contract-example.json")
                .request()
                .toString();
        for (int i = 0; i < 12; i++) {
            RawHttp.Response catalog = RawHttp.send(
                    "127.0.0.9",
                    port,
                    "GET",
                    "/api/v1/catalog/items",
                    Map.of("Authorization", TestUsers.basic("qian.approver", "wrong " + i)),
                    null);
            RawHttp.Response evaluation = RawHttp.send(
                    "127.0.0.9",
                    port,
                    "POST",
                    "/api/v1/evaluations",
                    Map.of("Authorization", "Basic bm90LWJhc2U2NA==!!", "Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(catalog.status()).as("catalog #" + i).isEqualTo(200);
            assertThat(evaluation.status()).as("evaluation #" + i).isEqualTo(200);
        }
        // and nothing was counted against the approver or the address
        assertThat(loginFrom("127.0.0.9", "qian.approver", PASSWORD).status()).isEqualTo(200);
    }

    // ---- the workbench's web hardening ----

    /** A signed-in browser session: its cookie and a CSRF token of its pages. */
    record Session(String cookie, String csrf) {}

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static String cookie(RawHttp.Response r) {
        String set = r.headers().getOrDefault("set-cookie", "");
        return set.isEmpty() ? null : set.substring(0, set.indexOf(';') < 0 ? set.length() : set.indexOf(';'));
    }

    private Session signIn(String user) throws Exception {
        RawHttp.Response page = RawHttp.send(port, "GET", "/workbench/login", Map.of(), null);
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        RawHttp.Response in = RawHttp.send(
                port,
                "POST",
                "/workbench/login",
                Map.of("Cookie", cookie(page), "Content-Type", "application/x-www-form-urlencoded"),
                ("username=" + user + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(in.status()).as(in.body()).isEqualTo(302);
        assertThat(in.headers().get("location")).doesNotContain("error");
        String session = cookie(in);
        RawHttp.Response home = RawHttp.send(port, "GET", "/workbench/", Map.of("Cookie", session), null);
        Matcher t = CSRF.matcher(home.body());
        assertThat(t.find()).as(home.body()).isTrue();
        return new Session(session, t.group(1));
    }

    private RawHttp.Response post(Session s, String target, String form) throws Exception {
        return RawHttp.send(
                port,
                "POST",
                target,
                Map.of("Cookie", s.cookie(), "Content-Type", "application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void workbench_csrfTokenInTheQueryString_isRefused403_inTheFormBodyAccepted() throws Exception {
        Session approver = signIn("qian.approver");

        RawHttp.Response inQuery =
                post(approver, "/workbench/history/rollback?_csrf=" + enc(approver.csrf()), "version=sha256:none");
        RawHttp.Response inBody =
                post(approver, "/workbench/history/rollback", "version=sha256:none&_csrf=" + enc(approver.csrf()));

        assertThat(inQuery.status()).isEqualTo(403);
        assertThat(inQuery.body()).contains("无权", "Not allowed");
        assertThat(inBody.status()).isNotEqualTo(403).isLessThan(500);
    }

    @Test
    void workbench_postWithoutATokenOrWithoutTheRole_is403PageNotA405() throws Exception {
        Session editor = signIn("zhou.editor");

        RawHttp.Response noToken = post(editor, "/workbench/candidates/01ANY/approve", "comment=x");
        RawHttp.Response wrongRole =
                post(editor, "/workbench/candidates/01ANY/approve", "comment=x&_csrf=" + enc(editor.csrf()));
        RawHttp.Response anonymous = RawHttp.send(
                port,
                "POST",
                "/workbench/history/rollback",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "version=x".getBytes(StandardCharsets.UTF_8));

        for (RawHttp.Response r : List.of(noToken, wrongRole, anonymous)) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("text/html");
            assertThat(r.body()).contains("Not allowed");
        }
        assertThat(noToken.body()).contains("请重新打开页面", "reload the page");
    }

    @Test
    void workbench_sessionCookie_isHttpOnlyAndSameSiteLax_andPagesCarryCspAndReferrerPolicy() throws Exception {
        RawHttp.Response login = RawHttp.send(port, "GET", "/workbench/login", Map.of(), null);

        assertThat(login.headers().get("set-cookie"))
                .contains("JSESSIONID=", "HttpOnly", "SameSite=Lax")
                .doesNotContain("Secure"); // plain HTTP here: Secure is for TLS
        assertThat(login.headers().get("content-security-policy"))
                .contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'");
        assertThat(login.headers().get("referrer-policy")).isEqualTo("same-origin");
        assertThat(login.headers()).doesNotContainKey("strict-transport-security");
    }

    @Test
    void redirects_aForgedHostHeader_isNeverEchoed_theLocationIsRelative() throws Exception {
        Map<String, String> evil = Map.of("Host", "evil.example");
        RawHttp.Response page = RawHttp.send(port, "GET", "/workbench/", evil, null);
        RawHttp.Response root = RawHttp.send(port, "GET", "/workbench", evil, null);
        Session s = signIn("sun.editor");
        RawHttp.Response out = RawHttp.send(
                port,
                "POST",
                "/workbench/logout",
                Map.of(
                        "Host",
                        "evil.example",
                        "Cookie",
                        s.cookie(),
                        "Content-Type",
                        "application/x-www-form-urlencoded"),
                ("_csrf=" + enc(s.csrf())).getBytes(StandardCharsets.UTF_8));

        for (RawHttp.Response r : List.of(page, root, out)) {
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.headers().get("location")).startsWith("/workbench").doesNotContain("evil");
        }
    }

    @Test
    void actuator_linksAndHealthDetailsOnlyForApproverOrAuditor_probesAndMetricsStayOpen() throws Exception {
        HttpResponse<String> links = get("/actuator", null, null);
        HttpResponse<String> health = get("/actuator/health", null, null);
        HttpResponse<String> readiness = get("/actuator/health/readiness", null, null);
        HttpResponse<String> liveness = get("/actuator/health/liveness", null, null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null, null);
        HttpResponse<String> editorLinks = get("/actuator", "zhou.editor", PASSWORD);
        HttpResponse<String> editorHealth = get("/actuator/health", "zhou.editor", PASSWORD);
        HttpResponse<String> approverLinks = get("/actuator", "qian.approver", PASSWORD);
        HttpResponse<String> approverHealth = get("/actuator/health", "qian.approver", PASSWORD);

        assertThat(links.statusCode()).isEqualTo(401);
        assertThat(links.body()).doesNotContain("_links", "href");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(TestJson.MAPPER.readTree(health.body()).get("status").asString())
                .isEqualTo("UP");
        assertThat(health.body()).doesNotContain("components", "details", "location", "ruleset");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(editorLinks.statusCode()).isEqualTo(403);
        assertThat(editorHealth.body()).doesNotContain("components", "location");
        assertThat(approverLinks.statusCode()).isEqualTo(200);
        assertThat(approverLinks.body()).contains("_links");
        assertThat(approverHealth.body()).contains("components", "ruleset", "location");
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
