package cn.renovation.decisions.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.renovation.decisions.TestUsers;
import cn.renovation.decisions.evaluation.PolicyCases;
import cn.renovation.decisions.evaluation.TestJson;
import cn.renovation.decisions.ruleset.RulesetDirs;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workbench in a real browser (Debian's chromium and chromium-driver, headless, 1366×768): a broken table's
 * finding at its cell, the maker-checker path from upload to a new serving version, a decision page with the
 * plan's sentence for a clause, replay showing MATCH, and no decision for a visitor who is not signed in.
 * Each main page is saved as a screenshot under target/screenshots/, with the time it took to load.
 */
// closed after the class, before JUnit deletes the class's data directory, which its decision log still writes to
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchBrowserTests {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String PASSWORD = "workbench test password";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    static Path dataDir;

    @TempDir
    static Path browserProfile;

    static ChromeDriverService service;
    static WebDriver browser;
    static final Map<String, Long> renderMillis = new LinkedHashMap<>();

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry r) {
        TestUsers.register(
                r,
                PASSWORD,
                Map.of("zhang", "EDITOR,APPROVER", "wang", "EDITOR", "li", "APPROVER", "audit", "AUDITOR"));
        r.add("renovation.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RulesetRegistry registry;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(
                new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "browser tests skipped: Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1366,768",
                "--lang=zh-CN",
                "--user-data-dir=" + browserProfile.toAbsolutePath());
        // the console, to catch anything the Content-Security-Policy blocks
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1366, 768));
        // the page itself 1366×768, as on the office screen (the window's size would include the browser's frame)
        ((ChromeDriver) browser)
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 1366, "height", 768, "deviceScaleFactor", 1, "mobile", false));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        // a click returns before the next page has loaded when the machine is busy: elements are waited for
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        renderMillis.forEach((page, ms) -> System.out.println("WORKBENCH RENDER " + page + ": " + ms + " ms"));
    }

    @BeforeEach
    void ready() throws InterruptedException {
        registry.awaitActive(Duration.ofSeconds(60));
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Loads a page and notes how long it took, from request to the load event. */
    void open(String path, String name) {
        long t = System.nanoTime();
        browser.get(url(path));
        renderMillis.merge(name, (System.nanoTime() - t) / 1_000_000, Math::max);
    }

    void signIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(url("/workbench/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waitForText(user + " (");
    }

    /** Waits (up to a minute, on a busy machine) until the page shows what a click should lead to. */
    static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(60)).until(condition::apply);
    }

    static void waitForText(String text) {
        waitUntil(d -> d.getPageSource().contains(text));
    }

    /** Console messages of every page screenshotted, with the page's name. */
    static final java.util.List<String> console = new java.util.ArrayList<>();

    static void screenshot(String name) throws Exception {
        browser.manage()
                .logs()
                .get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(e -> console.add(name + ": " + e.getMessage()));
        File f = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    String evaluate(String asOf) throws Exception {
        ObjectNode r = (ObjectNode) PolicyCases.load(Path.of("test-data"), "funding/elevator-residents-carry-most.json")
                .request();
        r.put("asOf", asOf);
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/api/v1/evaluations")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(r.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }

    /** The spreadsheet row number (1-based) of the row holding {@code key}. */
    static int rowOf(Path xlsx, String key) throws Exception {
        try (InputStream in = Files.newInputStream(xlsx);
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            for (Row row : wb.getSheetAt(0)) {
                for (Cell c : row) {
                    if (c.getCellType() == CellType.STRING
                            && c.getStringCellValue().equals(key)) {
                        return row.getRowNum() + 1;
                    }
                }
            }
        }
        throw new IllegalArgumentException(key);
    }

    @Test
    @Order(1)
    void aVisitorWhoIsNotSignedIn_seesNoDecision() throws Exception {
        JsonNode decision = TestJson.MAPPER.readTree(evaluate("2020-09-01"));
        String id = decision.get("decisionId").asString();
        browser.manage().deleteAllCookies();
        browser.get(url("/workbench/decisions/" + id));
        assertThat(browser.getCurrentUrl()).contains("/workbench/login");
        assertThat(browser.getPageSource())
                .doesNotContain(id)
                .doesNotContain(decision.get("communityId").asString());
        browser.get(url("/workbench/decisions?communityId="
                + decision.get("communityId").asString()));
        assertThat(browser.getCurrentUrl()).contains("/workbench/login");
        assertThat(browser.getPageSource())
                .doesNotContain(decision.get("communityId").asString());
        screenshot("login");
        // an editor is signed in but is no auditor: still no decision
        signIn("wang");
        browser.get(url("/workbench/decisions/" + id));
        assertThat(browser.getPageSource())
                .contains("无权访问")
                .doesNotContain(decision.get("communityId").asString());
    }

    @Test
    @Order(2)
    void aBrokenTable_showsItsFindingAtTheCell(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 3, "0.6x");
        int row = rowOf(shares, "ELEVATOR_RETROFIT");
        // as a browser's download renamed it: recognised by the table inside, not by its name
        Path renamed = Files.copy(shares, dir.resolve("shares (1).xlsx"));

        signIn("zhang");
        open("/workbench/candidates", "candidates");
        browser.findElement(By.id("file")).sendKeys(renamed.toAbsolutePath().toString());
        long t = System.nanoTime();
        browser.findElement(By.id("propose")).click();
        WebElement cell = browser.findElement(By.id("cell-D" + row));
        renderMillis.put("upload with findings", (System.nanoTime() - t) / 1_000_000);

        assertThat(cell.getAttribute("class")).contains("has-finding");
        assertThat(cell.getText()).contains("0.6x", "D" + row, "0到1之间的小数", "a decimal from 0 to 1");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("nothing changes until they are cleared");
        assertThat(browser.getPageSource()).contains("shares (1).xlsx", "decision-tables/funding/shares.drl.xlsx");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center'})", cell);
        screenshot("upload-finding-at-cell");
        assertThat(registry.active().version()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theMakerCheckerPath_fromUploadToANewServingVersion(@TempDir Path dir) throws Exception {
        String before = registry.active().version();
        // README's publishing section: from 2027 residents carry half of an elevator instead of 60%
        RulesetDirs.copyBundled(dir);
        Path shares = dir.resolve("decision-tables/funding/shares.drl.xlsx");
        RulesetDirs.addRowLike(shares, "ELEVATOR_RETROFIT", Map.of(3, "0.50", 6, "0.50", 8, "2027-01-01"));
        RulesetDirs.setCell(shares, "ELEVATOR_RETROFIT", 9, "2026-12-31");
        Path renamed = Files.copy(shares, dir.resolve("shares (2).xlsx"));

        signIn("zhang");
        open("/workbench/ruleset", "ruleset");
        assertThat(browser.getPageSource()).contains("Shares", "6.3.1");
        screenshot("ruleset");
        open("/workbench/candidates", "candidates");
        browser.findElement(By.id("file")).sendKeys(renamed.toAbsolutePath().toString());
        long t = System.nanoTime();
        browser.findElement(By.id("propose")).click();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("VALID");
        renderMillis.put("upload, validate and candidate page with impact", (System.nanoTime() - t) / 1_000_000);
        String candidateUrl = browser.getCurrentUrl();

        // the cell-level diff: the old row ends 2026-12-31, a new row from 2027-01-01 with the new shares
        String diff = browser.findElement(By.id("cell-diff")).getText();
        assertThat(diff).contains("2026-12-31", "2027-01-01", "0.50");
        // the impact on the program's 66 communities on each date the change changes the rows in force: the old
        // row's last day and the new row's first
        assertThat(browser.findElement(By.id("asOf")).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.id("change-dates")).getText()).contains("2026-12-31、2027-01-01");
        assertThat(browser.findElement(By.id("impact-dates")).getText()).contains("2026-12-31", "2027-01-01");
        String summary = browser.findElement(By.id("impact-summary")).getText();
        assertThat(summary).contains("/ 66");
        assertThat(Integer.parseInt(summary.substring(0, summary.indexOf('/')).strip()))
                .isPositive();
        assertThat(browser.findElement(By.id("impact-changes")).getText()).contains("funding.totals[RESIDENTS]");
        screenshot("candidate-impact");
        // as of a date before the change, nothing changes, and the page says it is only because of dates
        open(
                candidateUrl.replaceFirst("^http://localhost:\\d+", "") + "?dataset=program&asOf=2020-09-01",
                "candidate impact (program, 66)");
        assertThat(browser.findElement(By.id("impact-notes")).getText())
                .contains("nothing changes as of 2020-09-01", "only because of dates", "2027-01-01");

        // the uploader may not approve their own change
        browser.get(candidateUrl);
        browser.findElement(By.id("approve")).click();
        waitForText("cannot also approve");
        assertThat(registry.active().version()).isEqualTo(before);
        // an editor sees no approve button
        signIn("wang");
        browser.get(candidateUrl);
        assertThat(browser.getPageSource()).contains("VALID").doesNotContain("id=\"approve\"");

        // another approver approves with a comment: the new version serves
        signIn("li");
        browser.get(candidateUrl);
        browser.findElement(By.id("approve-comment")).sendKeys("按2027年预算调整 / per the 2027 budget");
        browser.findElement(By.id("approve")).click();
        waitUntil(d -> d.findElement(By.id("status")).getText().equals("ACTIVATED"));
        String after = registry.active().version();
        assertThat(after).isNotEqualTo(before);
        assertThat(TestJson.MAPPER
                        .readTree(evaluate("2027-03-01"))
                        .get("rulesetVersion")
                        .asString())
                .isEqualTo(after);

        open("/workbench/history", "history");
        assertThat(browser.findElement(By.id("serving")).getText()).isEqualTo(after);
        assertThat(browser.findElement(By.id("actions")).getText())
                .contains("APPROVE_COMMENT", "per the 2027 budget", "ACTIVATE_REFUSED");
        screenshot("history");
        // and back again, from the page
        browser.findElements(By.cssSelector("#activations tr")).stream()
                .filter(r -> r.getText().contains(before.substring(0, 20)))
                .findFirst()
                .orElseThrow()
                .findElement(By.cssSelector("button.rollback"))
                .click();
        waitUntil(d -> d.findElement(By.id("serving")).getText().equals(before));
        assertThat(registry.active().version()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aDecisionPage_showsThePlansSentence_andReplayShowsMatch() throws Exception {
        JsonNode decision = TestJson.MAPPER.readTree(evaluate("2020-09-01"));
        String id = decision.get("decisionId").asString();
        signIn("audit");
        open("/workbench/decisions?communityId=" + decision.get("communityId").asString(), "decision search");
        assertThat(browser.findElement(By.id("found")).getText()).contains(id);
        screenshot("decisions");
        open("/workbench/decisions/" + id, "decision");
        // the trace cites 4.1.2.3 (elevators) and shows the plan's words for it beside the clause id
        String trace = browser.findElement(By.cssSelector(".trace")).getText();
        assertThat(trace).contains("4.1.2.3", "多层住宅楼房增设电梯 elevator retrofit in multi-storey buildings");
        assertThat(browser.getPageSource()).contains("6.3.1");
        screenshot("decision");
        browser.findElement(By.id("replay-button")).click();
        assertThat(browser.findElement(By.id("replay-outcome")).getText()).contains("MATCH");
        screenshot("decision-replay");
        // the recorded version links to its tables
        browser.findElement(By.id("version-link")).click();
        waitForText("Shares");
        assertThat(browser.getPageSource())
                .contains(decision.get("rulesetVersion").asString());
        open("/workbench/audit/verify", "verify");
        assertThat(browser.findElement(By.id("verify-outcome")).getText()).contains("INTACT");
        open("/workbench/program", "program (66 evaluated)");
        assertThat(browser.findElement(By.id("communities")).findElements(By.cssSelector("tbody tr")))
                .hasSize(66);
        screenshot("program");
        open("/workbench/try", "try");
        browser.findElement(By.id("evaluate")).click();
        waitForText("屋面渗漏修缮");
        assertThat(browser.getPageSource()).contains("YR-2020-013");
        screenshot("try");
    }

    /** The pages run under {@code Content-Security-Policy: default-src 'self'}: nothing on them may be blocked. */
    @Test
    @Order(100)
    void everyPageShown_keptToTheContentSecurityPolicy() {
        console.forEach(m -> System.out.println("WORKBENCH CONSOLE " + m));
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy"));
    }
}
