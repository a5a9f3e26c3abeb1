package cn.renovation.decisions.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("renovation.data-dir", () -> dataDir.toString());
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
    record Case(String category, String method, String target, String contentType, byte[] body, boolean raw) {
        @Override
        public String toString() {
            String shown =
                    body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
            return category + " " + method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
                    + " Content-Type=" + contentType + " body(" + (body == null ? 0 : body.length) + ")=" + shown;
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
        if (c.raw()) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (c.contentType() != null) {
                headers.put("Content-Type", c.contentType());
            }
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
        return c;
    }
}
