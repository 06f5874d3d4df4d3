package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.OpenApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v3/api-docs} read as an integrator reads it, over HTTP. */
class OpenApiDocumentIT extends IntegrationTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z]+[A-Za-z]*");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonNode docs;

    @BeforeEach
    void readDocument() {
        var response = api.get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        docs = response.body();
    }

    /**
     * The committed document is what the server says; the generated client of the build is
     * generated from it. {@code -Dopenapi.write=true} rewrites it.
     */
    @Test
    void theCommittedDocumentIsTheLiveOne() throws IOException {
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(docs) + "\n");
        }
        assertThat(COMMITTED).exists();
        assertThat(JSON.readTree(Files.readString(COMMITTED)))
                .as("docs/openapi.json differs from /v3/api-docs; regenerate it with "
                        + "./mvnw test -Dtest=OpenApiDocumentIT -Dopenapi.write=true and review the diff")
                .isEqualTo(docs);
    }

    /** What a route must declare: {@code @Operation(operationId = "createTask", summary = "...")}. */
    @Test
    void everyOperationHasAMeaningfulIdAndASummary() {
        List<String> without = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        forEachOperation((method, path, operation) -> {
            String id = operation.path("operationId").asString("");
            boolean summarised = !operation.path("summary").asString("").isBlank();
            if (!OPERATION_ID.matcher(id).matches() || !ids.add(id) || !summarised) {
                without.add(method + " " + path + " (" + id + ")");
            }
        });
        assertThat(without)
                .as("operations without a unique camelCase operationId (not springdoc's get_3) and a summary")
                .isEmpty();
    }

    @Test
    void everyOperationAnswersJsonAndDescribesItsProblems() {
        List<String> wrong = new ArrayList<>();
        forEachOperation((method, path, operation) -> operation.path("responses").properties().forEach(response -> {
            JsonNode content = response.getValue().path("content");
            String code = response.getKey();
            boolean problem = code.startsWith("4") || code.startsWith("5");
            for (String type : content.propertyNames()) {
                if (type.equals("*/*") || problem && !type.equals("application/problem+json")) {
                    wrong.add(method + " " + path + " " + code + " " + type);
                }
            }
        }));
        assertThat(wrong).as("responses typed */* or errors that are not problem+json").isEmpty();
        JsonNode createTask = docs.path("paths").path("/v1/tasks").path("post").path("responses");
        assertThat(createTask.propertyNames()).contains("201", "400", "401", "402", "403", "404", "409", "429");
        JsonNode getTask = docs.path("paths").path("/v1/tasks/{id}").path("get").path("responses");
        assertThat(getTask.propertyNames()).contains("200", "400", "401", "403", "404", "429").doesNotContain("409");
    }

    @Test
    void responsesSayWhichFieldsAreAlwaysThereAndStatusesAreEnums() {
        JsonNode task = docs.path("components").path("schemas").path("TaskView");
        assertThat(task.path("required").toString()).contains("\"id\"", "\"status\"", "\"credits_reserved\"")
                .doesNotContain("settled_at");
        assertThat(task.path("properties").path("status").path("enum").toString())
                .isEqualTo("[\"reserved\",\"completed\",\"failed\",\"expired\",\"restored\"]");
        JsonNode request = docs.path("components").path("schemas").path("RefundRequestRequestView");
        assertThat(request.path("properties").path("status").path("enum").toString()).contains("in_review");
        JsonNode reserve = docs.path("components").path("schemas").path("TaskReserveBody");
        assertThat(reserve.path("required").toString()).isEqualTo("[\"account_id\",\"credits\"]");
    }

    @Test
    void theMainRequestBodiesHaveExamplesThatTheirSchemasAccept() {
        OpenApiContract.Examples examples = new OpenApiContract(docs.toString()).checkExamples();
        assertThat(examples.problems()).isEmpty();
        assertThat(examples.count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theInternalCallerIsNoParameter() {
        List<String> found = new ArrayList<>();
        forEachOperation((method, path, operation) -> operation.path("parameters").forEach(parameter -> {
            if (parameter.path("name").asString().equalsIgnoreCase("caller")) {
                found.add(method + " " + path);
            }
        }));
        assertThat(operationCount()).isGreaterThan(60);
        assertThat(found).as("operations with a 'caller' parameter").isEmpty();
    }

    @Test
    void everySchemaPropertyIsSnakeCase() {
        List<String> wrong = new ArrayList<>();
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.size()).isGreaterThan(40);
        schemas.properties().forEach(schema -> {
            schema.getValue().path("properties").propertyNames().forEach(name -> {
                if (!SNAKE_CASE.matcher(name).matches()) {
                    wrong.add(schema.getKey() + "." + name);
                }
            });
            schema.getValue().path("required").forEach(name -> {
                if (!SNAKE_CASE.matcher(name.asString()).matches()) {
                    wrong.add(schema.getKey() + " required " + name.asString());
                }
            });
        });
        assertThat(wrong).as("schema properties not in snake_case").isEmpty();
    }

    @Test
    void aBearerSchemeAppliesToEveryOperationButTheStripeWebhook() {
        JsonNode scheme = docs.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.path("security").toString()).contains("bearerAuth");

        JsonNode webhook = docs.path("paths").path("/v1/webhooks/stripe/{tenant}").path("post");
        assertThat(webhook.isMissingNode()).isFalse();
        assertThat(webhook.path("security").isArray()).as("the webhook declares its own security").isTrue();
        assertThat(webhook.path("security")).as("the webhook is signed by Stripe, not sent with a key").isEmpty();
    }

    @Test
    void titleAndVersionAreReal() {
        JsonNode info = docs.path("info");
        assertThat(info.path("title").asString()).isEqualTo("Creditdesk API");
        assertThat(info.path("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.path("description").asString()).isNotBlank();
    }

    @Test
    void disputeCreationIsDescribedWithTheDisputesOwnBody() {
        JsonNode schema = requestSchema("/v1/disputes");
        assertThat(schema.path("type").asString()).as("an OpenAPI 3.1 object schema").isEqualTo("object");
        assertThat(schema.path("properties").propertyNames())
                .contains("order_id", "provider_dispute_id", "reason", "amount", "currency", "evidence_due_by")
                .doesNotContain("plan_id");
        assertThat(requestSchema("/v1/subscriptions").path("properties").propertyNames())
                .contains("plan_id")
                .doesNotContain("provider_dispute_id");
    }

    @Test
    void everyPostDescribesTheOptionalIdempotencyKeyHeader() {
        List<String> without = new ArrayList<>();
        List<String> posts = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            if (!method.equals("post")) {
                return;
            }
            posts.add(path);
            boolean described = false;
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("name").asString().equals("Idempotency-Key")
                        && parameter.path("in").asString().equals("header")
                        && !parameter.path("required").asBoolean(false)) {
                    described = true;
                }
            }
            if (!described) {
                without.add(path);
            }
        });
        assertThat(posts).hasSizeGreaterThan(30);
        assertThat(without).as("POSTs without an optional Idempotency-Key header parameter").isEmpty();
    }

    private JsonNode requestSchema(String path) {
        JsonNode content = docs.path("paths").path(path).path("post").path("requestBody").path("content");
        assertThat(content.propertyNames()).as("request content of POST " + path).isNotEmpty();
        JsonNode schema = content.path(content.propertyNames().iterator().next()).path("schema");
        String ref = schema.path("$ref").asString("");
        assertThat(ref).startsWith("#/components/schemas/");
        return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
    }

    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    private void forEachOperation(OperationVisitor visitor) {
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                visitor.visit(operation.getKey(), path.getKey(), operation.getValue());
            }
        }));
    }

    private int operationCount() {
        Set<String> operations = new HashSet<>();
        forEachOperation((method, path, operation) -> operations.add(method + " " + path));
        return operations.size();
    }
}
