package dev.creditdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The switches docs/operations.md ("Configure") gives an operator, turned together in one server:
 * the actuator on its own port ({@code management.server.port}, where no application filter runs,
 * and the operator key is still needed beyond health), the API docs off, and a trusted proxy that
 * is not 127.0.0.1 (so the test's own {@code X-Forwarded-Proto} is not believed).
 */
class ProductionSwitchesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ConfigurableApplicationContext app;
    private static String base;
    private static String management;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(CreditdeskApplication.class).run("--server.port=0",
                "--creditdesk.database.url=" + TestDatabase.url(), "--creditdesk.database.user=postgres",
                "--management.server.port=0",
                "--springdoc.api-docs.enabled=false", "--springdoc.swagger-ui.enabled=false",
                "--server.tomcat.remoteip.internal-proxies=192\\.0\\.2\\.1");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        management = "http://localhost:" + app.getEnvironment().getProperty("local.management.port");
        assertThat(management).isNotEqualTo(base);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void onTheManagementPortTheOperatorKeyIsStillNeeded() {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants"))
                .header("Authorization", "Bearer " + IntegrationTest.OPERATOR_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"management-port-" + System.nanoTime()
                        + "\",\"settings\":{\"timezone\":\"UTC\",\"holiday_country\":\"US\",\"currency\":\"USD\","
                        + "\"support_email\":\"s@example.com\"}}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher secret = Pattern.compile("\"key\":\"(cd_secret_[^\"]+)\"").matcher(created.body());
        assertThat(secret.find()).isTrue();
        String tenantKey = secret.group(1);

        assertThat(get(management + "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get(management + "/actuator/health", null).body()).doesNotContain("components");
        assertThat(get(management + "/actuator/health", IntegrationTest.OPERATOR_KEY).body()).contains("components");
        for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/actuator/metrics"}) {
            assertThat(get(management + path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(management + path, "cd_operator_not-the-key").statusCode()).as(path).isEqualTo(401);
            assertThat(get(management + path, tenantKey).statusCode()).as(path).isEqualTo(403);
            assertThat(get(management + path, IntegrationTest.OPERATOR_KEY).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get(management + "/actuator/prometheus/", null).body()).doesNotContain("jvm_");
        assertThat(get(base + "/actuator/prometheus", IntegrationTest.OPERATOR_KEY).statusCode())
                .as("no longer on the application's port").isEqualTo(404);
    }

    @Test
    void theApiDocsSwitchedOffAreNotFound() {
        assertThat(get(base + "/v3/api-docs", null).statusCode()).isEqualTo(404);
        assertThat(get(base + "/swagger-ui/index.html", null).statusCode()).isEqualTo(404);
        assertThat(get(base + "/swagger-ui.html", null).statusCode()).isIn(404);
    }

    @Test
    void theForwardedSchemeFromAnUntrustedAddressIsIgnored() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                .header("X-Forwarded-Proto", "https").GET());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError(page.headers()));
        assertThat(cookie).contains("HttpOnly").doesNotContain("Secure");
    }

    private static HttpResponse<String> get(String url, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
