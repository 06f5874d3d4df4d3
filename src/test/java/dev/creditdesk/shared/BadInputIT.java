package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BadInputIT extends IntegrationTest {

    /** The requests here are wrong on purpose; their answers are still held to the document. */
    @BeforeEach
    void sendWrongRequests() {
        api = api.unvalidatedRequest();
    }

    @Test
    void malformedJsonIsAProblem() {
        TestTenant tenant = newTenant();
        Api.Response response = api.post("/v1/accounts", tenant.secretKey(), "{\"external_id\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("type")).endsWith("/malformed-json");
    }

    @Test
    void trailingGarbageAndMissingBodiesAreProblems() {
        TestTenant tenant = newTenant();
        assertThat(api.post("/v1/accounts", tenant.secretKey(), "{\"external_id\":\"u\",\"email\":\"a@example.com\"} x")
                .status()).isEqualTo(400);
        assertThat(api.post("/v1/accounts", tenant.secretKey(), "").text("type")).endsWith("/malformed-json");
        assertThat(api.get("/v1/accounts?external_id=u", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        TestTenant tenant = newTenant();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/accounts"))
                .header("Authorization", "Bearer " + tenant.secretKey())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("external_id=u")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aFormBodyOnPutOrDeleteIsNeverReadBeforeTheHandler() throws Exception {
        TestTenant tenant = newTenant();
        for (String method : new String[] {"PUT", "DELETE"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/v1/mailbox"))
                    .header("Authorization", "Bearer " + tenant.adminKey())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString("host=%zz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + response.body()).isBetween(200, 499);
        }
    }

    @Test
    void oversizedBodyIs413() {
        TestTenant tenant = newTenant();
        Api.Response response = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u", "email", "a@example.com", "padding", "x".repeat(1_100_000)));
        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        TestTenant tenant = newTenant();
        assertThat(api.get("/v1/nothing-here", tenant.secretKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/credit-grants", tenant.secretKey()).status()).isIn(404, 405);
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").has("/v1/tasks")).isTrue();
        assertThat(api.get("/actuator/health", null).text("status")).isEqualTo("UP");
        assertThat(rawGet("/actuator/prometheus", null).statusCode()).as("without the operator key").isEqualTo(401);
        HttpResponse<String> metrics = rawGet("/actuator/prometheus", OPERATOR_KEY);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests");
    }

    private HttpResponse<String> rawGet(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
