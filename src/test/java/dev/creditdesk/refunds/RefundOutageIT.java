package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Outages recorded as incidents reach the policy as outage.longest_hours over the order's service period. */
class RefundOutageIT extends IntegrationTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    private TestTenant tenant;
    private Instant purchasedAt;

    private void orderUnderExceptionsOnly() {
        tenant = newTenant("exceptions-only", Map.of("timezone", "America/Los_Angeles"));
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-1", "email", "ada@example.com")).text("id"));
        purchasedAt = clock.instant().minus(Duration.ofDays(3));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "A-1", "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-1")));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
    }

    private void outage(Instant start, Duration length) {
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Everything down",
                "scope", "full", "started_at", start.toString(), "ended_at", start.plus(length).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
    }

    private Api.Response request() {
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "ada@example.com",
                "order_number", "A-1", "purchase_date", purchasedAt.atZone(LA).toLocalDate().toString(),
                "category", "service_unavailable", "reason", "nothing worked for a day"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    @Test
    void aTwentyFiveHourOutageProposesAFullRefundForReview() {
        orderUnderExceptionsOnly();
        // Two incidents that touch: one outage of 25 hours.
        outage(purchasedAt.plus(Duration.ofHours(2)), Duration.ofHours(10));
        outage(purchasedAt.plus(Duration.ofHours(12)), Duration.ofHours(15));
        Api.Response request = request();
        assertThat(request.text("status")).isEqualTo("in_review");
        assertThat(request.text("outcome")).isEqualTo("full_refund");
        assertThat(request.text("proposed_amount")).isEqualTo("29.90");
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("service-unavailable");
        assertThat(request.body().get("proposal").get("cite").asString()).contains("Service Unavailability");
    }

    @Test
    void exactlyTwentyFourHoursIsNotMoreThanTwentyFour() {
        orderUnderExceptionsOnly();
        outage(purchasedAt.plus(Duration.ofHours(2)), Duration.ofHours(24));
        // Before the purchase: not in the order's service period.
        outage(purchasedAt.minus(Duration.ofHours(40)), Duration.ofHours(30));
        Api.Response request = request();
        assertThat(request.body().get("proposal").get("rule").asString()).isNotEqualTo("service-unavailable");
        assertThat(request.text("outcome")).isNotEqualTo("full_refund");
    }
}
