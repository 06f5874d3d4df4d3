package dev.creditdesk.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A customer's browser without the browser: cookies kept, redirects not followed, forms posted as a browser posts them. */
final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern STARTED = Pattern.compile("name=\"started\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http;
    private final String clientAddress;

    /** A browser at {@code clientAddress}, as a trusted proxy says (X-Forwarded-For). */
    PortalClient(int port, String clientAddress) {
        this.baseUrl = "http://localhost:" + port;
        this.clientAddress = clientAddress;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A file field's value. */
    record FileField(String name, String filename, String contentType, byte[] data) {
    }

    record Page(int status, String body, String location, String retryAfter) {

        String csrf() {
            return group(CSRF, "CSRF token");
        }

        String started() {
            return group(STARTED, "started field");
        }

        private String group(Pattern pattern, String what) {
            Matcher m = pattern.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no " + what + " on the page: " + body);
            }
            return m.group(1);
        }

        /** The text a reader sees: tags dropped, entities of the pages undone, whitespace folded. */
        String text() {
            return body.replaceAll("(?s)<head>.*</head>", " ").replaceAll("(?s)<[^>]*>", " ").replace("&#39;", "'")
                    .replace("&quot;", "\"").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + " " + text();
        }
    }

    Page get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    Page post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts {@code multipart/form-data}, as a browser sends a form with files. */
    Page postMultipart(String path, Map<String, String> fields, List<FileField> files) {
        String boundary = "----portal" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            for (FileField file : files) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.name()
                        + "\"; filename=\"" + file.filename() + "\"\r\nContent-Type: " + file.contentType()
                        + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(file.data());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    }

    private Page send(HttpRequest.Builder request) {
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
