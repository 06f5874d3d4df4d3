package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "Request bodies" section of docs/api.md is generated from docs/openapi.json, so it cannot
 * drift from the document the build proves. {@code -Dopenapi.write=true} rewrites it (together
 * with OpenApiDocumentIT, which rewrites the document itself).
 */
class RequestBodyDocsTest {

    private static final Path API_DOCS = Path.of("docs/api.md");
    private static final Path OPENAPI = Path.of("docs/openapi.json");
    private static final String HEADING = "## Request bodies\n";
    private static final String INTRO = """
            Every JSON request body, generated from `docs/openapi.json` (the document is the reference; it
            also gives types, formats and examples) by `RequestBodyDocsTest`. Unknown fields are refused
            with 400 naming them; a field marked required missing, or a value outside its set, is a 400
            naming the field too. A POST whose handler takes no body accepts none or `{}`. Fields not
            marked required may be left out (or sent as `null`).
            """;

    @Test
    void theRequestBodySectionIsGeneratedFromTheDocument() throws IOException {
        String docs = Files.readString(API_DOCS);
        int start = docs.indexOf(HEADING);
        assertThat(start).as("docs/api.md has a '## Request bodies' section").isNotNegative();
        int end = docs.indexOf("\n## ", start + HEADING.length());
        String current = docs.substring(start, end < 0 ? docs.length() : end + 1);
        String generated = HEADING + "\n" + INTRO + generate(JsonMapper.builder().build()
                .readTree(Files.readString(OPENAPI)));
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(API_DOCS, docs.substring(0, start) + generated
                    + (end < 0 ? "" : docs.substring(end + 1)));
            return;
        }
        assertThat(current).as("docs/api.md's request bodies differ from docs/openapi.json; regenerate with "
                + "./mvnw test -Dtest='OpenApiDocumentIT,RequestBodyDocsTest' -Dopenapi.write=true").isEqualTo(generated);
    }

    private static String generate(JsonNode openApi) {
        JsonNode schemas = openApi.path("components").path("schemas");
        StringBuilder out = new StringBuilder();
        Set<String> described = new LinkedHashSet<>();
        Set<String> nested = new LinkedHashSet<>();
        Map<String, JsonNode> paths = new TreeMap<>();
        openApi.path("paths").properties().forEach(e -> paths.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> path : paths.entrySet()) {
            for (String method : List.of("post", "put", "patch", "delete")) {
                JsonNode operation = path.getValue().path(method);
                JsonNode content = operation.path("requestBody").path("content");
                if (content.isMissingNode() || content.isEmpty()) {
                    continue;
                }
                out.append("\n### `").append(method.toUpperCase()).append(' ').append(path.getKey()).append("` — ")
                        .append(operation.path("summary").asString("")).append("\n\n");
                String mediaType = content.propertyNames().iterator().next();
                JsonNode schema = content.path(mediaType).path("schema");
                String ref = refName(schema);
                if (ref != null) {
                    if (!described.add(ref)) {
                        out.append('`').append(ref).append("`, as above.\n");
                    } else {
                        out.append('`').append(ref).append("`:\n\n");
                        table(schemas.path(ref), out, nested);
                    }
                } else if ("string".equals(schema.path("type").asString(""))) {
                    out.append("The body is the raw bytes (`").append(mediaType).append("`), sent with their own ")
                            .append("`Content-Type`").append(queryParameters(operation)).append(".\n");
                } else {
                    out.append(schema.path("description").asString("A JSON object")).append(".\n");
                }
            }
        }
        List<String> pending = new ArrayList<>(nested);
        for (int i = 0; i < pending.size(); i++) {
            String name = pending.get(i);
            if (described.contains(name)) {
                continue;
            }
            out.append("\n### `").append(name).append("` (nested)\n\n");
            Set<String> more = new LinkedHashSet<>();
            table(schemas.path(name), out, more);
            more.stream().filter(n -> !pending.contains(n)).forEach(pending::add);
        }
        return out.toString();
    }

    private static String queryParameters(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if ("query".equals(p.path("in").asString(""))) {
                names.add("`" + p.path("name").asString() + "`");
            }
        });
        return names.isEmpty() ? "" : "; " + String.join(" and ", names) + " are query parameters";
    }

    private static void table(JsonNode schema, StringBuilder out, Set<String> nested) {
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        out.append("| field | type | required | values |\n| --- | --- | --- | --- |\n");
        Map<String, JsonNode> properties = new TreeMap<>();
        schema.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
        properties.forEach((name, property) -> out.append("| `").append(name).append("` | ")
                .append(type(property, nested)).append(" | ").append(required.contains(name) ? "yes" : "")
                .append(" | ").append(values(property)).append(" |\n"));
    }

    private static String type(JsonNode property, Set<String> nested) {
        String ref = refName(property);
        if (ref != null) {
            nested.add(ref);
            return "`" + ref + "`";
        }
        String type = property.path("type").asString("");
        String format = property.path("format").asString("");
        return switch (type) {
            case "array" -> "list of " + type(property.path("items"), nested);
            case "integer" -> "whole number";
            case "object" -> property.has("additionalProperties")
                    ? "map of " + type(property.path("additionalProperties"), nested) : "object";
            case "string" -> switch (format) {
                case "uuid" -> "id";
                case "date-time" -> "RFC 3339 instant";
                case "date" -> "date (YYYY-MM-DD)";
                default -> "string";
            };
            case "" -> "any";
            default -> type;
        };
    }

    private static String values(JsonNode property) {
        JsonNode values = property.has("enum") ? property.path("enum") : property.path("items").path("enum");
        if (values.isMissingNode() || values.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add("`" + v.asString() + "`"));
        return "one of " + String.join(", ", names);
    }

    private static String refName(JsonNode schema) {
        String ref = schema.path("$ref").asString(null);
        return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    }
}
