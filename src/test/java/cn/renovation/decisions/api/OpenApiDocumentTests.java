package cn.renovation.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.renovation.decisions.ServiceTest;
import cn.renovation.decisions.evaluation.TestJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The served OpenAPI document is the committed docs/openapi.json (the file clients, the linter and
 * GeneratedClientTests use), so the committed one is never stale. After a change to the API, rewrite it with
 * {@code mvn -B test -Dtest=OpenApiDocumentTests -Dopenapi.write=true} and review the diff.
 */
@ServiceTest
class OpenApiDocumentTests {
    static final Path COMMITTED = Path.of("docs/openapi.json");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiDocs_served_equalTheCommittedDocument() throws Exception {
        HttpResponse<String> r = get("/v3/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode served = TestJson.MAPPER.readTree(r.body());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(
                    COMMITTED,
                    TestJson.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(served) + "\n");
        }
        JsonNode committed = TestJson.MAPPER.readTree(Files.readString(COMMITTED));
        assertThat(served)
                .as(
                        "docs/openapi.json differs from the served document: rewrite it with -Dopenapi.write=true and review the diff")
                .isEqualTo(committed);
    }

    @Test
    void apiDocs_info_namesTheApiVersionLicenceAndContact() throws Exception {
        JsonNode doc = TestJson.MAPPER.readTree(get("/v3/api-docs").body());
        assertThat(doc.at("/info/version").asString()).isEqualTo(ApiDocumentation.API_VERSION);
        assertThat(doc.at("/info/license/name").asString()).isNotBlank();
        assertThat(doc.at("/info/contact/email").asString()).isNotBlank();
        assertThat(doc.at("/components/securitySchemes").propertyNames())
                .containsExactlyInAnyOrder("basicAuth", "apiKey", "auditKey");
    }

    @Test
    void apiDocs_evaluationBody_isTheRequestSchemaWithTheReadmeExample() throws Exception {
        JsonNode doc = TestJson.MAPPER.readTree(get("/v3/api-docs").body());
        JsonNode body = doc.at("/paths/~1api~1v1~1evaluations/post/requestBody/content/application~1json");
        assertThat(body.at("/schema/$ref").asString()).isEqualTo("#/components/schemas/EvaluationRequest");
        Matcher m = Pattern.compile("<<'JSON'\n(.*?)\nJSON\n", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).isTrue();
        assertThat(body.at("/examples/readme/value")).isEqualTo(TestJson.MAPPER.readTree(m.group(1)));
        assertThat(doc.at("/components/schemas/Community/properties/id/maxLength")
                        .asInt())
                .isEqualTo(64);
        assertThat(doc.at("/components/schemas/Community/properties/deficiencies/items/enum")
                        .toString())
                .isEqualTo(
                        "[\"INCOMPLETE_FACILITIES\",\"POOR_ENVIRONMENT\",\"WEAK_MANAGEMENT\",\"OUTDATED_PUBLIC_FACILITIES\"]");
    }

    @Test
    void swaggerUi_withoutCredentials_isServed() throws Exception {
        HttpResponse<String> r = get("/swagger-ui/index.html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Swagger UI");
    }
}
