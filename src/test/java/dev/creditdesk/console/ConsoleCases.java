package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest.TestTenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A case waiting for support, made through the API as a product's backend would. */
final class ConsoleCases {

    /** A 1×1 PNG, the smallest screenshot a customer can send. */
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private ConsoleCases() {
    }

    record Case(String id, String email, String orderNumber) {
    }

    /**
     * A card-fraud claim with a police report under the exceptions-only policy: the policy proposes a
     * full refund of 29.90 and leaves the decision to a person, so the case waits in review.
     */
    static Case fraudClaim(Api api, TestTenant tenant, Clock clock) {
        return fraudClaim(api, tenant, clock, "ada-" + UUID.randomUUID() + "@example.com");
    }

    static Case fraudClaim(Api api, TestTenant tenant, Clock clock, String email) {
        Case fraud = claim(api, tenant, clock, email, "fraud", "Someone used my card; the police report is attached.",
                List.of("police_report"));
        assertThat(api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("outcome"))
                .isEqualTo("full_refund");
        Api.Response evidence = api.postBytes("/v1/refund-requests/" + fraud.id()
                + "/evidence?kind=screenshot&filename=statement.png", tenant.secretKey(), "image/png", PNG);
        assertThat(evidence.status()).as(evidence.toString()).isEqualTo(201);
        return fraud;
    }

    /** An order bought yesterday, 20 of its 400 credits used, and a request about it that waits in review. */
    static Case claim(Api api, TestTenant tenant, Clock clock, String email, String category, String reason,
            List<String> evidenceKinds) {
        String orderNumber = "F-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + orderNumber)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 30))
                .text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 20));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber,
                "purchase_date", purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", category, "reason", reason, "evidence_kinds", evidenceKinds));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.text("status")).isEqualTo("in_review");
        return new Case(request.text("id"), email, orderNumber);
    }
}
