package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.RenovationApplication;
import cn.renovation.decisions.TestUsers;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What was approved stays served across restarts, and no path serves a version that nobody but its
 * uploader approved: each test starts the real application on a data directory, stops it, and starts it
 * again on the same one, as an operator's restart does.
 */
class PublishingDurabilityTests {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path rulesets;

    @TempDir
    Path data;

    /** One running instance of the service on the test's rulesets and data directories. */
    final class Instance implements AutoCloseable {
        final ConfigurableApplicationContext ctx;
        final int port;

        Instance() throws InterruptedException {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--rulesets.dir=" + rulesets,
                    "--renovation.data-dir=" + data,
                    "--audit.data-dir=" + data));
            args.addAll(
                    TestUsers.arguments(PASSWORD, Map.of("both", "EDITOR,APPROVER", "ap", "APPROVER", "ed", "EDITOR")));
            ctx = new SpringApplicationBuilder(RenovationApplication.class).run(args.toArray(String[]::new));
            ctx.getBean(RulesetRegistry.class).awaitActive(Duration.ofSeconds(90));
            port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
        }

        String active() {
            return ctx.getBean(RulesetRegistry.class).active().version();
        }

        HttpResponse<String> post(String path, String user) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(uri(path))
                            .header("Authorization", basic(user))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path, String user) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
            if (user != null) {
                b.header("Authorization", basic(user));
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Uploads an edited shares table; returns the candidate. */
        JsonNode upload(String user, byte[] xlsx) throws Exception {
            return upload(user, "shares.drl.xlsx", xlsx);
        }

        /** Uploads an edited table by its file name; returns the candidate. */
        JsonNode upload(String user, String fileName, byte[] xlsx) throws Exception {
            String boundary = "----renovation" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                            + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(xlsx);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/v1/rulesets/candidates"))
                            .header("Authorization", basic(user))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode c = TestJson.MAPPER.readTree(r.body());
            assertThat(c.get("status").asString()).as(r.body()).isEqualTo("VALID");
            return c;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    static String basic(String user) {
        return TestUsers.basic(user, PASSWORD);
    }

    /**
     * The bundled shares table with one item's government and residents' shares changed from a future date
     * (a new dated row; the old one ends the day before), so no policy case, all dated earlier, changes.
     */
    byte[] sharesWith(String item, String government, String residents, String from) throws Exception {
        Path copy = Files.createTempDirectory(data, "edit");
        RulesetDirs.copyBundled(copy);
        Path shares = copy.resolve("decision-tables/funding/shares.drl.xlsx");
        changeShares(shares, item, government, residents, from);
        return Files.readAllBytes(shares);
    }

    /** The bundled eligibility parameters with the last completion year in scope changed from a future date. */
    byte[] lastCompletionYear(String year, String from) throws Exception {
        Path copy = Files.createTempDirectory(data, "edit");
        RulesetDirs.copyBundled(copy);
        Path parameters = copy.resolve("decision-tables/eligibility/eligibility-parameters.drl.xlsx");
        RulesetDirs.addRowLike(parameters, "LAST_COMPLETION_YEAR", java.util.Map.of(3, year, 6, from));
        RulesetDirs.setCell(
                parameters,
                "LAST_COMPLETION_YEAR",
                7,
                java.time.LocalDate.parse(from).minusDays(1).toString());
        return Files.readAllBytes(parameters);
    }

    static void changeShares(Path shares, String item, String government, String residents, String from)
            throws Exception {
        RulesetDirs.addRowLike(shares, item, java.util.Map.of(3, government, 6, residents, 8, from));
        RulesetDirs.setCell(
                shares, item, 9, java.time.LocalDate.parse(from).minusDays(1).toString());
    }

    @Test
    void approvedCandidate_servesAfterRestart_withItsCandidatesAndActions() throws Exception {
        RulesetDirs.copyBundled(rulesets);
        String initial;
        String approved;
        String pendingId;
        try (Instance one = new Instance()) {
            initial = one.active();
            JsonNode candidate = one.upload("ed", sharesWith("ELEVATOR_RETROFIT", "0.50", "0.50", "2027-01-01"));
            approved = candidate.get("version").asString();
            // pending, from the same base, changes another table: approved later it is validated again on the
            // serving version (a second change of the shares table would be refused: it would undo the first)
            JsonNode pending =
                    one.upload("ed", "eligibility-parameters.drl.xlsx", lastCompletionYear("2000", "2030-01-01"));
            pendingId = pending.get("id").asString();
            HttpResponse<String> activated = one.post(
                    "/api/v1/rulesets/candidates/" + candidate.get("id").asString() + "/activate", "ap");
            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
            assertThat(one.active()).isEqualTo(approved).isNotEqualTo(initial);
        }
        try (Instance two = new Instance()) {
            assertThat(two.active())
                    .as("the approved version serves, not the directory's")
                    .isEqualTo(approved);
            String candidates = two.get("/api/v1/rulesets/candidates", "ap").body();
            assertThat(candidates).contains("\"status\":\"ACTIVATED\"", pendingId);
            JsonNode served =
                    TestJson.MAPPER.readTree(two.get("/api/v1/rulesets", "ap").body());
            assertThat(served.get("active").asString()).isEqualTo(approved);
            assertThat(served.at("/activations/0/version").asString()).isEqualTo(approved);
            assertThat(served.at("/activations/0/kind").asString()).isEqualTo("CANDIDATE");
            assertThat(served.at("/activations/0/uploadedBy").asString()).isEqualTo("ed");
            assertThat(served.at("/activations/1/version").asString()).isEqualTo(initial);
            assertThat(served.at("/activations/1/kind").asString()).isEqualTo("INITIAL");
            String actions = two.get("/api/v1/rulesets/actions", "ap").body();
            assertThat(actions)
                    .contains("\"actor\":\"ed\",\"action\":\"UPLOAD\"", "\"actor\":\"ap\",\"action\":\"ACTIVATE\"");
            // health and the log say the directory holds something else
            String health = two.get("/actuator/health", "ap").body();
            assertThat(health).contains("directory has " + initial + ", not active");

            // a candidate proposed before the restart is still there and can be approved (compiled again from the
            // archive)
            HttpResponse<String> later = two.post("/api/v1/rulesets/candidates/" + pendingId + "/activate", "ap");
            assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
            // a version that served may be served again
            HttpResponse<String> back = two.post("/api/v1/rulesets/" + approved + "/activate", "ap");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(two.active()).isEqualTo(approved);
        }
    }

    @Test
    void rollbackPath_servesOnlyVersionsThatServed_soOwnUploadStaysUnapproved() throws Exception {
        RulesetDirs.copyBundled(rulesets);
        try (Instance one = new Instance()) {
            String initial = one.active();
            JsonNode own = one.upload("both", sharesWith("ELEVATOR_RETROFIT", "0.50", "0.50", "2027-01-01"));
            String version = own.get("version").asString();
            HttpResponse<String> byId =
                    one.post("/api/v1/rulesets/candidates/" + own.get("id").asString() + "/activate", "both");
            assertThat(byId.statusCode()).isEqualTo(409);
            HttpResponse<String> byVersion = one.post("/api/v1/rulesets/" + version + "/activate", "both");
            assertThat(byVersion.statusCode()).as(byVersion.body()).isEqualTo(409);
            assertThat(byVersion.body()).contains("has never served");
            // not even another approver may serve it that way: it goes through the candidate's own activation
            assertThat(one.post("/api/v1/rulesets/" + version + "/activate", "ap")
                            .statusCode())
                    .isEqualTo(409);
            assertThat(one.active()).isEqualTo(initial);
            assertThat(one.get("/api/v1/rulesets/actions", "ap").body()).contains("\"action\":\"ROLLBACK_REFUSED\"");
        }
    }

    @Test
    void rolledBackDirectoryCandidate_staysRolledBackAfterRestart() throws Exception {
        RulesetDirs.copyBundled(rulesets);
        String initial;
        String fromDirectory;
        try (Instance one = new Instance()) {
            initial = one.active();
            // a developer's change lands in the rulesets directory: it serves only once proposed and approved
            changeShares(
                    rulesets.resolve("decision-tables/funding/shares.drl.xlsx"),
                    "ELEVATOR_RETROFIT",
                    "0.50",
                    "0.50",
                    "2027-01-01");
            HttpResponse<String> proposed = one.post("/api/v1/rulesets/candidates/from-directory", "ed");
            assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
            JsonNode c = TestJson.MAPPER.readTree(proposed.body());
            fromDirectory = c.get("version").asString();
            assertThat(one.post("/api/v1/rulesets/candidates/" + c.get("id").asString() + "/activate", "ap")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(one.active()).isEqualTo(fromDirectory);
            assertThat(one.post("/api/v1/rulesets/" + initial + "/activate", "ap")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(one.active()).isEqualTo(initial);
        }
        try (Instance two = new Instance()) {
            assertThat(two.active())
                    .as("the rolled-back-to version serves, not the directory's")
                    .isEqualTo(initial);
            assertThat(two.get("/actuator/health", "ap").body())
                    .contains("directory has " + fromDirectory + ", not active");
        }
    }
}
