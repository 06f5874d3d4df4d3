package dev.creditdesk.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as a contract the tests hold the server to: every request an integration
 * test makes through {@link Api} and every response it gets must be what {@code /v3/api-docs}
 * describes. Schemas are compiled once per operation and kept.
 */
public final class OpenApiContract {

    private static final String DOCUMENT_IRI = "https://creditdesk.invalid/v3/api-docs";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record Route(String method, String template, Pattern pattern, int variables, JsonNode operation) {

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + template + " (" + operation.path("operationId").asString("?")
                    + ")";
        }
    }

    public OpenApiContract(String documentText) {
        this.document = JSON.readTree(documentText);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(iri -> DOCUMENT_IRI.equals(iri) ? documentText : null));
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().path(method);
            if (!operation.isMissingNode()) {
                String template = path.getKey();
                String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                routes.add(new Route(method, template, Pattern.compile(regex),
                        template.split("\\{", -1).length - 1, operation));
            }
        }));
        // a literal segment wins over a variable one: /v1/incidents/unavailability before /v1/incidents/{id}
        routes.sort(Comparator.comparingInt(Route::variables));
    }

    /** What the checks found wrong; empty when the exchange is what the document says. */
    public List<String> check(String method, String pathAndQuery, String requestContentType, String requestBody,
            boolean checkRequest, int status, String responseContentType, String responseBody) {
        URI uri = URI.create(pathAndQuery);
        String path = uri.getRawPath();
        if (!path.startsWith("/v1/")) {
            return List.of();
        }
        Route route = routes.stream()
                .filter(r -> r.method().equalsIgnoreCase(method) && r.pattern().matcher(path).matches())
                .findFirst().orElse(null);
        if (route == null) {
            // a path or method the API does not have: only a refusal is right
            return status == 404 || status == 405 || status == 400 ? List.of()
                    : List.of(method + " " + path + " is not in the document but answered " + status);
        }
        List<String> problems = new ArrayList<>();
        if (checkRequest) {
            checkRequest(route, uri.getRawQuery(), requestContentType, requestBody, problems);
        }
        checkResponse(route, status, responseContentType, responseBody, problems);
        return problems;
    }

    /** How many request body examples the document gives, and what is wrong with them. */
    public record Examples(int count, List<String> problems) {
    }

    public Examples checkExamples() {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Route route : routes) {
            for (var media : route.operation().path("requestBody").path("content").properties()) {
                if (media.getValue().has("example")) {
                    count++;
                    validate(route.name() + " example", pointer(route, "requestBody", "content", media.getKey(),
                            "schema"), media.getValue().get("example").toString(), problems);
                }
            }
        }
        return new Examples(count, problems);
    }

    private void checkRequest(Route route, String query, String contentType, String body, List<String> problems) {
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!hasParameter(route.operation(), "query", name)) {
                    problems.add(route.name() + ": query parameter '" + name + "' is not declared");
                }
            }
        }
        boolean hasBody = body != null && !body.isBlank();
        JsonNode requestBody = route.operation().path("requestBody");
        if (!hasBody) {
            if (requestBody.path("required").asBoolean(false)) {
                problems.add(route.name() + ": the document requires a request body and none was sent");
            }
            return;
        }
        if (requestBody.isMissingNode()) {
            if (!body.isBlank() && !body.strip().equals("{}")) {
                problems.add(route.name() + ": a request body was sent but the operation declares none");
            }
            return;
        }
        String mediaType = mediaType(contentType);
        if (!requestBody.path("content").has(mediaType)) {
            problems.add(route.name() + ": request content type " + mediaType + " is not among "
                    + requestBody.path("content").propertyNames());
            return;
        }
        if (mediaType.endsWith("json")) {
            validate(route.name() + " request", pointer(route, "requestBody", "content", mediaType, "schema"), body,
                    problems);
        }
    }

    private void checkResponse(Route route, int status, String contentType, String body, List<String> problems) {
        JsonNode responses = route.operation().path("responses");
        String code = String.valueOf(status);
        if (!responses.has(code)) {
            code = responses.has(status / 100 + "XX") ? status / 100 + "XX" : "default";
        }
        if (!responses.has(code)) {
            problems.add(route.name() + " answered " + status + ", which it does not document (documented: "
                    + responses.propertyNames() + ")");
            return;
        }
        JsonNode content = responses.path(code).path("content");
        if (body == null || body.isEmpty()) {
            if (!content.isMissingNode() && !content.isEmpty()) {
                problems.add(route.name() + " answered " + status + " with no body, the document describes "
                        + content.propertyNames());
            }
            return;
        }
        String mediaType = mediaType(contentType);
        if (!content.has(mediaType)) {
            problems.add(route.name() + " answered " + status + " as " + mediaType + ", the document says "
                    + content.propertyNames());
            return;
        }
        if (mediaType.endsWith("json") && content.path(mediaType).has("schema")) {
            validate(route.name() + " answered " + status, pointer(route, "responses", code, "content", mediaType,
                    "schema"), body, problems);
        }
    }

    private void validate(String what, String pointer, String json, List<String> problems) {
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
        JsonNode instance;
        try {
            instance = JSON.readTree(json);
        } catch (RuntimeException e) {
            problems.add(what + ": the body is not JSON");
            return;
        }
        for (Error error : schema.validate(instance)) {
            problems.add(what + ": at '" + error.getInstanceLocation() + "' " + describe(error));
        }
    }

    /** The library's own messages misplace their arguments (3.0.9), so the common ones are worded here. */
    private static String describe(Error error) {
        Object[] arguments = error.getArguments() == null ? new Object[0] : error.getArguments();
        String first = arguments.length > 0 ? String.valueOf(arguments[0]) : "";
        return switch (error.getKeyword()) {
            case "required" -> "required property '" + first + "' is missing";
            case "type" -> "is " + first + ", the document says " + (arguments.length > 1 ? arguments[1] : "?");
            case "enum" -> "is " + error.getInstanceNode() + ", not one of " + first;
            case "additionalProperties" -> "has a property the document does not describe: " + first;
            default -> error.getKeyword() + " " + Arrays.toString(arguments) + ": " + error.getMessage();
        };
    }

    private static boolean hasParameter(JsonNode operation, String in, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (in.equals(parameter.path("in").asString()) && name.equals(parameter.path("name").asString())) {
                return true;
            }
        }
        return false;
    }

    private static String pointer(Route route, String... rest) {
        StringBuilder pointer = new StringBuilder("/paths/").append(escape(route.template())).append('/')
                .append(route.method());
        for (String part : rest) {
            pointer.append('/').append(escape(part));
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    JsonNode document() {
        return document;
    }
}
