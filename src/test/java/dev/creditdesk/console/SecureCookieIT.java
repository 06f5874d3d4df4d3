package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy that ends TLS: the console's session cookie is {@code Secure} when the
 * request came over HTTPS to a proxy Creditdesk trusts ({@code X-Forwarded-Proto: https} from one of
 * {@code server.tomcat.remoteip.internal-proxies}, with {@code server.forward-headers-strategy=native},
 * as the tests run: 127.0.0.1 is trusted). ProductionSwitchesIT sends the same header from an address
 * the server does not trust: no {@code Secure}.
 */
class SecureCookieIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void overHttpsThroughATrustedProxyTheSessionCookieIsSecure() {
        TestTenant tenant = newTenant();
        HttpResponse<String> page = get(port, "/console/sign-in", "https");
        String cookie = sessionCookie(page);
        assertThat(cookie).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");

        HttpResponse<String> signedIn = signIn(port, page, tenant.supportKey(), "https");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console");
        assertThat(sessionCookie(signedIn)).as("the signed-in session's new id").contains("Secure")
                .isNotEqualTo(cookie);

        assertThat(sessionCookie(get(port, "/console/sign-in", null))).as("plain HTTP").doesNotContain("Secure");
    }

    private static String sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertThat(cookies).as(response.headers().toString()).hasSize(1);
        return cookies.get(0);
    }

    private static HttpResponse<String> get(int port, String path, String forwardedProto) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return send(request);
    }

    private static HttpResponse<String> signIn(int port, HttpResponse<String> page, String key, String forwardedProto) {
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("a CSRF token on the sign-in page").isTrue();
        String session = sessionCookie(page).split(";", 2)[0];
        String form = "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", session)
                .header("X-Forwarded-Proto", forwardedProto).POST(HttpRequest.BodyPublishers.ofString(form)));
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
