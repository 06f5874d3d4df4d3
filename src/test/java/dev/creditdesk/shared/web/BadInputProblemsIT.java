package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input the handlers never see or cannot read is answered 4xx problem+json naming what was wrong:
 * content types, null list elements, NUL characters, times out of bounds, URLs Tomcat refuses.
 */
class BadInputProblemsIT extends IntegrationTest {

    /** The requests here are wrong on purpose; their answers are still held to the document. */
    @BeforeEach
    void sendWrongRequests() {
        api = api.unvalidatedRequest();
    }

    @Test
    void wildcardMultipartAndUnparsableContentTypesAre415NamingJson() {
        TestTenant tenant = newTenant();
        String body = "{\"external_id\":\"u-1\",\"email\":\"a@example.com\"}";
        for (String type : List.of("*/*", "multipart/form-data", "multipart/form-data; boundary=x", "application/*",
                "garbage/;;")) {
            RawHttp.Answer answer = RawHttp.send(port, "POST", "/v1/accounts",
                    Map.of("Authorization", "Bearer " + tenant.secretKey(), "Content-Type", type), body);
            assertThat(answer.status()).as(type + ": " + answer.body()).isEqualTo(415);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"expected\":[\"application/json\"]");
        }
        assertThat(api.get("/v1/accounts?external_id=u-1", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void aNullInAListIsRefusedUnderItsPath() {
        TestTenant tenant = newTenant();
        Api.Response decision = api.post("/v1/refund-requests/" + UUID.randomUUID() + "/decision",
                tenant.supportKey(), "{\"decision\":\"approve\",\"remedies\":[null]}");
        assertThat(decision.status()).as(decision.toString()).isEqualTo(400);
        assertThat(decision.contentType()).startsWith("application/problem+json");
        assertThat(decision.errorField()).isEqualTo("remedies[0]");

        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(),
                "{\"title\":\"down\",\"scope\":\"partial\",\"features\":[\"generate\",null]}");
        assertThat(incident.status()).as(incident.toString()).isEqualTo(400);
        assertThat(incident.errorField()).isEqualTo("features[1]");
    }

    @Test
    void aNulCharacterIs400NamingTheFieldAndStoresNothing() {
        TestTenant tenant = newTenant();
        Api.Response account = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u\u0000x", "email", "a@example.com"));
        assertThat(account.status()).as(account.toString()).isEqualTo(400);
        assertThat(account.errorField()).isEqualTo("external_id");
        assertThat(account.body().get("errors").get(0).get("message").asString()).contains("NUL");
    }

    @Test
    void timesAreRfc3339TextBetween2000And2200() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan", "name", "Pro",
                "currency", "USD", "price", "20.00", "credits", 1000)).status()).isEqualTo(201);
        for (Object startedAt : List.of("+999999999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                0, 1_767_225_600, "2026-03-02", "2200-01-01T00:00:00Z")) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("account_id", account, "plan_id", "pro"));
            body.put("started_at", startedAt);
            Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), body);
            assertThat(subscription.status()).as(startedAt + ": " + subscription).isEqualTo(400);
            assertThat(subscription.errorField()).isEqualTo("started_at");
        }
        Api.Response grant = api.post("/v1/credit-grants", tenant.secretKey(), Map.of("account_id", account,
                "credits", 5, "source", "promotional", "expires_at", "+999999999-12-31T23:59:59Z"));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(400);
        assertThat(grant.errorField()).isEqualTo("expires_at");
        Api.Response list = api.get("/v1/refund-requests?due_before=%2B999999999-12-31T23:59:59Z", tenant.supportKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(400);
        assertThat(list.errorField()).isEqualTo("due_before");
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void aZeroNetOnASubscriptionIs400NamingNet() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan", "name", "Pro",
                "currency", "USD", "price", "20.00", "credits", 1000));
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro", "net", "0"));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(400);
        assertThat(subscription.errorField()).isEqualTo("net");
    }

    @Test
    void urlsTomcatRefusesAreProblemJsonNotHtml() {
        TestTenant tenant = newTenant();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + tenant.secretKey(),
                "Content-Type", "application/json");
        for (String target : List.of("/v1/%zz", "/v1/accounts/%", "/v1/a%00b", "/v1/accounts;x=1", "/v1/a%2fb",
                "/v1/" + "a".repeat(70_000), "/v1/refund-requests?status=%zz", "/v1/accounts?external_id=%")) {
            RawHttp.Answer answer = RawHttp.send(port, target.contains("?") ? "GET" : "POST", target, headers, "{}");
            assertThat(answer.status()).as(target.substring(0, Math.min(60, target.length())) + " " + answer)
                    .isBetween(400, 499);
            assertThat(answer.contentType()).as(target.substring(0, Math.min(60, target.length())) + " " + answer)
                    .startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"status\":" + answer.status());
            String requestId = answer.headers().get("request-id");
            assertThat(requestId).as(target.substring(0, Math.min(60, target.length())) + " " + answer)
                    .matches("req_[A-Za-z0-9]{20}");
            assertThat(answer.body()).contains("\"request_id\":\"" + requestId + "\"");
        }
        RawHttp.Answer unknown = RawHttp.send(port, "POST", "/nothing-here", headers, "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        RawHttp.Answer method = RawHttp.send(port, "DELETE", "/v1/accounts", headers, "");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.contentType()).startsWith("application/problem+json");
    }
}
