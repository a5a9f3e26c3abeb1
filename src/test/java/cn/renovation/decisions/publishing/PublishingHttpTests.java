package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
                        "zhang.editor", "EDITOR,APPROVER", "li.approver", "APPROVER", "wang.editor", "EDITOR"));
        r.add("renovation.data-dir", () -> dataDir.toString());
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
        // decisions recorded today (this test's own evaluations), as they were made: nothing changes before 2027
        post("/api/v1/evaluations", null, elevatorRequest("2020-09-01"));
        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        JsonNode recorded = TestJson.MAPPER.readTree(get(
                        "/api/v1/rulesets/candidates/" + id + "/impact?dataset=recorded&from=" + today + "&to=" + today,
                        "li.approver")
                .body());
        assertThat(recorded.get("evaluated").asInt()).isPositive();
        assertThat(recorded.get("changed").asInt()).isZero();

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
