package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A GET to the API names only the query parameters its handler reads. */
class UnknownQueryParametersIT extends IntegrationTest {

    /** The requests here are wrong on purpose; their answers are still held to the document. */
    @BeforeEach
    void sendWrongRequests() {
        api = api.unvalidatedRequest();
    }

    @Test
    void anUnknownQueryParameterIsRefusedNamingIt() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        for (String path : List.of("/v1/refund-requests?acount_id=" + account,
                "/v1/refund-requests?status=in_review&customer=" + account,
                "/v1/disputes?limit=5&customer=x",
                "/v1/accounts/" + account + "/balance?customer=x",
                "/v1/accounts/" + account + "/ledger?limit=5&customer=x",
                "/v1/outbox?customer=x",
                "/v1/email-templates?customer=x",
                "/v1/policies?customer=x",
                "/v1/accounts?external_id=u-1&mail=x")) {
            Api.Response answer = api.get(path, tenant.secretKey());
            assertThat(answer.status()).as(path + " " + answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.errorField()).as(path).isIn("acount_id", "customer", "mail");
        }
        Api.Response named = api.get("/v1/disputes?bogus=1&limit=5", tenant.secretKey());
        assertThat(named.body().get("errors").get(0).get("message").asString())
                .contains("order_id").contains("starting_after");
        Api.Response many = api.get("/v1/disputes?" + "x".repeat(500) + "=1&"
                + String.join("&", IntStream.range(0, 30).mapToObj(i -> "p" + i + "=1").toList()), tenant.secretKey());
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.body().get("errors")).hasSize(10);
        assertThat(many.body().get("errors").findValuesAsString("field")).allMatch(f -> f.length() <= 101);
    }

    @Test
    void knownParametersStillWorkAndAccessIsDecidedFirst() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        assertThat(api.get("/v1/refund-requests?account_id=" + account + "&limit=5", tenant.secretKey()).status())
                .isEqualTo(200);
        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=5", tenant.secretKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/accounts?external_id=nobody", tenant.secretKey()).body().get("data")).isEmpty();
        assertThat(api.get("/v1/refund-requests?customer=x", null).status()).isEqualTo(401);
    }

    @Test
    void consolePagesKeepReadingTheirOwnParameters() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/console/sign-in?error")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("The key was not accepted.");
    }
}
