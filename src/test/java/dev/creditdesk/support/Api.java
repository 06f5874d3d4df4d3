package dev.creditdesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the API under test: JSON in, JSON out, nothing hidden. Every exchange
 * is checked against the server's own {@code /v3/api-docs} ({@link OpenApiContract}): a request
 * or response the document does not describe fails the test.
 */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, OpenApiContract> CONTRACTS = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final boolean checkRequests;

    public Api(String baseUrl) {
        this(baseUrl, true);
    }

    private Api(String baseUrl, boolean checkRequests) {
        this.baseUrl = baseUrl;
        this.checkRequests = checkRequests;
    }

    /**
     * This client for requests that are wrong on purpose (malformed JSON, unknown fields or
     * parameters, garbage): their responses are still checked against the document, the requests
     * are not.
     */
    public Api unvalidatedRequest() {
        return new Api(baseUrl, false);
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        public long number(String field) {
            return body.get(field).asLong();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("content-type");
        }

        /** The field named by the first entry of a problem's {@code errors}. */
        public String errorField() {
            JsonNode errors = body.get("errors");
            return errors == null || errors.isEmpty() ? null : errors.get(0).get("field").asString();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), key, Map.of(), null);
    }

    public Response post(String path, String key, Object body) {
        return post(path, key, body, Map.of());
    }

    public Response post(String path, String key, Object body, Map<String, String> headers) {
        String text = body == null ? "" : body instanceof String s ? s : json(body);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)), key, headers, text);
    }

    public Response put(String path, String key, Object body) {
        String text = body == null ? "" : body instanceof String s ? s : json(body);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(text)), key, Map.of(), text);
    }

    public Response delete(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), key, Map.of(), null);
    }

    /** POSTs raw bytes (an evidence upload). */
    public Response postBytes(String path, String key, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), key, Map.of(), null);
    }

    /** GETs raw bytes. */
    public byte[] getBytes(String path, String key) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + key)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest.Builder builder, String key, Map<String, String> headers, String requestBody) {
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        headers.forEach(builder::header);
        try {
            HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            holdToTheDocument(request, requestBody, response);
            JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void holdToTheDocument(HttpRequest request, String requestBody, HttpResponse<String> response) {
        URI uri = request.uri();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        List<String> problems = contract().check(request.method(), pathAndQuery,
                request.headers().firstValue("Content-Type").orElse(null), requestBody, checkRequests,
                response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        if (!problems.isEmpty()) {
            throw new AssertionError("The exchange is not what /v3/api-docs describes:\n  "
                    + String.join("\n  ", problems) + "\nrequest: " + request.method() + " " + pathAndQuery
                    + (requestBody == null ? "" : " " + requestBody) + "\nresponse: " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** The document, read once per test JVM (and server). */
    private OpenApiContract contract() {
        return CONTRACTS.computeIfAbsent(baseUrl, url -> {
            try {
                HttpResponse<String> docs = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v3/api-docs")).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (docs.statusCode() != 200) {
                    throw new IllegalStateException("GET /v3/api-docs answered " + docs.statusCode());
                }
                return new OpenApiContract(docs.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
