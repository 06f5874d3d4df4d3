package dev.creditdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The actuator on the application's port: health's status for everyone, its components for the
 * operator only, every other endpoint for the operator key only (401 without, 403 with a tenant's),
 * however the path is spelled. AccessMatrixIT tries every actuator route with every key and the
 * refused spellings as well.
 */
class ActuatorAccessIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<String> OPERATOR_ONLY = List.of("/actuator/info", "/actuator/prometheus",
            "/actuator/metrics", "/actuator/metrics/jvm.memory.used");

    @Test
    void healthIsPublicButItsComponentsAreTheOperators() {
        TestTenant tenant = newTenant();
        for (String key : new String[] {null, tenant.adminKey(), "cd_secret_not-a-key"}) {
            HttpResponse<String> health = get("/actuator/health", key);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("db");
            assertThat(get("/actuator/health/db", key).statusCode()).as("a component by name").isEqualTo(404);
        }
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        HttpResponse<String> asOperator = get("/actuator/health", OPERATOR_KEY);
        assertThat(asOperator.statusCode()).isEqualTo(200);
        assertThat(asOperator.body()).contains("\"components\"").contains("\"db\"");
        assertThat(get("/actuator/health/db", OPERATOR_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void everyOtherEndpointNeedsTheOperatorKey() {
        TestTenant tenant = newTenant();
        for (String path : OPERATOR_ONLY) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(none.body()).contains("missing-api-key");
            assertThat(get(path, "cd_operator_not-the-key").statusCode()).as(path).isEqualTo(401);
            for (String key : List.of(tenant.secretKey(), tenant.supportKey(), tenant.adminKey())) {
                HttpResponse<String> refused = get(path, key);
                assertThat(refused.statusCode()).as(path).isEqualTo(403);
                assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
            }
            assertThat(get(path, OPERATOR_KEY).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/actuator/prometheus", OPERATOR_KEY).body()).contains("http_server_requests");
    }

    @Test
    void noSpellingOfThePathGetsPastTheKeyCheck() {
        TestTenant tenant = newTenant();
        List<String> spellings = List.of("/actuator//prometheus", "/actuator/prometheus/", "/ACTUATOR/prometheus",
                "/Actuator/Prometheus", "/actuator;x=1/prometheus", "/actuator/prometheus;x=1",
                "/actuator/%70rometheus", "/actuator/x/../prometheus", "/actuator/./prometheus",
                "/actuator/prometheus%2F", "//actuator/prometheus", "/actuator/prometheus?x=1",
                "/actuator/metrics/", "/actuator/metrics//jvm.memory.used", "/actuator/info/", "/actuator",
                "/actuator/");
        for (String path : spellings) {
            for (String key : new String[] {null, tenant.adminKey()}) {
                HttpResponse<String> response = get(path, key);
                assertThat(response.statusCode()).as(path + " " + response.body()).isIn(400, 401, 403, 404);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .as(path).startsWith("application/problem+json");
                assertThat(response.body()).as(path).doesNotContain("jvm_").doesNotContain("http_server_requests")
                        .doesNotContain("\"names\"");
            }
        }
    }

    private HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
