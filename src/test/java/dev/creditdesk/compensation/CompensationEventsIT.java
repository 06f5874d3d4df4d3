package dev.creditdesk.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What outage compensation announces: the credits or cases it gave each affected account, then the
 * compensation itself, once however often it runs. (The incident's own events are the incidents
 * module's, checked in EventStoreIT; here they are only required to be there.)
 */
class CompensationEventsIT extends IntegrationTest {

    private TestTenant tenant;
    private UUID buyer;
    private EventFeed feed;

    @BeforeEach
    void aBuyerBeforeTheOutage() {
        tenant = newTenant("exceptions-only", Map.of());
        buyer = newAccount(tenant);
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", buyer,
                "order_number", "C-1", "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", clock.instant().minus(Duration.ofDays(5)).toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        feed = new EventFeed(api, tenant.secretKey());
    }

    private void settings(Map<String, Object> body) {
        Api.Response saved = api.post("/v1/outage-compensation", tenant.adminKey(), body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static List<String> withoutIncidents(List<EventFeed.Recorded> events) {
        return events.stream().map(EventFeed.Recorded::type).filter(type -> !type.startsWith("incident.")).toList();
    }

    @Test
    void closingALongOutageGrantsCreditsAndAnnouncesTheCompensationOnce() {
        settings(Map.of("mode", "credits", "credits", 50, "threshold_hours", "24"));
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "GPU cluster down",
                "scope", "full", "started_at", clock.instant().minus(Duration.ofDays(3)).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
        String id = incident.text("id");
        EventFeed.Mark mark = feed.mark();
        assertThat(api.post("/v1/incidents/" + id + "/close", tenant.supportKey(), Map.of()).status()).isEqualTo(200);
        Api.Response again = api.post("/v1/incidents/" + id + "/compensation", tenant.supportKey(), null);
        assertThat(again.text("status")).as(again.toString()).isEqualTo("already_compensated");

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(withoutIncidents(events)).containsExactly("credits.granted", "outage_compensation.granted");
        assertThat(events).extracting(EventFeed.Recorded::type).contains("incident.closed");
        EventFeed.Recorded credits = events.stream().filter(e -> e.type().equals("credits.granted")).findFirst()
                .orElseThrow();
        assertThat(credits.object().get("source").asString()).isEqualTo("compensation");
        assertThat(credits.object().get("account_id").asString()).isEqualTo(buyer.toString());
        EventFeed.Recorded compensation = events.stream()
                .filter(e -> e.type().equals("outage_compensation.granted")).findFirst().orElseThrow();
        assertThat(compensation.objectId()).isEqualTo(id);
        assertThat(compensation.object().get("accounts").get(0).get("credit_block_id").asString())
                .isEqualTo(credits.objectId());
        feed.assertLatestMatchGet(events);
    }

    @Test
    void inReviewModeEachAffectedAccountGetsACaseAnnouncedBeforeTheCompensation() {
        settings(Map.of("mode", "review", "threshold_hours", "24"));
        EventFeed.Mark mark = feed.mark();
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "API down",
                "scope", "full", "started_at", clock.instant().minus(Duration.ofDays(3)).toString(),
                "ended_at", clock.instant().minus(Duration.ofDays(1)).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(withoutIncidents(events)).containsExactly("refund_request.created", "outage_compensation.granted");
        EventFeed.Recorded request = events.stream().filter(e -> e.type().equals("refund_request.created"))
                .findFirst().orElseThrow();
        assertThat(request.object().get("status").asString()).isEqualTo("in_review");
        assertThat(request.object().get("category").asString()).isEqualTo("service_unavailable");
        feed.assertLatestMatchGet(events);
    }
}
