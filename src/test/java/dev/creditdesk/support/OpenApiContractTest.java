package dev.creditdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checks {@link Api} makes on every exchange catch what they are meant to, on the committed document. */
class OpenApiContractTest {

    private static final String TASK = "/v1/tasks/019cadc6-9a80-7bf4-acff-cf7ef7bee01d";
    private static final String JSON = "application/json";

    private static OpenApiContract contract;

    @BeforeAll
    static void read() throws IOException {
        contract = new OpenApiContract(Files.readString(Path.of("docs/openapi.json")));
    }

    private static String task(String status, String id) {
        return """
                {"object":"task","id":%s,"account_id":"019cadc6-9a80-75e1-92d7-d0c2e808442b",%s
                 "credits_reserved":5,"credits_used":0,"credits_restored":0,
                 "metadata":{},"kind":"generation","created_at":"2026-03-02T09:00:00Z",
                 "expires_at":"2026-03-02T10:00:00Z"}
                """.formatted(id, status == null ? "" : "\"status\":\"" + status + "\",");
    }

    private static List<String> getTask(int status, String contentType, String body) {
        return contract.check("GET", TASK, null, null, true, status, contentType, body);
    }

    @Test
    void aResponseAsDescribedPasses() {
        assertThat(getTask(200, JSON, task("reserved", "\"019cadc6-9a80-7bf4-acff-cf7ef7bee01d\""))).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsCaught() {
        assertThat(getTask(200, JSON, task(null, "\"019cadc6-9a80-7bf4-acff-cf7ef7bee01d\"")))
                .singleElement().asString()
                .contains("GET /v1/tasks/{id} (getTask) answered 200", "required property 'status' is missing");
    }

    @Test
    void aNumberWhereTheDocumentSaysStringIsCaught() {
        assertThat(getTask(200, JSON, task("reserved", "42")))
                .singleElement().asString().contains("at '/id'", "is integer, the document says string");
    }

    @Test
    void aStatusOutsideTheEnumIsCaught() {
        assertThat(getTask(200, JSON, task("in_flight", "\"019cadc6-9a80-7bf4-acff-cf7ef7bee01d\"")))
                .singleElement().asString().contains("at '/status'", "not one of");
    }

    @Test
    void anUndocumentedStatusIsCaught() {
        assertThat(getTask(418, JSON, "{}"))
                .singleElement().asString().contains("answered 418, which it does not document");
    }

    @Test
    void aContentTypeTheDocumentDoesNotGiveIsCaught() {
        assertThat(getTask(200, "text/plain", "hello"))
                .singleElement().asString().contains("answered 200 as text/plain");
        assertThat(getTask(404, JSON, "{\"type\":\"x\",\"title\":\"Not found\",\"status\":404}"))
                .as("errors are problem+json").singleElement().asString().contains("as application/json");
    }

    @Test
    void aProblemMustBeAProblem() {
        String problem = """
                {"type":"https://creditdesk.dev/problems/not-found","title":"Not found","status":404}""";
        assertThat(getTask(404, "application/problem+json", problem)).isEmpty();
        assertThat(getTask(404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404}"))
                .singleElement().asString().contains("required property 'type' is missing");
    }

    @Test
    void requestsAreCheckedUnlessTheTestSaysTheyAreWrongOnPurpose() {
        String body = "{\"credits\":5}";
        String created = task("reserved", "\"019cadc6-9a80-7bf4-acff-cf7ef7bee01d\"");
        assertThat(contract.check("POST", "/v1/tasks?verbose=1", JSON, body, true, 201, JSON, created))
                .anySatisfy(problem -> assertThat(problem).contains("query parameter 'verbose' is not declared"))
                .anySatisfy(problem -> assertThat(problem).contains("required property 'account_id' is missing"));
        assertThat(contract.check("POST", "/v1/tasks?verbose=1", JSON, body, false, 201, JSON, created)).isEmpty();
    }

    @Test
    void aPathTheDocumentDoesNotHaveMayOnlyBeRefused() {
        assertThat(contract.check("GET", "/v1/nothing-here", null, null, true, 404, "application/problem+json", ""))
                .isEmpty();
        assertThat(contract.check("GET", "/v1/nothing-here", null, null, true, 200, JSON, "{}"))
                .singleElement().asString().contains("is not in the document");
    }
}
