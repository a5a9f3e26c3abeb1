package cn.renovation.decisions.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
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
 * Hostile input through real HTTP: {@value #DEFAULT_COUNT} requests built by a seeded generator from the
 * categories a review found dangerous (huge exponents, many decimals, negative amounts, long ids, ill-formed
 * UTF-8, wrong types, deep nesting, huge lists within the body limit, unknown fields, bad content types,
 * odd paths). Bounded by count, not time, and reproducible: {@code -Dhostile.seed=…} replays a failure,
 * {@code -Dhostile.count=…} runs more. Whatever comes in: no 5xx, every 4xx a problem detail whose status
 * matches, no class name, SQL or stack trace in any body, and the service is healthy afterwards.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputTests {
    static final int DEFAULT_COUNT = 5000;
    static final long SEED = Long.getLong("hostile.seed", 20261127L);
    static final int COUNT = Integer.getInteger("hostile.count", DEFAULT_COUNT);
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    static final String[] LEAKS = {
        "tools.jackson",
        "com.fasterxml",
        "java.lang",
        "java.math",
        "java.io",
        "jakarta.",
        "org.springframework",
        "org.apache",
        "org.h2",
        "org.postgresql",
        "Exception",
        "SELECT ",
        "INSERT ",
        "decision_record",
        "\tat ",
        "<html",
        "<!doctype",
        "Tomcat"
    };

    @TempDir
    static Path dataDir;

    static final String PASSWORD = "hostile but signed in";
    static final String USER = "hostile.all";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("renovation.data-dir", () -> dataDir.toString());
        // one user with every role: every workbench route and API path is reached past its role check
        TestUsers.register(r, PASSWORD, Map.of(USER, "EDITOR,APPROVER,AUDITOR"));
        // hostile Authorization headers are failed logins: throttling them is SecurityConfigurationTests' business,
        // here it would only turn the signed-in requests that follow into 429s
        r.add("renovation.security.login.failures-before-delay", () -> "1000000");
        r.add("renovation.security.login.address-failures-before-delay", () -> "1000000");
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    String valid;

    @BeforeEach
    void rulesetLoaded() throws Exception {
        registry.awaitActive(Duration.ofSeconds(60));
        valid = PolicyCases.load(Path.of("test-data"), "contract/contract-example.json")
                .request()
                .toString();
    }

    /** One generated request: how it is sent and what it is, for the failure message. */
    record Case(
            String category,
            String method,
            String target,
            String contentType,
            byte[] body,
            boolean raw,
            Map<String, String> headers) {
        Case(String category, String method, String target, String contentType, byte[] body, boolean raw) {
            this(category, method, target, contentType, body, raw, Map.of());
        }

        @Override
        public String toString() {
            String shown =
                    body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
            StringBuilder h = new StringBuilder();
            headers.forEach((k, v) -> h.append(' ')
                    .append(k)
                    .append('=')
                    .append(v.length() > 80 ? v.substring(0, 80) + "…(" + v.length() + ")" : v));
            return category + " " + method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
                    + " Content-Type=" + contentType + h + " body(" + (body == null ? 0 : body.length) + ")="
                    + shown;
        }
    }

    @Test
    void hostileRequests_seededAndBoundedInCount_neverA5xxAndAlwaysAProblem() throws Exception {
        System.out.println(
                "hostile input: seed " + SEED + ", " + COUNT + " requests (-Dhostile.seed / -Dhostile.count)");
        Random random = new Random(SEED);
        List<Function<Random, Case>> categories = categories();
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>() {
            @Override
            public boolean add(String s) {
                return size() < 20 ? super.add(s) : false;
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            Case c = categories.get(random.nextInt(categories.size())).apply(random);
            String context = "seed " + SEED + ", request #" + i + ": " + c;
            RawHttp.Response r = send(c);
            try {
                check(r, context);
            } catch (AssertionError e) {
                // go on: the whole run's failures at once say more than the first (each names the seed and its request)
                failures.add(e.getMessage());
            }
            byCategory.merge(c.category(), 1, Integer::sum);
            byStatus.merge(r.status(), 1, Integer::sum);
        }
        System.out.printf(
                "hostile input: %d requests in %d ms, by category %s, by status %s%n",
                COUNT, Duration.ofNanos(System.nanoTime() - start).toMillis(), byCategory, byStatus);
        assertThat(failures)
                .as("seed " + SEED + ": " + failures.size() + " failing request(s), the first 20 shown")
                .isEmpty();

        // and afterwards the service is still well
        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("seed " + SEED).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
        RawHttp.Response normal = send(new Case(
                "normal",
                "POST",
                "/api/v1/evaluations",
                "application/json",
                valid.getBytes(StandardCharsets.UTF_8),
                false));
        assertThat(normal.status())
                .as("seed " + SEED + ": a normal evaluation afterwards")
                .isEqualTo(200);
    }

    /** Finding 3: Spring Security's firewall refused these bytes only when the controller read the header — a 500. */
    @Test
    void idempotencyKey_utf8OrC1Bytes_isA400ProblemNamingTheHeader() throws Exception {
        String[] keys = {
            new String("键".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), "key-\u0085", "\u00e9\u0094"
        };
        for (String key : keys) {
            RawHttp.Response r = RawHttp.send(
                    port,
                    "POST",
                    "/api/v1/evaluations",
                    Map.of("Content-Type", "application/json", "Idempotency-Key", key),
                    valid.getBytes(StandardCharsets.UTF_8));

            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            JsonNode p = TestJson.MAPPER.readTree(r.body());
            assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
            assertThat(p.get("detail").asString()).contains("Idempotency-Key", "visible ASCII");
        }
    }

    /** Finding 4: a date a page cannot read was a 500 page; it is a 400 page naming the parameter and the format. */
    @Test
    void workbenchPages_unreadableDates_are400PagesNamingTheParameterAndTheFormat() throws Exception {
        Session s = signIn();
        String[][] cases = {
            {"/workbench/decisions?from=x", "from", "x"},
            {"/workbench/decisions?to=2020-13-45", "to", "2020-13-45"},
            {"/workbench/candidates/01ANY?asOf=x", "asOf", "x"},
            {"/workbench/candidates/01ANY?dataset=decisions&from=x", "from", "x"},
        };
        for (String[] c : cases) {
            RawHttp.Response r = RawHttp.send(port, "GET", c[0], Map.of("Cookie", s.cookie()), null);

            assertThat(r.status()).as(c[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("text/html");
            assertThat(r.body())
                    .as(c[0])
                    .contains(c[1], "&quot;" + c[2] + "&quot;", "YYYY-MM-DD", "年-月-日")
                    .doesNotContain("Exception", "java.");
        }
    }

    /** A signed-in browser session: its cookie and a CSRF token of its pages. */
    record Session(String cookie, String csrf) {}

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static String cookie(RawHttp.Response r) {
        String set = r.headers().getOrDefault("set-cookie", "");
        return set.substring(0, set.indexOf(';') < 0 ? set.length() : set.indexOf(';'));
    }

    Session signIn() throws Exception {
        RawHttp.Response page = RawHttp.send(port, "GET", "/workbench/login", Map.of(), null);
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        RawHttp.Response in = RawHttp.send(
                port,
                "POST",
                "/workbench/login",
                Map.of("Cookie", cookie(page), "Content-Type", "application/x-www-form-urlencoded"),
                ("username=" + USER + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(m.group(1)))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(in.status()).as(in.body()).isEqualTo(302);
        String session = cookie(in);
        RawHttp.Response home = RawHttp.send(port, "GET", "/workbench/", Map.of("Cookie", session), null);
        Matcher t = CSRF.matcher(home.body());
        assertThat(t.find()).as(home.body()).isTrue();
        return new Session(session, t.group(1));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Every workbench route of docs/workbench.md, signed in with every role, with seeded hostile path ids, query
     * parameters and form fields ({@value #PER_ROUTE} variants a route; the pages that evaluate the whole programme
     * or draw every table, 1): no 5xx, no stack trace or class name, whatever comes in.
     */
    @Test
    void workbenchRoutes_signedIn_hostileIdsParametersAndForms_neverA5xx() throws Exception {
        Session s = signIn();
        Random r = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int sent = 0;
        long start = System.nanoTime();
        for (WorkbenchRoute route : workbenchRoutes()) {
            for (int i = 0; i < (route.heavy() ? 1 : PER_ROUTE); i++) {
                String target = route.path().replace("{id}", pathSegment(r)) + query(r, route.parameters());
                boolean post = route.method().equals("POST");
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Cookie", s.cookie());
                byte[] body = null;
                if (post) {
                    headers.put("Content-Type", "application/x-www-form-urlencoded");
                    String form = query(r, route.form());
                    body = ((form.isEmpty() ? "" : form.substring(1) + "&") + "_csrf=" + enc(s.csrf()))
                            .getBytes(StandardCharsets.UTF_8);
                }
                // sign-in attempts come from an address of their own: their failures must not delay the session's
                String from = route.path().equals("/workbench/login") ? "127.0.0.4" : null;
                RawHttp.Response resp = RawHttp.send(from, port, route.method(), target, headers, body);
                sent++;
                byStatus.merge(resp.status(), 1, Integer::sum);
                String context = "seed " + SEED + ": " + route.method() + " " + target;
                if (resp.status() < 200 || resp.status() >= 500) {
                    failures.add(context + " -> " + resp.status());
                }
                for (String leak : PAGE_LEAKS) {
                    if (resp.body().contains(leak)) {
                        failures.add(context + " -> shows \"" + leak + "\"");
                    }
                }
            }
        }
        System.out.printf(
                "hostile workbench: %d requests on %d routes in %d ms, by status %s%n",
                sent,
                workbenchRoutes().size(),
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                byStatus);
        assertThat(failures).isEmpty();
    }

    static final int PER_ROUTE = 6;
    static final String[] PAGE_LEAKS = {
        "tools.jackson",
        "java.lang",
        "java.time",
        "jakarta.",
        "org.springframework",
        "org.apache",
        "org.h2",
        "Exception",
        "\tat ",
        "SELECT ",
        "decision_record"
    };

    record WorkbenchRoute(String method, String path, boolean heavy, String[] parameters, String[] form) {}

    static List<WorkbenchRoute> workbenchRoutes() {
        String[] none = {};
        return List.of(
                new WorkbenchRoute("GET", "/workbench", false, new String[] {"x"}, none),
                new WorkbenchRoute("GET", "/workbench/", false, new String[] {"x", "continue"}, none),
                new WorkbenchRoute("GET", "/workbench/login", false, new String[] {"error", "logout", "locked"}, none),
                new WorkbenchRoute("POST", "/workbench/login", false, none, new String[] {"username", "password"}),
                new WorkbenchRoute("GET", "/workbench/denied", false, new String[] {"x"}, none),
                new WorkbenchRoute("GET", "/workbench/plan", false, new String[] {"clause"}, none),
                new WorkbenchRoute("GET", "/workbench/ruleset", true, new String[] {"version"}, none),
                new WorkbenchRoute("GET", "/workbench/ruleset/file", false, new String[] {"version", "path"}, none),
                new WorkbenchRoute("GET", "/workbench/candidates", false, new String[] {"x"}, none),
                new WorkbenchRoute("POST", "/workbench/candidates", false, none, new String[] {"file", "x"}),
                new WorkbenchRoute(
                        "GET",
                        "/workbench/candidates/{id}",
                        false,
                        new String[] {"dataset", "asOf", "from", "to"},
                        none),
                new WorkbenchRoute("POST", "/workbench/candidates/{id}/approve", false, none, new String[] {"comment"}),
                new WorkbenchRoute("POST", "/workbench/candidates/{id}/reject", false, none, new String[] {"comment"}),
                new WorkbenchRoute("GET", "/workbench/candidates/{id}/dossier.pdf", false, none, none),
                new WorkbenchRoute("GET", "/workbench/candidates/{id}/dossier.json", false, none, none),
                new WorkbenchRoute("GET", "/workbench/history", false, new String[] {"x"}, none),
                new WorkbenchRoute(
                        "POST", "/workbench/history/rollback", false, none, new String[] {"version", "comment"}),
                new WorkbenchRoute("GET", "/workbench/try", false, new String[] {"community"}, none),
                new WorkbenchRoute("POST", "/workbench/try", false, none, new String[] {"json", "on"}),
                new WorkbenchRoute(
                        "GET",
                        "/workbench/decisions",
                        false,
                        new String[] {"communityId", "from", "to", "version", "outcome"},
                        none),
                new WorkbenchRoute("GET", "/workbench/decisions/{id}", false, none, none),
                new WorkbenchRoute(
                        "POST", "/workbench/decisions/{id}/replay", false, none, new String[] {"against", "version"}),
                new WorkbenchRoute("GET", "/workbench/decisions/{id}/record.json", false, none, none),
                new WorkbenchRoute(
                        "GET", "/workbench/audit/export", false, new String[] {"communityId", "from", "to"}, none),
                new WorkbenchRoute("GET", "/workbench/audit/verify", true, none, none),
                new WorkbenchRoute("GET", "/workbench/program", true, new String[] {"x"}, none),
                new WorkbenchRoute("GET", "/workbench/assets/workbench.js", false, new String[] {"v"}, none));
    }

    /** "?a=…&b=…" with some of the given parameters (names repeated at times) and hostile values; "" for none. */
    static String query(Random r, String[] names) {
        if (names.length == 0) {
            return "";
        }
        StringBuilder q = new StringBuilder();
        int n = r.nextInt(names.length + 2);
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "?" : "&")
                    .append(names[r.nextInt(names.length)])
                    .append('=')
                    .append(queryValue(r));
        }
        return q.toString();
    }

    static void check(RawHttp.Response r, String context) {
        assertThat(r.status()).as(context).isBetween(200, 499);
        for (String leak : LEAKS) {
            assertThat(r.body()).as(context).doesNotContain(leak);
        }
        if (r.status() >= 400) {
            assertThat(r.contentType()).as(context).startsWith("application/problem+json");
            JsonNode p;
            try {
                p = TestJson.MAPPER.readTree(r.body());
            } catch (RuntimeException e) {
                throw new AssertionError(context + ": the problem is not one JSON object: " + r.body());
            }
            assertThat(p.get("status").asInt()).as(context).isEqualTo(r.status());
            for (String member : new String[] {"type", "title", "detail", "instance"}) {
                assertThat(p.hasNonNull(member))
                        .as(context + ": problem member " + member)
                        .isTrue();
            }
        }
    }

    RawHttp.Response send(Case c) throws Exception {
        if (c.raw() || !c.headers().isEmpty()) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (c.contentType() != null) {
                headers.put("Content-Type", c.contentType());
            }
            headers.putAll(c.headers());
            return RawHttp.send(port, c.method(), c.target(), headers, c.body());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(c.target()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new RawHttp.Response(
                r.statusCode(),
                Map.of("content-type", r.headers().firstValue("Content-Type").orElse("")),
                r.body());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    // ---- the generator ----

    /** Places in a valid request where a value can be swapped: a regular expression and its replacement (%s is the value). */
    static final String[][] SLOTS = {
        {"\"id\":\"YR-2020-013\"", "\"id\":%s"},
        {"\"completionYear\":1994", "\"completionYear\":%s"},
        {"\"households\":36", "\"households\":%s"},
        {"\"ROOF_LEAK_REPAIR\":[0-9.]+", "\"ROOF_LEAK_REPAIR\":%s"},
        {"\"upgradeBudget\":", "\"upgradeBudget\":%s,\"x_old\":"},
        {"\"floors\":6", "\"floors\":%s"},
        {"\"floorAreaM2\":", "\"floorAreaM2\":%s,\"y_old\":"},
        {"\"needs\":\\[", "\"needs\":%s,\"z_old\":["},
        {"\"asOf\":\"2020-09-01\"", "\"asOf\":%s"},
        {"\"inCountyTown\":true", "\"inCountyTown\":%s"},
    };

    String replaceSlot(Random r, String value) {
        String[] slot = SLOTS[r.nextInt(SLOTS.length)];
        return valid.replaceFirst(slot[0], java.util.regex.Matcher.quoteReplacement(slot[1].formatted(value)));
    }

    static String exponent(Random r) {
        String[] mantissas = {"1", "9", "1.5", "0.1", "123.45", "0", "-1", "1.000"};
        String[] exps = {
            "10000000",
            "999999999",
            "-999999999",
            "2147483647",
            "2147483648",
            "-2147483649",
            "99",
            "309",
            "-400",
            "4",
            "+8",
            "12"
        };
        return mantissas[r.nextInt(mantissas.length)] + (r.nextBoolean() ? "e" : "E") + exps[r.nextInt(exps.length)];
    }

    static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    static String text(Random r, int n) {
        String alphabet = "abcXYZ09-_ 老旧小区改造😀\u00e9";
        StringBuilder b = new StringBuilder(n);
        while (b.length() < n) {
            int i = r.nextInt(alphabet.length());
            char ch = alphabet.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                b.append(ch).append(alphabet.charAt(i + 1));
            } else if (!Character.isLowSurrogate(ch)) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    static String wrongValue(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "\"" + text(r, 1 + r.nextInt(20)) + "\"";
            case 1 -> "[1,2,\"x\"]";
            case 2 -> "{\"a\":{\"b\":1}}";
            case 3 -> "true";
            case 4 -> "null";
            case 5 -> "-" + digits(r, 1 + r.nextInt(30));
            case 6 -> "\"\\u0000\\ud800\\udfff\"";
            case 7 -> "1." + digits(r, 1 + r.nextInt(50));
            case 8 -> exponent(r);
            default -> "\"" + "\\u00" + Integer.toHexString(r.nextInt(32) | 0x10) + "\"";
        };
    }

    Case post(String category, String body) {
        return new Case(
                category,
                "POST",
                "/api/v1/evaluations",
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                false);
    }

    List<Function<Random, Case>> categories() {
        List<Function<Random, Case>> c = new ArrayList<>();
        c.add(r -> post("huge exponent", replaceSlot(r, exponent(r))));
        c.add(r -> post(
                "many decimals", replaceSlot(r, digits(r, 1 + r.nextInt(20)) + "." + digits(r, 3 + r.nextInt(900)))));
        c.add(r ->
                post("negative", replaceSlot(r, "-" + digits(r, 1 + r.nextInt(12)) + (r.nextBoolean() ? ".5" : ""))));
        c.add(r -> post(
                "long id",
                valid.replace(
                        "\"YR-2020-013\"", "\"" + text(r, 65 + r.nextInt(r.nextBoolean() ? 300 : 20_000)) + "\"")));
        c.add(r -> post(
                "long building id",
                valid.replaceFirst("\"id\":\"1\"", "\"id\":\"" + text(r, 60 + r.nextInt(200)) + "\"")));
        c.add(r -> post("wrong type", replaceSlot(r, wrongValue(r))));
        c.add(r -> post(
                "unknown field",
                replaceSlot(r, "0")
                        .replace(
                                "{\"community\"",
                                "{\"" + text(r, 1 + r.nextInt(r.nextBoolean() ? 10 : 5000))
                                        + (r.nextBoolean() ? "\\ud800" : "") + "\":1,\"community\"")));
        c.add(r -> post("deep nesting", replaceSlot(r, "[".repeat(1 + r.nextInt(3000)) + "]".repeat(r.nextInt(3000)))));
        c.add(r -> {
            int n = 1 + r.nextInt(45_000); // at most ~900 KB: within the 1 MiB body limit
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append(r.nextBoolean() ? "1" : "\"ROOF_LEAK_REPAIR\"");
            }
            return post("huge list", replaceSlot(r, b.append(']').toString()));
        });
        c.add(r -> {
            byte[] good = valid.getBytes(StandardCharsets.UTF_8);
            byte[][] bad = {
                {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE4, (byte) 0xB8},
                {(byte) 0xFF},
                {(byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}
            };
            byte[] ins = bad[r.nextInt(bad.length)];
            int at = r.nextInt(good.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(good, 0, at);
            out.writeBytes(ins);
            out.write(good, at, good.length - at);
            return new Case("bad utf-8", "POST", "/api/v1/evaluations", "application/json", out.toByteArray(), false);
        });
        c.add(r -> {
            String[] types = {
                "*/*",
                "",
                "text/plain",
                "application/xml",
                "application/json; charset=ISO-8859-1",
                "application/json\u007f",
                "application/json\u0001",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "a/b/c",
                ";;;",
                "application/",
                "json",
                "application/json;q=\"",
                "application/*",
                null
            };
            String type = types[r.nextInt(types.length)];
            return new Case(
                    "bad content type",
                    "POST",
                    r.nextBoolean() ? "/api/v1/evaluations" : "/api/v1/evaluations/batch",
                    type,
                    valid.getBytes(StandardCharsets.UTF_8),
                    true);
        });
        c.add(r -> {
            String[] paths = {
                "/api/v1/%2e%2e/evaluations",
                "/%2e%2e/%2e%2e/etc/passwd",
                "//api/v1/evaluations",
                "/api/v1/evaluations/%2F",
                "/api/v1/decisions/..;/x",
                "/api/v1/decisions/%00",
                "/api/v1/decisions/%ff%fe",
                "/api/v1/decisions/%C0%AF",
                "/api/v1/decisions?communityId=%ED%A0%80",
                "/api/v1/decisions?from=yesterday",
                "/api/v1/decisions/" + "A".repeat(10_000),
                "/api/v1/decisions/"
                        + text(r, 1 + r.nextInt(80))
                                .replace(" ", "%20")
                                .replace("😀", "%F0%9F%98%80")
                                .replaceAll("[^ -~]", "%E8%80%81"),
                "/api/v1/./evaluations",
                "/api/v1/evaluations;jsessionid=1",
                "/api/v1/%5c..%5c",
                "/actuator/../api/v1/catalog/items",
                "/api/v1/rulesets/%2e%2e/active",
                "/api/v1/nothing",
                "/error",
                "/api/v1/catalog/items?" + "x=".repeat(3000)
            };
            String method = new String[] {"GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}[r.nextInt(6)];
            return new Case(
                    "odd path",
                    method,
                    paths[r.nextInt(paths.length)],
                    "application/json",
                    method.equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8),
                    true);
        });
        c.add(r -> {
            String element = r.nextBoolean()
                    ? replaceSlot(r, wrongValue(r))
                    : valid.replace("\"YR-2020-013\"", "\"" + "x".repeat(65 + r.nextInt(500)) + "\"");
            return new Case(
                    "batch",
                    "POST",
                    "/api/v1/evaluations/batch",
                    "application/json",
                    ("{\"requests\":[" + valid + "," + element + "]}").getBytes(StandardCharsets.UTF_8),
                    false);
        });
        c.add(r -> {
            byte[] b = valid.getBytes(StandardCharsets.UTF_8);
            int cut = r.nextInt(b.length);
            return new Case(
                    "truncated",
                    "POST",
                    "/api/v1/evaluations",
                    "application/json",
                    java.util.Arrays.copyOf(b, cut),
                    false);
        });
        c.add(r -> {
            byte[] b = new byte[r.nextInt(2000)];
            r.nextBytes(b);
            return new Case("random bytes", "POST", "/api/v1/evaluations", "application/json", b, false);
        });
        c.add(this::hostileHeader);
        c.add(this::hostileQuery);
        return c;
    }

    // ---- headers and query parameters ----

    /** Headers the service reads, or that a proxy or a browser sends. */
    static final String[] HEADERS = {
        "Idempotency-Key",
        "X-Request-Id",
        "Accept",
        "Accept-Language",
        "Accept-Charset",
        "Authorization",
        "X-API-Key",
        "X-Audit-Key",
        "Cookie",
        "If-None-Match",
        "If-Modified-Since",
        "Range",
        "Origin",
        "Referer",
        "X-Forwarded-For",
        "X-Forwarded-Host",
        "X-Forwarded-Proto",
        "Forwarded",
        "Host",
        "X-HTTP-Method-Override",
        "Content-Language",
        "X-Unknown"
    };

    /**
     * A header value as the raw bytes a client could put on the wire (each char is one byte, ISO-8859-1): the UTF-8
     * bytes of Chinese text, C1 control bytes, high bytes, DEL, tabs, quotes, very long, empty. No CR or LF: those
     * end the header, and Tomcat's refusal of what follows is the request-line tests' business.
     */
    static String headerValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 ->
                new String("键".repeat(1 + r.nextInt(40)).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            case 1 -> "key-" + (char) (0x80 + r.nextInt(32)) + "-" + r.nextInt(1000);
            case 2 -> "\u00ff\u00fe" + (char) (0xA0 + r.nextInt(96));
            case 3 -> "a\u007fb";
            case 4 -> "\t" + digits(r, 5) + "\t";
            case 5 -> "\"" + "\\\"".repeat(r.nextInt(5)) + "\"";
            case 6 -> "x".repeat(200 + r.nextInt(7000));
            case 7 -> "";
            case 8 ->
                "Basic " + "=".repeat(r.nextInt(4)) + text(r, 1 + r.nextInt(10)).replaceAll("[^ -~]", "?");
            case 9 ->
                new String(text(r, 1 + r.nextInt(30)).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            case 10 -> "*/*;q=" + exponent(r);
            default -> "\u0001\u0002" + (char) (0x80 + r.nextInt(128));
        };
    }

    Case hostileHeader(Random r) {
        String name = HEADERS[r.nextInt(HEADERS.length)];
        Map<String, String> headers = Map.of(name, headerValue(r));
        return switch (r.nextInt(4)) {
            case 0, 1 ->
                new Case(
                        "header " + name,
                        "POST",
                        r.nextBoolean() ? "/api/v1/evaluations" : "/api/v1/evaluations/batch",
                        "application/json",
                        (r.nextBoolean() ? valid : "{\"requests\":[" + valid + "]}").getBytes(StandardCharsets.UTF_8),
                        true,
                        headers);
            case 2 ->
                new Case(
                        "header " + name,
                        "GET",
                        new String[] {"/api/v1/catalog/items", "/api/v1/rulesets/active", "/api/v1/decisions/01ANY"}
                                [r.nextInt(3)],
                        null,
                        null,
                        true,
                        headers);
            default ->
                new Case(
                        "header " + name,
                        "GET",
                        "/api/v1/rulesets/candidates",
                        null,
                        null,
                        true,
                        name.equals("Authorization")
                                ? headers
                                : Map.of("Authorization", basic(), name, headerValue(r)));
        };
    }

    static String basic() {
        return TestUsers.basic(USER, PASSWORD);
    }

    /** A query parameter's value, already percent-encoded as it goes on the wire (some of it badly on purpose). */
    static String queryValue(Random r) {
        String[] values = {
            "x",
            "2020-13-45",
            "2020-02-30",
            "0000-00-00",
            "+2020-01-01",
            "2020-01-01T00:00:00Z",
            "20200101",
            "-1",
            "0",
            "99999999999999999999",
            "1e999",
            "%00",
            "%ED%A0%80",
            "%FF%FE",
            "%C0%AF",
            "%E9%94%AE",
            "%3Cscript%3E",
            "%27%20OR%201%3D1--",
            "..%2F..%2Fetc%2Fpasswd",
            "null",
            "%5B%5D",
            "",
            "%20",
            "A".repeat(5000),
            "%F0%9F%98%80",
            "ELIGIBLE",
            "2026-01-01"
        };
        return values[r.nextInt(values.length)];
    }

    Case hostileQuery(Random r) {
        String[][] targets = {
            {"/api/v1/decisions", "communityId", "from", "to", "limit", "after"},
            {"/api/v1/decisions/export", "from", "to"},
            {"/api/v1/rulesets/candidates/" + pathSegment(r) + "/impact", "dataset", "asOf", "from", "to"},
            {"/api/v1/catalog/items", "asOf", "x"},
            {"/api/v1/rulesets/actions", "limit"},
        };
        String[] t = targets[r.nextInt(targets.length)];
        StringBuilder q = new StringBuilder(t[0]).append('?');
        int n = 1 + r.nextInt(t.length - 1);
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "" : "&")
                    .append(t[1 + r.nextInt(t.length - 1)])
                    .append('=')
                    .append(queryValue(r));
        }
        if (t[0].endsWith("/export")) {
            // never a whole export: a valid date pair is the audit tests' business, and a full one takes seconds
            q.append("&from=x");
        }
        return new Case(
                "query " + t[0].replaceAll("/candidates/[^/]*/", "/candidates/{id}/"),
                "GET",
                q.toString(),
                null,
                null,
                true,
                Map.of("Authorization", basic()));
    }

    static String pathSegment(Random r) {
        String[] ids = {"x", "01ANY", "%2e%2e", "%00", "A".repeat(300), "%E9%94%AE", "..;", "%C0%AF", "%20", "1"};
        return ids[r.nextInt(ids.length)];
    }
}
