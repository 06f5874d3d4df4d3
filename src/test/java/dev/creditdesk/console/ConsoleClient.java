package dev.creditdesk.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One person's browser, without the browser: cookies kept, redirects not followed, forms posted as typed. */
final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"([^\"]*)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String clientAddress;

    ConsoleClient(int port) {
        this(port, null);
    }

    /** A browser at {@code clientAddress}, as a trusted proxy in front of the server would say (X-Forwarded-For). */
    ConsoleClient(int port, String clientAddress) {
        this.baseUrl = "http://localhost:" + port;
        this.clientAddress = clientAddress;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Page(int status, String body, String location) {

        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF token on the page: " + body);
            }
            return m.group(1);
        }

        String seen() {
            Matcher m = SEEN.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no decision form on the page: " + body);
            }
            return m.group(1);
        }

        /** The page's text with tags dropped and whitespace folded, to assert on what a reader sees. */
        String text() {
            return body.replaceAll("(?s)<[^>]*>", " ").replace("&#39;", "'").replace("&quot;", "\"")
                    .replace("&amp;", "&").replace("&rsquo;", "’").replaceAll("\\s+", " ");
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + " " + text();
        }
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** Posts a form as a browser does: {@code application/x-www-form-urlencoded}, fields repeated in order. */
    Page post(String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Page post(String path, Map<String, String> fields) {
        return post(path, List.copyOf(new LinkedHashMap<>(fields).entrySet()));
    }

    /** Signs in through the form; returns where the sign-in sent the browser. */
    Page signIn(String key) {
        String csrf = get("/console/sign-in").csrf();
        return post("/console/sign-in", Map.of("key", key, "_csrf", csrf));
    }

    String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private Page send(HttpRequest.Builder request) {
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
