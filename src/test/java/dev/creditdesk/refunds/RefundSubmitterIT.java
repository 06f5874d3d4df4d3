package dev.creditdesk.refunds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeServer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A refund whose submission throws is put off by its backoff; the refunds due after it are still sent. */
class RefundSubmitterIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRefundThatCannotBeSubmittedNeverHoldsBackTheOnesBehindIt() {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "America/Los_Angeles"));
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_head_of_line",
                "stripe_webhook_secret", "whsec_head_of_line"));
        UUID broken = refund(tenant, "H-1");
        UUID fine = refund(tenant, "H-2");
        StripeServer.server().stubFor(post(urlEqualTo("/v1/refunds")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo("creditdesk-refund-" + fine))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"re_head_of_line\", \"object\": \"refund\", \"amount\": 2990, "
                                + "\"currency\": \"usd\", \"status\": \"pending\"}")));
        // The broken one is due first and names a provider nobody runs: its submission throws.
        jdbc.sql("update provider_refunds set provider = 'gone', next_attempt_at = :due where tenant_id = :t and id = :id")
                .param("due", Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")))
                .param("t", tenant.id()).param("id", broken).update();
        jdbc.sql("update provider_refunds set next_attempt_at = :due where tenant_id = :t and id = :id")
                .param("due", Timestamp.from(Instant.parse("2000-01-02T00:00:00Z")))
                .param("t", tenant.id()).param("id", fine).update();

        submitter.run();

        assertThat(api.get("/v1/refunds/" + fine, tenant.adminKey()).text("status")).isEqualTo("pending");
        Map<String, Object> put = jdbc.sql("select status, attempts, failure_reason, next_attempt_at from provider_refunds "
                + "where tenant_id = :t and id = :id").param("t", tenant.id()).param("id", broken).query().singleRow();
        assertThat(put.get("status")).isEqualTo("requested");
        assertThat(put.get("attempts")).isEqualTo(1);
        assertThat(put.get("failure_reason")).isEqualTo("not submitted: NullPointerException");
        assertThat(((Timestamp) put.get("next_attempt_at")).toInstant()).isAfter(clock.instant());
    }

    private UUID refund(TestTenant tenant, String orderNumber) {
        UUID account = newAccount(tenant);
        String email = api.get("/v1/accounts/" + account, tenant.secretKey()).text("email");
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", orderNumber,
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "stripe", "transaction_id",
                        "pi_" + UUID.randomUUID())));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber, "purchase_date",
                purchasedAt.atZone(ZoneId.of("America/Los_Angeles")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "changed my mind"));
        assertThat(request.text("refund_id")).as(request.toString()).isNotNull();
        return UUID.fromString(request.text("refund_id"));
    }
}
