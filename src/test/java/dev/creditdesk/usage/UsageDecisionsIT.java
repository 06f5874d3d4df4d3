package dev.creditdesk.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: usage reported over HTTP and tasks with kinds feed the aggregates a tenant's own
 * policy reads, and the refund decision follows them.
 */
class UsageDecisionsIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static final String POLICY = """
            id: usage-it
            version: "2026-01-01"
            effective_from: 2026-01-01T00:00:00Z
            request_window: {calendar_days: 14, cite: "Requests within 14 days"}
            review_sla_business_days: 2
            non_refundable: [tax, fee]
            rules:
              - id: downloaded
                cite: "No refund once 3 files were downloaded since the purchase"
                when: usage.count("download", "purchase") >= 3
                outcome: no_refund
                decide: automatic
              - id: videos
                cite: "No refund once 2 videos were made since the purchase"
                when: usage.count("video", "purchase") >= 2
                outcome: no_refund
                decide: automatic
              - id: long-audio
                cite: "Over 30 minutes of audio in all: a person decides"
                when: usage.quantity("audio_minutes", "lifetime") > decimal("30")
                outcome: needs_review
              - id: refund
                cite: "Otherwise a full refund"
                when: "true"
                outcome: full_refund
                remove_credits: remaining
                decide: automatic
            """;

    private TestTenant tenant;
    private int orders;

    @BeforeEach
    void tenantWithAUsagePolicy() {
        tenant = newTenant();
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true,
                "document", POLICY));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
    }

    /** An account with one order bought two days ago; answers the account and its order number. */
    private record Purchase(UUID account, String orderNumber, Instant purchasedAt) {
    }

    private Purchase purchase() {
        UUID account = newAccount(tenant);
        String number = "U-" + (++orders);
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", 400, "currency", "USD", "net", "20.00", "total", "20.00",
                "purchased_at", purchasedAt.toString(), "charge", Map.of("provider", "stripe",
                        "transaction_id", "pi_" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return new Purchase(account, number, purchasedAt);
    }

    private void report(Purchase p, String kind, String quantity, Instant... times) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Instant at : times) {
            Map<String, Object> event = new HashMap<>(Map.of("external_id", "ev-" + UUID.randomUUID(),
                    "account_id", p.account(), "kind", kind, "occurred_at", at.toString()));
            if (quantity != null) {
                event.put("quantity", quantity);
            }
            events.add(event);
        }
        Api.Response response = api.post("/v1/usage-events", tenant.secretKey(), Map.of("data", events));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private String task(Purchase p, String kind) {
        Api.Response task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", p.account(),
                "credits", 10, "kind", kind));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        return task.text("id");
    }

    private Api.Response request(Purchase p) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", "customer@example.com");
        body.put("order_number", p.orderNumber());
        body.put("purchase_date", p.purchasedAt().atZone(NEW_YORK).toLocalDate().toString());
        body.put("category", "change_of_mind");
        body.put("reason", "I would like my money back");
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private static String rule(Api.Response request) {
        return request.body().get("proposal").get("rule").asString();
    }

    @Test
    void twoDownloadsSinceThePurchaseAreRefundedThreeAreNot() {
        Purchase two = purchase();
        // a download before the purchase does not count "since the purchase"
        report(two, "download", null, two.purchasedAt().minus(Duration.ofDays(1)),
                two.purchasedAt().plus(Duration.ofHours(1)), clock.instant().minus(Duration.ofMinutes(5)));
        Api.Response refunded = request(two);
        assertThat(refunded.text("outcome")).isEqualTo("full_refund");
        assertThat(refunded.text("status")).isEqualTo("approved");

        Purchase three = purchase();
        report(three, "download", null, three.purchasedAt(), three.purchasedAt().plus(Duration.ofHours(1)),
                clock.instant());
        Api.Response refused = request(three);
        assertThat(refused.text("outcome")).isEqualTo("no_refund");
        assertThat(rule(refused)).isEqualTo("downloaded");
        assertThat(refused.text("status")).isEqualTo("rejected");
    }

    @Test
    void onlyCompletedTasksOfAKindCount() {
        Purchase p = purchase();
        String completed = task(p, "video");
        String failed = task(p, "video");
        String restored = task(p, "video");
        String image = task(p, "image");
        api.post("/v1/tasks/" + completed + "/complete", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + failed + "/fail", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + restored + "/complete", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + image + "/complete", tenant.secretKey(), Map.of());
        assertThat(api.post("/v1/tasks/" + restored + "/restore", tenant.supportKey(),
                Map.of("reason", "blank output")).status()).isEqualTo(200);
        task(p, "video"); // reserved, never completed
        Api.Response oneVideo = request(p);
        assertThat(oneVideo.text("outcome")).as(oneVideo.toString()).isEqualTo("full_refund");

        Purchase q = purchase();
        api.post("/v1/tasks/" + task(q, "video") + "/complete", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + task(q, "video") + "/complete", tenant.secretKey(), Map.of());
        Api.Response twoVideos = request(q);
        assertThat(twoVideos.text("outcome")).isEqualTo("no_refund");
        assertThat(rule(twoVideos)).isEqualTo("videos");
    }

    @Test
    void quantitiesAddUpOverTheAccountsLifetime() {
        Purchase exactly = purchase();
        Instant longAgo = exactly.purchasedAt().minus(Duration.ofDays(300));
        report(exactly, "audio_minutes", "12.5", longAgo, exactly.purchasedAt().plusSeconds(60));
        report(exactly, "audio_minutes", "5", clock.instant());
        Api.Response thirty = request(exactly);
        assertThat(thirty.text("outcome")).as("30 minutes is not over 30").isEqualTo("full_refund");

        Purchase over = purchase();
        report(over, "audio_minutes", "30.000001", longAgo);
        Api.Response reviewed = request(over);
        assertThat(reviewed.text("outcome")).isEqualTo("needs_review");
        assertThat(rule(reviewed)).isEqualTo("long-audio");
        assertThat(reviewed.text("status")).isEqualTo("in_review");
    }
}
