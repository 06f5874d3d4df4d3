package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every answer names its request in {@code Request-Id}; problem+json bodies repeat it as {@code request_id}. */
class RequestIdIT extends IntegrationTest {

    private static final String GENERATED = "req_[A-Za-z0-9]{20}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestTenant tenant;
    private UUID account;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        account = newAccount(tenant);
    }

    @Test
    void apiAnswersCarryAFreshIdEachTime() throws Exception {
        HttpResponse<String> first = send(get("/v1/accounts/" + account).header("Authorization", "Bearer " + tenant.secretKey()));
        HttpResponse<String> second = send(get("/v1/accounts/" + account).header("Authorization", "Bearer " + tenant.secretKey()));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(requestId(first)).matches(GENERATED);
        assertThat(requestId(second)).matches(GENERATED).isNotEqualTo(requestId(first));
    }

    @Test
    void consolePagesCarryOne() throws Exception {
        HttpResponse<String> page = send(get("/console/sign-in"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(requestId(page)).matches(GENERATED);
    }

    @Test
    void problemsRepeatTheIdInTheirBody() throws Exception {
        HttpResponse<String> noKey = send(get("/v1/accounts/" + account));
        HttpResponse<String> unknownPath = send(get("/v1/no-such-thing").header("Authorization", "Bearer " + tenant.secretKey()));
        HttpResponse<String> invalid = send(HttpRequest.newBuilder(uri("/v1/accounts"))
                .header("Authorization", "Bearer " + tenant.secretKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": 12}")));
        HttpResponse<String> unknownAccount = send(get("/v1/accounts/" + UUID.randomUUID())
                .header("Authorization", "Bearer " + tenant.secretKey()));
        for (HttpResponse<String> problem : new HttpResponse[] {noKey, unknownPath, invalid, unknownAccount}) {
            assertThat(problem.statusCode()).as(problem.body()).isBetween(400, 499);
            assertThat(problem.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode body = JSON.readTree(problem.body());
            assertThat(requestId(problem)).as(problem.uri().toString()).matches(GENERATED);
            assertThat(body.path("request_id").asString()).as(problem.body()).isEqualTo(requestId(problem));
        }
    }

    @Test
    void aShortSafeIncomingIdIsKeptAnythingElseIsReplaced() throws Exception {
        HttpResponse<String> kept = send(get("/v1/accounts/" + account)
                .header("Authorization", "Bearer " + tenant.secretKey()).header("X-Request-Id", "checkout-7f3a91.b_2"));
        assertThat(requestId(kept)).isEqualTo("checkout-7f3a91.b_2");

        for (String unsafe : new String[] {"short", "has spaces in it", "<script>alert(1)</script>", "x".repeat(65),
                "semi;colon=value1"}) {
            HttpResponse<String> replaced = send(get("/v1/no-such-thing").header("X-Request-Id", unsafe));
            assertThat(requestId(replaced)).as(unsafe).matches(GENERATED);
            assertThat(replaced.body()).as(unsafe).doesNotContain(unsafe);
        }
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("Request-Id").orElse(null);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
