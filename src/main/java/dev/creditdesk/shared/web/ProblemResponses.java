package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;

/**
 * The problem+json answers of every operation, by rule rather than per handler, so a route added
 * later gets them too: 400, 429 and 503 everywhere; 401 and 403 where a key is needed; 404 where
 * the path names an object; 409, 413 and 415 on POSTs (a reused idempotency key, a state that
 * forbids the change, a body too large or not JSON). A handler declares any other answer (422, a
 * 404 for an id in the body) with {@code @ApiResponse(responseCode = ...)}; its content is made
 * the {@code Problem} here.
 */
final class ProblemResponses {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("400", "Bad input: the problem's errors name each field or parameter that was wrong; "
                    + "nothing was changed"),
            Map.entry("401", "No key, or a key that is unknown or revoked"),
            Map.entry("403", "This key's role may not do this"),
            Map.entry("404", "No such object for this tenant"),
            Map.entry("409", "The object's state forbids this, or the Idempotency-Key was used for another request"),
            Map.entry("413", "The request body is too large"),
            Map.entry("415", "The request body is not of a supported content type"),
            Map.entry("422", "Well-formed but cannot be done: the problem says why"),
            Map.entry("429", "Too many requests; retry after the Retry-After seconds"),
            Map.entry("503", "Too busy to answer now; retry after the Retry-After seconds"));

    private ProblemResponses() {
    }

    static void addSchema(Components components) {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The snake_case field or parameter"))
                .addProperty("message", new StringSchema())
                .required(List.of("field", "message"));
        components.addSchemas(PROBLEM, new ObjectSchema()
                .description("An RFC 9457 problem")
                .addProperty("type", new StringSchema().description("A URI naming the kind of problem"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().description("The path of the request"))
                .addProperty("request_id", new StringSchema().description("The Request-Id of the request"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("The fields or parameters that were wrong"))
                .required(List.of("type", "title", "status")));
    }

    static void describe(String path, PathItem.HttpMethod method, Operation operation, Components components) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        boolean needsKey = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        add(responses, "400");
        if (needsKey) {
            add(responses, "401");
            add(responses, "403");
        }
        if (path.contains("{") || namesAnObject(operation, components)) {
            add(responses, "404");
        }
        if (method == PathItem.HttpMethod.POST) {
            add(responses, "409");
            if (operation.getRequestBody() != null) {
                add(responses, "413");
                add(responses, "415");
            }
        }
        add(responses, "429");
        add(responses, "503");
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getDescription() == null || response.getDescription().isBlank()) {
                    response.setDescription(DESCRIPTIONS.getOrDefault(code, "A problem"));
                }
                response.setContent(new Content().addMediaType(Problems.PROBLEM_JSON.toString(),
                        new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
            }
        });
    }

    private static boolean namesAnObject(Operation operation, Components components) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "query".equals(parameter.getIn()) && isReference(parameter.getName()))) {
            return true;
        }
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return false;
        }
        return operation.getRequestBody().getContent().values().stream().anyMatch(media -> {
            Schema<?> schema = media.getSchema();
            if (schema != null && schema.get$ref() != null && components.getSchemas() != null) {
                schema = components.getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
            }
            return schema != null && schema.getProperties() != null
                    && schema.getProperties().keySet().stream()
                            .anyMatch(name -> name.endsWith("_id") || name.equals("order_number"));
        });
    }

    private static boolean isReference(String name) {
        return name.endsWith("_id") || name.equals("order_number") || name.equals("external_id");
    }

    private static void add(ApiResponses responses, String code) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(DESCRIPTIONS.get(code)));
        }
    }
}
