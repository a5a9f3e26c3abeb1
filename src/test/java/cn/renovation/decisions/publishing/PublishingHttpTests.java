package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * A policy change made only in a spreadsheet, from upload to validated candidate to impact report to
 * activation by another person, while evaluations keep running; and a broken spreadsheet refused.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishingHttpTests {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry r) {
        TestUsers.register(
                r,
                PASSWORD,
                java.util.Map.of(
                        "zhang.editor",
                        "EDITOR,APPROVER",
                        "li.approver",
                        "APPROVER",
                        "wang.editor",
                        "EDITOR",
                        "chen.auditor",
                        "AUDITOR"));
        r.add("renovation.data-dir", () -> dataDir.toString());
        // two change dates at most (24 in production), so that a change with three shows the one left out
        r.add("renovation.impact.max-dates", () -> "2");
        // no font there until the dossier test puts one: a deployment without the font, then with it
        r.add("renovation.dossier.font", () -> dataDir.resolve("fonts/cjk.ttc").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    @BeforeEach
    void loaded() throws InterruptedException {
        registry.awaitActive(Duration.ofSeconds(60));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static String basic(String user) {
        return TestUsers.basic(user, PASSWORD);
    }

    HttpResponse<String> upload(String user, String fileName, byte[] content) throws Exception {
        String boundary = "----renovation" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/rulesets/candidates"))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String user, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String user) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", basic(user))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The workbench page at {@code path}, signed in as {@code user} through the sign-in form. */
    String page(String user, String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        String login = browser.send(
                        HttpRequest.newBuilder(uri("/workbench/login")).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        String form = "username=" + user + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + (csrf.find() ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) : "");
        browser.send(
                HttpRequest.newBuilder(uri("/workbench/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> page =
                browser.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** Uploads a table as a candidate that must be VALID; its id. */
    String uploadValid(String user, Path table) throws Exception {
        HttpResponse<String> uploaded = upload(user, table.getFileName().toString(), Files.readAllBytes(table));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode candidate = TestJson.MAPPER.readTree(uploaded.body());
        assertThat(candidate.get("status").asString()).as(uploaded.body()).isEqualTo("VALID");
        return candidate.get("id").asString();
    }

    JsonNode impact(String id, String query) throws Exception {
        HttpResponse<String> r = get("/api/v1/rulesets/candidates/" + id + "/impact?" + query, "li.approver");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestJson.MAPPER.readTree(r.body());
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asString()));
        return texts;
    }

    static JsonNode total(JsonNode totals, String source) {
        return java.util.stream.StreamSupport.stream(totals.spliterator(), false)
                .filter(t -> t.get("source").asString().equals(source))
                .findFirst()
                .orElseThrow();
    }

    static final int DESCRIPTION = 0;
    static final int GOVERNMENT = 3;
    static final int RESIDENTS = 6;
    static final int VALID_FROM = 8;
    static final int VALID_TO = 9;

    static String elevatorRequest(String asOf) throws Exception {
        ObjectNode r = (ObjectNode) PolicyCases.load(Path.of("test-data"), "funding/elevator-residents-carry-most.json")
                .request();
        return r.put("asOf", asOf).toString();
    }

    @Test
    void residentsShareOfElevators_goesFromUploadToActivation_whileEvaluationsRun(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        // From 2027 the residents carry half of an elevator instead of 60%: a new dated row, the old one ends.
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, "0.50", 6, "0.50", 8, "2027-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2026-12-31");

        HttpResponse<String> uploaded = upload("zhang.editor", "shares.drl.xlsx", Files.readAllBytes(shares));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode candidate = TestJson.MAPPER.readTree(uploaded.body());
        assertThat(candidate.get("status").asString()).as(uploaded.body()).isEqualTo("VALID");
        assertThat(candidate.at("/validation/casesRun").asInt()).isGreaterThanOrEqualTo(45);
        assertThat(candidate.at("/changedFiles/0").asString()).isEqualTo("decision-tables/funding/shares.drl.xlsx");
        String id = candidate.get("id").asString();
        String after = candidate.get("version").asString();

        // the change in words, row by row: the old row ends, a new one starts in 2027
        JsonNode read = TestJson.MAPPER.readTree(
                get("/api/v1/rulesets/candidates/" + id, "li.approver").body());
        JsonNode changes = read.get("changes");
        assertThat(changes.size()).as(changes.toString()).isEqualTo(2);
        assertThat(changes.at("/0/kind").asString()).isEqualTo("EDITED");
        assertThat(changes.at("/0/table").asString()).isEqualTo("Shares");
        assertThat(changes.at("/0/key").asString()).isEqualTo("ELEVATOR_RETROFIT");
        assertThat(changes.at("/0/validFrom").isNull()).isTrue();
        assertThat(changes.at("/0/sentence").asString())
                .isEqualTo("ELEVATOR_RETROFIT 失效日期 Valid to (open) → 2026-12-31");
        assertThat(changes.at("/0/fields/0/column").asString()).isEqualTo("失效日期 Valid to");
        assertThat(changes.at("/0/fields/0/to").asString()).isEqualTo("2026-12-31");
        assertThat(changes.at("/1/kind").asString()).isEqualTo("ADDED");
        assertThat(changes.at("/1/validFrom").asString()).isEqualTo("2027-01-01");
        assertThat(changes.at("/1/sentence").asString())
                .isEqualTo("新增 added: ELEVATOR_RETROFIT 自 from 2027-01-01: 政府 GOVERNMENT 0.50, 居民 RESIDENTS 0.50");
        assertThat(get("/api/v1/rulesets/candidates", "li.approver").body())
                .as("the list leaves the sentences to each candidate's own reading")
                .doesNotContain("\"changes\"");

        JsonNode cases = TestJson.MAPPER.readTree(
                get("/api/v1/rulesets/candidates/" + id + "/impact?dataset=cases&asOf=2027-01-01", "li.approver")
                        .body());
        assertThat(cases.get("changed").asInt()).isGreaterThan(0);
        assertThat(cases.at("/summary/eligibilityFlips").asInt()).isZero();
        assertThat(cases.get("changes").toString())
                .contains("elevator-residents-carry-most", "\"source\":\"GOVERNMENT\"");
        // the program's 66 communities: the elevators they asked for now cost residents less, the government more
        JsonNode program = TestJson.MAPPER.readTree(
                get("/api/v1/rulesets/candidates/" + id + "/impact?dataset=program&asOf=2027-01-01", "li.approver")
                        .body());
        assertThat(program.get("evaluated").asInt()).isEqualTo(66);
        assertThat(program.get("changed").asInt()).isPositive();
        JsonNode residents = java.util.stream.StreamSupport.stream(
                        program.get("totals").spliterator(), false)
                .filter(t -> t.get("source").asString().equals("RESIDENTS"))
                .findFirst()
                .orElseThrow();
        assertThat(residents.get("delta").decimalValue()).isNegative();
        // without a date: on each change date, the day before the new row (the old row, now ended) and its first day
        JsonNode onChangeDates = impact(id, "dataset=program");
        assertThat(texts(onChangeDates.get("changeDates"))).containsExactly("2026-12-31", "2027-01-01");
        assertThat(texts(onChangeDates.get("datesEvaluated"))).containsExactly("2026-12-31", "2027-01-01");
        assertThat(onChangeDates.at("/dates/0/changed").asInt()).isZero();
        assertThat(onChangeDates.at("/dates/1/changed").asInt())
                .isEqualTo(program.get("changed").asInt());
        assertThat(onChangeDates.get("changed").asInt())
                .isEqualTo(program.get("changed").asInt());
        assertThat(onChangeDates.get("totalsDate").asString()).isEqualTo("2027-01-01");
        // decisions recorded today (this test's own evaluations), as of a date before the change: nothing changes
        post("/api/v1/evaluations", null, elevatorRequest("2020-09-01"));
        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        JsonNode recorded = impact(id, "dataset=recorded&asOf=2026-06-01&from=" + today + "&to=" + today);
        assertThat(recorded.get("evaluated").asInt()).isPositive();
        assertThat(recorded.get("changed").asInt()).isZero();
        assertThat(texts(recorded.get("notes")))
                .singleElement()
                .asString()
                .contains("nothing changes as of 2026-06-01", "2026-12-31, 2027-01-01");
        // and on the change dates, the elevator recorded today costs its residents less from 2027
        JsonNode recordedOnChangeDates = impact(id, "dataset=recorded&from=" + today + "&to=" + today);
        assertThat(recordedOnChangeDates.get("changed").asInt()).isPositive();
        assertThat(texts(recordedOnChangeDates.at("/changes/0/changedOn"))).containsExactly("2027-01-01");

        // the uploader may not approve their own change, an editor may not approve at all
        assertThat(post("/api/v1/rulesets/candidates/" + id + "/activate", "zhang.editor", "")
                        .statusCode())
                .isEqualTo(409);
        assertThat(post("/api/v1/rulesets/candidates/" + id + "/activate", "wang.editor", "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(registry.active().version()).isEqualTo(before);

        // evaluations keep running on two threads while another person activates it
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        String request = elevatorRequest("2027-03-01");
        Runnable evaluate = () -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = post("/api/v1/evaluations", null, request);
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    } else {
                        versions.add(TestJson.MAPPER
                                .readTree(r.body())
                                .get("rulesetVersion")
                                .asString());
                    }
                    done.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        };
        List<Thread> load = List.of(new Thread(evaluate), new Thread(evaluate));
        load.forEach(Thread::start);
        Thread.sleep(300);
        HttpResponse<String> activated = post("/api/v1/rulesets/candidates/" + id + "/activate", "li.approver", "");
        Thread.sleep(300);
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(failures.get()).isZero();
        assertThat(done.get()).isGreaterThan(10);
        assertThat(versions).containsExactlyInAnyOrder(before, after);
        assertThat(registry.active().version()).isEqualTo(after);

        JsonNode in2027 = TestJson.MAPPER.readTree(
                post("/api/v1/evaluations", null, elevatorRequest("2027-03-01")).body());
        assertThat(in2027.at("/funding/lines/1/item").asString()).isEqualTo("ELEVATOR_RETROFIT");
        assertThat(in2027.at("/funding/lines/1/shares/1/amount").decimalValue()).isEqualByComparingTo("325000.00");
        JsonNode in2020 = TestJson.MAPPER.readTree(
                post("/api/v1/evaluations", null, elevatorRequest("2020-09-01")).body());
        assertThat(in2020.at("/funding/lines/1/shares/1/amount").decimalValue()).isEqualByComparingTo("390000.00");

        // who did what is recorded; the earlier version can be served again
        String actions = get("/api/v1/rulesets/actions", "li.approver").body();
        assertThat(actions)
                .contains(
                        "\"actor\":\"zhang.editor\",\"action\":\"UPLOAD\"",
                        "\"actor\":\"zhang.editor\",\"action\":\"ACTIVATE_REFUSED\"",
                        "\"actor\":\"li.approver\",\"action\":\"ACTIVATE\"");
        HttpResponse<String> rollback = post("/api/v1/rulesets/" + before + "/activate", "li.approver", "");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(registry.active().version()).isEqualTo(before);
    }

    /** The bundled shares table with an item's government and residents' shares changed from a date on. */
    static byte[] sharesFrom(Path dir, String item, String government, String residents, String from) throws Exception {
        Path copy = RulesetDirs.copyBundled(Files.createTempDirectory(dir, "edit"));
        Path shares = copy.resolve("decision-tables/funding/shares.drl.xlsx");
        PublishingDurabilityTests.changeShares(shares, item, government, residents, from);
        return Files.readAllBytes(shares);
    }

    /** The bundled eligibility parameters with the last completion year in scope changed from a date on. */
    static byte[] lastCompletionYearFrom(Path dir, String year, String from) throws Exception {
        Path copy = RulesetDirs.copyBundled(Files.createTempDirectory(dir, "edit"));
        Path parameters = copy.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
        RulesetDirs.addRowLike(parameters, "LAST_COMPLETION_YEAR", Map.of(3, year, 6, from));
        RulesetDirs.setCell(
                parameters,
                "LAST_COMPLETION_YEAR",
                7,
                java.time.LocalDate.parse(from).minusDays(1).toString());
        return Files.readAllBytes(parameters);
    }

    /** A workbench page as a user signed in with the form (session cookie, CSRF token from the sign-in page). */
    String workbenchPage(String user, String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        String login = browser.send(
                        HttpRequest.newBuilder(uri("/workbench/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(login);
        assertThat(csrf.find()).as(login).isTrue();
        String form = "username=" + user + "&password=" + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        browser.send(
                HttpRequest.newBuilder(uri("/workbench/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page =
                browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    static JsonNode json(HttpResponse<String> r) {
        return TestJson.MAPPER.readTree(r.body());
    }

    String fileOfActive(String path) {
        return registry.active().files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElseThrow()
                .sha256();
    }

    @Test
    void twoCandidatesOfOneTable_approvingTheSecondAfterTheFirst_isRefusedAndTheFirstStays(@TempDir Path dir)
            throws Exception {
        String before = registry.active().version();
        String shares = "decision-tables/funding/shares.drl.xlsx";
        // two editors edit the same table of the same serving version, unaware of each other
        HttpResponse<String> a = upload(
                "wang.editor", "shares.drl.xlsx", sharesFrom(dir, "ROOF_LEAK_REPAIR", "0.60", "0.30", "2028-01-01"));
        HttpResponse<String> b = upload(
                "wang.editor", "shares.drl.xlsx", sharesFrom(dir, "ELEVATOR_RETROFIT", "0.45", "0.55", "2029-01-01"));
        assertThat(json(a).get("status").asString()).as(a.body()).isEqualTo("VALID");
        assertThat(json(b).get("status").asString()).as(b.body()).isEqualTo("VALID");
        assertThat(json(b).get("basedOn").asString()).isEqualTo(before);
        String aId = json(a).get("id").asString();
        String bId = json(b).get("id").asString();

        HttpResponse<String> first = post("/api/v1/rulesets/candidates/" + aId + "/activate", "li.approver", "");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String afterA = registry.active().version();
        assertThat(afterA).isEqualTo(json(a).get("version").asString());

        // B, approved as uploaded, would serve the shares table without A's row: refused, naming both versions
        HttpResponse<String> second = post("/api/v1/rulesets/candidates/" + bId + "/activate", "li.approver", "");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(second);
        assertThat(problem.get("type").asString()).endsWith("/problems/candidate-outdated");
        assertThat(problem.get("basedOn").asString()).isEqualTo(before);
        assertThat(problem.get("serving").asString()).isEqualTo(afterA);
        assertThat(problem.at("/changedSince/0").asString()).isEqualTo(shares);
        assertThat(problem.get("detail").asString())
                .contains("基于旧版本 " + before, "based on an older version " + before, afterA, shares);
        assertThat(registry.active().version()).as("A's change stays").isEqualTo(afterA);
        assertThat(json(b).get("outdated").isNull())
                .as("on upload, its base served")
                .isTrue();

        // the candidate and the list say so before anyone tries
        JsonNode bNow = json(get("/api/v1/rulesets/candidates/" + bId, "li.approver"));
        assertThat(bNow.get("status").asString()).isEqualTo("VALID");
        assertThat(bNow.at("/outdated/basedOn").asString()).isEqualTo(before);
        assertThat(bNow.at("/outdated/serving").asString()).isEqualTo(afterA);
        assertThat(bNow.at("/outdated/changedSince/0").asString()).isEqualTo(shares);
        assertThat(bNow.at("/outdated/message").asString())
                .contains("基于旧版本", "based on an older version", "approval will be refused");
        JsonNode listed = java.util.stream.StreamSupport.stream(
                        json(get("/api/v1/rulesets/candidates", "li.approver")).spliterator(), false)
                .filter(c -> c.get("id").asString().equals(bId))
                .findFirst()
                .orElseThrow();
        assertThat(listed.at("/outdated/basedOn").asString()).isEqualTo(before);
        assertThat(json(get("/api/v1/rulesets/candidates/" + aId, "li.approver"))
                        .get("activatedVersion")
                        .asString())
                .isEqualTo(afterA);
        assertThat(get("/api/v1/rulesets/actions", "li.approver").body()).contains("ACTIVATE_REFUSED", bId);
        // the workbench's list and candidate page too, and the page offers no approval
        assertThat(workbenchPage("li.approver", "/workbench/candidates"))
                .contains("基于旧版本 / based on an older version", "批准将被拒绝 / approval will be refused");
        String page = workbenchPage("li.approver", "/workbench/candidates/" + bId);
        assertThat(page).contains("id=\"approval-refused\"", before, afterA, shares);
        assertThat(page).doesNotContain("id=\"approve\"");
        // and in words what approving it would undo: A's row
        assertThat(page).contains("删除 removed: ROOF_LEAK_REPAIR 自 from 2028-01-01: 政府 GOVERNMENT 0.60");

        HttpResponse<String> back = post("/api/v1/rulesets/" + before + "/activate", "li.approver", "");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    @Test
    void twoCandidatesOfDifferentTables_approvingTheSecond_keepsTheFirstsChange_validatedAgain(@TempDir Path dir)
            throws Exception {
        String before = registry.active().version();
        String shares = "decision-tables/funding/shares.drl.xlsx";
        String eligibility = "decision-tables/eligibility/eligibility-parameters.drl.xlsx";
        String sharesBefore = fileOfActive(shares);
        HttpResponse<String> a = upload(
                "wang.editor", "eligibility-parameters.drl.xlsx", lastCompletionYearFrom(dir, "2000", "2030-01-01"));
        HttpResponse<String> b = upload(
                "wang.editor", "shares.drl.xlsx", sharesFrom(dir, "ELEVATOR_RETROFIT", "0.35", "0.65", "2031-01-01"));
        assertThat(json(a).get("status").asString()).as(a.body()).isEqualTo("VALID");
        assertThat(json(b).get("status").asString()).as(b.body()).isEqualTo("VALID");
        String bId = json(b).get("id").asString();
        assertThat(post("/api/v1/rulesets/candidates/" + json(a).get("id").asString() + "/activate", "li.approver", "")
                        .statusCode())
                .isEqualTo(200);
        String eligibilityOfA = fileOfActive(eligibility);
        String afterA = registry.active().version();

        JsonNode waiting = json(get("/api/v1/rulesets/candidates/" + bId, "li.approver"));
        assertThat(waiting.at("/outdated/basedOn").asString()).isEqualTo(before);
        assertThat(waiting.at("/outdated/changedSince").size()).isZero();
        assertThat(waiting.at("/outdated/message").asString()).contains("基于旧版本", "validated again");

        HttpResponse<String> approved = post("/api/v1/rulesets/candidates/" + bId + "/activate", "li.approver", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        String served = registry.active().version();
        assertThat(served)
                .as("neither B as uploaded (it lacks A's row) nor A")
                .isNotEqualTo(json(b).get("version").asString())
                .isNotEqualTo(afterA);
        assertThat(json(approved).get("activatedVersion").asString()).isEqualTo(served);
        assertThat(json(approved).get("version").asString())
                .isEqualTo(json(b).get("version").asString());
        assertThat(fileOfActive(eligibility)).as("A's change stays").isEqualTo(eligibilityOfA);
        assertThat(fileOfActive(shares)).as("B's change serves").isNotEqualTo(sharesBefore);
        // the rebased ruleset was validated (every case run) before it served, and the log says how it came about
        JsonNode activation = java.util.stream.StreamSupport.stream(
                        json(get("/api/v1/rulesets/actions", "li.approver")).spliterator(), false)
                .filter(x -> x.get("action").asString().equals("ACTIVATE")
                        && x.get("target").asString().equals(bId))
                .findFirst()
                .orElseThrow();
        assertThat(activation.get("detail").asString())
                .startsWith(served + " replaces " + afterA)
                .containsPattern("validated again: VALID, [1-9]\\d* cases run");
        // B's shares serve from 2031: residents carry 65% of the elevator
        JsonNode in2031 = json(post("/api/v1/evaluations", null, elevatorRequest("2031-03-01")));
        assertThat(in2031.at("/funding/lines/1/item").asString()).isEqualTo("ELEVATOR_RETROFIT");
        assertThat(in2031.at("/funding/lines/1/shares/1/amount").decimalValue()).isEqualByComparingTo("422500.00");

        HttpResponse<String> back = post("/api/v1/rulesets/" + before + "/activate", "li.approver", "");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    @Test
    void editingTheValuesOfADatedRow_isPreviewedOnThatRowsDate(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        try {
            // served: from 2030 residents carry half of an elevator (a dated row; the undated one ends 2029-12-31)
            RulesetDirs.copyBundled(dir);
            Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
            RulesetDirs.addRowLike(
                    shares,
                    "ELEVATOR_RETROFIT",
                    Map.of(
                            DESCRIPTION,
                            "ELEVATOR_RETROFIT from 2030",
                            GOVERNMENT,
                            "0.50",
                            RESIDENTS,
                            "0.50",
                            VALID_FROM,
                            "2030-01-01"));
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", VALID_TO, "2029-12-31");
            String served = uploadValid("zhang.editor", shares);
            HttpResponse<String> activated =
                    post("/api/v1/rulesets/candidates/" + served + "/activate", "li.approver", "");
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);

            // the change: only the values of the 2030 row, 55% instead of 50% for the residents
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT from 2030", GOVERNMENT, "0.45");
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT from 2030", RESIDENTS, "0.55");
            String id = uploadValid("zhang.editor", shares);

            JsonNode program = impact(id, "dataset=program");
            assertThat(program.get("changed").asInt()).isPositive();
            assertThat(texts(program.get("changeDates"))).containsExactly("2030-01-01");
            assertThat(texts(program.get("datesEvaluated"))).containsExactly("2030-01-01");
            assertThat(program.at("/rows/added").asInt()).isEqualTo(1);
            assertThat(program.at("/rows/removed").asInt()).isEqualTo(1);
            assertThat(program.get("evaluated").asInt()).isEqualTo(66);
            assertThat(program.get("changed").asInt()).isPositive();
            assertThat(program.at("/dates/0/date").asString()).isEqualTo("2030-01-01");
            assertThat(program.at("/dates/0/changed").asInt())
                    .isEqualTo(program.get("changed").asInt());
            assertThat(program.get("totalsDate").asString()).isEqualTo("2030-01-01");
            assertThat(total(program.get("totals"), "RESIDENTS").get("delta").decimalValue())
                    .isPositive();
            assertThat(total(program.get("totals"), "GOVERNMENT").get("delta").decimalValue())
                    .isNegative();
            assertThat(texts(program.at("/changes/0/changedOn"))).containsExactly("2030-01-01");
            assertThat(program.get("notes")).isEmpty();

            // an explicit date still previews that date only
            JsonNode in2029 = impact(id, "dataset=program&asOf=2029-06-01");
            assertThat(texts(in2029.get("datesEvaluated"))).containsExactly("2029-06-01");
            assertThat(in2029.get("changed").asInt()).isZero();
            assertThat(texts(in2029.get("changeDates"))).containsExactly("2030-01-01");

            // the approver's page names the date and what changes on it
            String page = page("li.approver", "/workbench/candidates/" + id);
            assertThat(page).contains("id=\"change-dates\"", "2030-01-01", "funding.totals[RESIDENTS]");
            Matcher summary = Pattern.compile("id=\"impact-summary\">\\s*<b>(\\d+)</b> / <span>66</span>")
                    .matcher(page);
            assertThat(summary.find()).as(page).isTrue();
            assertThat(Integer.parseInt(summary.group(1)))
                    .isEqualTo(program.get("changed").asInt());

            // words only: the row's date is previewed, nothing changes on it, and the preview says so
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT from 2030", GOVERNMENT, "0.50");
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT from 2030", RESIDENTS, "0.50");
            RulesetDirs.setCell(
                    shares, "ELEVATOR_RETROFIT from 2030", DESCRIPTION, "ELEVATOR_RETROFIT from 2030 (2030 budget)");
            String words = uploadValid("zhang.editor", shares);
            JsonNode unchanged = impact(words, "dataset=program");
            assertThat(texts(unchanged.get("datesEvaluated"))).containsExactly("2030-01-01");
            assertThat(unchanged.get("changed").asInt()).isZero();
            assertThat(texts(unchanged.get("notes")))
                    .singleElement()
                    .asString()
                    .contains("在所有变更日期（2030-01-01）上均无变化", "nothing changes on any of the change dates (2030-01-01)");
            assertThat(page("li.approver", "/workbench/candidates/" + words))
                    .contains("nothing changes on any of the change dates (2030-01-01)");
        } finally {
            post("/api/v1/rulesets/" + before + "/activate", "li.approver", "");
        }
        assertThat(registry.active().version()).isEqualTo(before);
    }

    @Test
    void extendingADatedRowsValidTo_isPreviewedOnTheDaysItNowDecides(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        try {
            // served: residents carry 60% of an elevator until 2029, half in 2030, 55% from 2031
            RulesetDirs.copyBundled(dir);
            Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
            RulesetDirs.addRowLike(
                    shares,
                    "ELEVATOR_RETROFIT",
                    Map.of(
                            DESCRIPTION,
                            "ELEVATOR_RETROFIT in 2030",
                            GOVERNMENT,
                            "0.50",
                            RESIDENTS,
                            "0.50",
                            VALID_FROM,
                            "2030-01-01",
                            VALID_TO,
                            "2030-12-31"));
            RulesetDirs.addRowLike(
                    shares,
                    "ELEVATOR_RETROFIT",
                    Map.of(
                            DESCRIPTION,
                            "ELEVATOR_RETROFIT from 2031",
                            GOVERNMENT,
                            "0.45",
                            RESIDENTS,
                            "0.55",
                            VALID_FROM,
                            "2031-01-01",
                            VALID_TO,
                            ""));
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", VALID_TO, "2029-12-31");
            String served = uploadValid("zhang.editor", shares);
            HttpResponse<String> activated =
                    post("/api/v1/rulesets/candidates/" + served + "/activate", "li.approver", "");
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);

            // the change: the 2030 shares are extended by a year (the next row starts a year later)
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT in 2030", VALID_TO, "2031-12-31");
            RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT from 2031", VALID_FROM, "2032-01-01");
            String id = uploadValid("zhang.editor", shares);

            JsonNode program = impact(id, "dataset=program");
            assertThat(program.get("changed").asInt()).isPositive();
            assertThat(texts(program.get("changeDates"))).containsExactly("2030-01-01", "2031-01-01", "2032-01-01");
            // only 2031 is decided differently: the residents' half instead of 55%
            assertThat(program.at("/dates/0/changed").asInt()).isZero();
            assertThat(program.at("/dates/1/date").asString()).isEqualTo("2031-01-01");
            assertThat(program.at("/dates/1/changed").asInt()).isPositive();
            // this class evaluates two dates at most: the third is named as left out
            assertThat(texts(program.get("datesEvaluated"))).containsExactly("2030-01-01", "2031-01-01");
            assertThat(texts(program.get("datesLeftOut"))).containsExactly("2032-01-01");
            assertThat(texts(program.get("notes")))
                    .singleElement()
                    .asString()
                    .contains("未预览的日期：2032-01-01", "not previewed: 2032-01-01");
            assertThat(impact(id, "dataset=program&asOf=2032-01-01")
                            .get("changed")
                            .asInt())
                    .isZero();
            assertThat(program.get("changed").asInt())
                    .isEqualTo(program.at("/dates/1/changed").asInt());
            assertThat(program.get("totalsDate").asString()).isEqualTo("2031-01-01");
            assertThat(total(program.get("totals"), "RESIDENTS").get("delta").decimalValue())
                    .isNegative();
            assertThat(program.get("changes"))
                    .allSatisfy(c -> assertThat(texts(c.get("changedOn"))).containsExactly("2031-01-01"));
        } finally {
            post("/api/v1/rulesets/" + before + "/activate", "li.approver", "");
        }
        assertThat(registry.active().version()).isEqualTo(before);
    }

    @Test
    void aStaleDownloadUploadedAgain_changesNoRow_andSaysSo(@TempDir Path dir) throws Exception {
        // the serving table, saved again: other bytes, the same rows
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        Files.write(
                shares,
                registry.active().files().stream()
                        .filter(f -> f.path().equals("decision-tables/funding/shares.drl.xlsx"))
                        .findFirst()
                        .orElseThrow()
                        .content());
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 2, "ELEVATOR_RETROFIT");
        String id = uploadValid("wang.editor", shares);

        JsonNode program = impact(id, "dataset=program");
        assertThat(program.get("changeDates")).isEmpty();
        assertThat(program.get("datesEvaluated")).isEmpty();
        assertThat(program.get("changed").asInt()).isZero();
        assertThat(program.at("/rows/added").asInt()).isZero();
        assertThat(program.at("/rows/removed").asInt()).isZero();
        assertThat(texts(program.get("notes"))).singleElement().asString().contains("没有改动任何一行", "changes no row");

        String page = page("li.approver", "/workbench/candidates/" + id);
        assertThat(page).contains("this change changes no row").doesNotContain("id=\"impact-summary\"");
        post("/api/v1/rulesets/candidates/" + id + "/withdraw", "wang.editor", "");
    }

    @Test
    void changeDossier_holdsEverySection_andPrintsOnA4_withTheApproversComment(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        // the residents' share of an elevator falls to 55% from July 2027: a new dated row, the old one ends
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, "0.45", 6, "0.55", 8, "2027-07-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2027-06-30");
        JsonNode candidate =
                TestJson.MAPPER.readTree(upload("wang.editor", "shares.drl.xlsx", Files.readAllBytes(shares))
                        .body());
        assertThat(candidate.get("status").asString()).as(candidate.toString()).isEqualTo("VALID");
        String id = candidate.get("id").asString();
        String version = candidate.get("version").asString();
        String dossierPath = "/api/v1/rulesets/candidates/" + id + "/dossier";

        HttpResponse<String> awaiting = get(dossierPath, "li.approver");
        assertThat(awaiting.statusCode()).as(awaiting.body()).isEqualTo(200);
        assertThat(awaiting.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode d = TestJson.MAPPER.readTree(awaiting.body());
        assertThat(d.propertyNames())
                .containsExactly("candidate", "changes", "cellDiff", "validation", "impact", "decision", "generated");
        assertThat(d.at("/candidate/id").asString()).isEqualTo(id);
        assertThat(d.at("/candidate/version").asString()).isEqualTo(version);
        assertThat(d.at("/candidate/basedOn").asString()).isEqualTo(before);
        assertThat(d.at("/candidate/comparedWith").asString()).isEqualTo(before);
        assertThat(d.get("changes").isArray()).isTrue();
        assertThat(d.at("/changes").toString())
                .contains("ELEVATOR_RETROFIT", "自 from 2027-07-01", "政府 GOVERNMENT 0.45", "2027-06-30");
        assertThat(d.at("/cellDiff/cells").toString()).contains("\"to\":\"2027-07-01\"", "\"to\":\"0.55\"");
        assertThat(d.at("/validation/valid").asBoolean()).isTrue();
        assertThat(d.at("/validation/casesRun").asInt()).isGreaterThanOrEqualTo(45);
        assertThat(d.at("/impact/dataset").asString()).isEqualTo("program");
        // every change date: the first period (the old row, now ended, had no dates: nothing changes before July)
        // and the day the new row takes effect, each with why it is one
        assertThat(d.at("/impact/dates/0/asOf").asString()).isEqualTo("2027-06-30");
        assertThat(d.at("/impact/dates/0/report/changed").asInt()).isZero();
        assertThat(d.at("/impact/dates/1/asOf").asString()).isEqualTo("2027-07-01");
        assertThat(d.at("/impact/dates/1/basis").asString())
                .contains("Shares 第47行生效", "the new Shares row 47 takes effect");
        assertThat(d.at("/impact/dates/1/report/evaluated").asInt()).isEqualTo(66);
        JsonNode government = java.util.stream.StreamSupport.stream(
                        d.at("/impact/dates/1/report/totals").spliterator(), false)
                .filter(t -> t.get("source").asString().equals("GOVERNMENT"))
                .findFirst()
                .orElseThrow();
        assertThat(government.get("delta").decimalValue()).isPositive();
        assertThat(d.at("/decision/outcome").asString()).isEqualTo("AWAITING");
        assertThat(d.at("/decision/by").isNull()).isTrue();
        assertThat(d.at("/decision/trail/0/action").asString()).isEqualTo("UPLOAD");
        assertThat(d.at("/generated/by").asString()).isEqualTo("li.approver");
        // those who may read candidates may read their dossiers; an auditor may do neither
        assertThat(get(dossierPath, "chen.auditor").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/rulesets/candidates/" + id, "chen.auditor").statusCode())
                .isEqualTo(403);

        // no CJK font on this server yet: a 503 that says what to install, not a PDF of empty boxes
        HttpResponse<String> noFont = HTTP.send(
                HttpRequest.newBuilder(uri(dossierPath))
                        .header("Authorization", basic("li.approver"))
                        .header("Accept", "application/pdf")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noFont.statusCode()).as(noFont.body()).isEqualTo(503);
        assertThat(noFont.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(TestJson.MAPPER.readTree(noFont.body()).get("detail").asString())
                .contains("renovation.dossier.font=", "fonts-wqy-microhei", "JSON dossier");
        Path wqy = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
        assertThat(wqy).as("install Debian's fonts-wqy-microhei (.ci/run does)").exists();
        Files.createDirectories(dataDir.resolve("fonts"));
        Files.copy(wqy, dataDir.resolve("fonts/cjk.ttc"));

        // another approver approves it in the workbench, with the bureau meeting's words
        Workbench approver = Workbench.signIn(this, "li.approver");
        String page = approver.get("/workbench/candidates/" + id).body();
        assertThat(page)
                .contains(
                        "下载变更档案 Download the change dossier",
                        "/workbench/candidates/" + id + "/dossier.pdf",
                        "/workbench/candidates/" + id + "/dossier.json");
        String comment = "经2026年12月2日局务会审议同意 / agreed at the bureau meeting of 2 December 2026";
        HttpResponse<String> approved =
                approver.post("/workbench/candidates/" + id + "/approve", Map.of("comment", comment), csrf(page));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        assertThat(registry.active().version()).isEqualTo(version);

        JsonNode after =
                TestJson.MAPPER.readTree(get(dossierPath, "wang.editor").body());
        assertThat(after.at("/decision/outcome").asString()).isEqualTo("APPROVED");
        assertThat(after.at("/decision/by").asString()).isEqualTo("li.approver");
        assertThat(after.at("/decision/comment").asString()).isEqualTo(comment);
        assertThat(after.at("/decision/at").asString()).isNotBlank();
        assertThat(after.at("/candidate/comparedWith").asString()).isEqualTo(before);
        assertThat(after.at("/impact/dates/1/report/changed").asInt())
                .isEqualTo(d.at("/impact/dates/1/report/changed").asInt());

        HttpResponse<byte[]> printed = approver.download("/workbench/candidates/" + id + "/dossier.pdf");
        assertThat(printed.statusCode()).isEqualTo(200);
        assertThat(printed.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("attachment", "change-dossier-" + id + ".pdf"));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/dossier-approved.pdf"), printed.body()); // to look at (pdftoppm -png -r 60)
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(printed.body())) {
            var a4 = org.apache.pdfbox.pdmodel.common.PDRectangle.A4;
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isBetween(a4.getWidth() - 1, a4.getWidth() + 1);
            assertThat(pdf.getPage(0).getMediaBox().getHeight()).isBetween(a4.getHeight() - 1, a4.getHeight() + 1);
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains("变更档案", "审批 Decision", "批准 / approved", "第 1 页");
            assertThat(text.replaceAll("\\s", "")).contains(id, version, before, comment.replaceAll("\\s", ""));
        }
        HttpResponse<byte[]> api = HTTP.send(
                HttpRequest.newBuilder(uri(dossierPath))
                        .header("Authorization", basic("wang.editor"))
                        .header("Accept", "application/pdf")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(api.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        HttpResponse<byte[]> json = approver.download("/workbench/candidates/" + id + "/dossier.json");
        assertThat(TestJson.MAPPER.readTree(json.body()).at("/decision/comment").asString())
                .isEqualTo(comment);

        assertThat(post("/api/v1/rulesets/" + before + "/activate", "li.approver", "")
                        .statusCode())
                .isEqualTo(200);
    }

    /** The hidden CSRF field of a workbench form (the approve form's). */
    static String csrf(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    /** A signed-in workbench session (form login, a session cookie), as a browser has. */
    record Workbench(PublishingHttpTests test, HttpClient client) {
        static Workbench signIn(PublishingHttpTests test, String user) throws Exception {
            HttpClient client = HttpClient.newBuilder()
                    .cookieHandler(new java.net.CookieManager())
                    .build();
            Workbench w = new Workbench(test, client);
            String login = w.get("/workbench/login").body();
            HttpResponse<String> signedIn =
                    w.post("/workbench/login", Map.of("username", user, "password", PASSWORD), csrf(login));
            assertThat(signedIn.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            return w;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(test.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<byte[]> download(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(test.uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        HttpResponse<String> post(String path, Map<String, String> form, String csrf) throws Exception {
            StringBuilder body = new StringBuilder("_csrf=" + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8));
            form.forEach((k, v) -> body.append('&')
                    .append(k)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return client.send(
                    HttpRequest.newBuilder(test.uri(path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void brokenSpreadsheet_isRefusedWithCellFindings_andTheServingVersionStays(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        RulesetDirs.setCell(shares, "ROOF_LEAK_REPAIR", 3, "0.75");
        HttpResponse<String> uploaded =
                upload("wang.editor", "decision-tables/funding/shares.drl.xlsx", Files.readAllBytes(shares));
        assertThat(uploaded.statusCode()).isEqualTo(201);
        JsonNode candidate = TestJson.MAPPER.readTree(uploaded.body());
        assertThat(candidate.get("status").asString()).isEqualTo("INVALID");
        assertThat(candidate.at("/validation/findings").toString())
                .contains("decision-tables/funding/shares.drl.xlsx!Shares!D11", "份额合计1.05");
        HttpResponse<String> refused =
                post("/api/v1/rulesets/candidates/" + candidate.get("id").asString() + "/activate", "li.approver", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("INVALID");
        assertThat(registry.active().version()).isEqualTo(before);

        // its dossier: the findings, no impact (it can never serve), and the reason it was turned down
        String id = candidate.get("id").asString();
        String dossierPath = "/api/v1/rulesets/candidates/" + id + "/dossier";
        JsonNode invalid =
                TestJson.MAPPER.readTree(get(dossierPath, "wang.editor").body());
        assertThat(invalid.at("/decision/outcome").asString()).isEqualTo("INVALID");
        assertThat(invalid.at("/validation/findings").toString()).contains("Shares!D11", "份额合计1.05");
        assertThat(invalid.at("/impact/dates").isEmpty()).isTrue();
        assertThat(invalid.at("/impact/note").asString()).contains("failed validation");
        assertThat(invalid.at("/cellDiff/note").asString()).contains("invalid candidate's files are not kept");
        Workbench editor = Workbench.signIn(this, "wang.editor");
        String page = editor.get("/workbench/candidates/" + id).body();
        String reason = "屋面防水份额合计应为1，请修正后重新上传 / the roof shares must add up to 1";
        assertThat(editor.post("/workbench/candidates/" + id + "/reject", Map.of("comment", reason), csrf(page))
                        .statusCode())
                .isEqualTo(302);
        JsonNode rejected =
                TestJson.MAPPER.readTree(get(dossierPath, "li.approver").body());
        assertThat(rejected.at("/decision/outcome").asString()).isEqualTo("REJECTED");
        assertThat(rejected.at("/decision/by").asString()).isEqualTo("wang.editor");
        assertThat(rejected.at("/decision/comment").asString()).isEqualTo(reason);
    }

    @Test
    void notAWorkbookOrNotARulesetPath_isRefused() throws Exception {
        HttpResponse<String> csv = upload(
                "wang.editor", "shares.drl.xlsx", "item,GOVERNMENT\nROOF,0.7\n".getBytes(StandardCharsets.UTF_8));
        assertThat(TestJson.MAPPER
                        .readTree(csv.body())
                        .at("/validation/findings/0/message")
                        .asString())
                .contains("not an XLSX workbook");
        HttpResponse<String> traversal = upload("wang.editor", "../../etc/passwd.drl.xlsx", new byte[] {'P', 'K'});
        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(traversal.body()).contains("not a ruleset file");
        HttpResponse<String> unknown = upload("wang.editor", "parameters.drl.xlsx", new byte[] {'P', 'K'});
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no serving table is named parameters.drl.xlsx");
    }

    @Test
    void administration_needsSignIn_butEvaluationStaysOpen() throws Exception {
        HttpResponse<String> anonymous = post("/api/v1/rulesets/candidates/from-directory", null, "");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("unauthorized");
        assertThat(post("/api/v1/rulesets/candidates/from-directory", "li.approver", "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/evaluations", null, elevatorRequest("2020-09-01"))
                        .statusCode())
                .isEqualTo(200);
    }
}
