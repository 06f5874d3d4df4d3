package dev.creditdesk.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What recording and delivering orders announces: each block granted, then the order delivered; a replay nothing. */
class OrderEventsIT extends IntegrationTest {

    @Test
    void anOrderWithBonusAnnouncesBothBlocksThenItsDeliveryAndAReplayNothing() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();
        Map<String, Object> body = Map.of("account_id", account, "order_number", "O-1", "credits", 400,
                "bonus_credits", 40, "currency", "USD", "net", "29.90", "total", "29.90",
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID()));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), body, Map.of("Idempotency-Key", "o-1"));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(api.post("/v1/orders", tenant.secretKey(), body, Map.of("Idempotency-Key", "o-1")).body())
                .isEqualTo(order.body());

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type)
                .containsExactly("credits.granted", "credits.granted", "order.delivered");
        assertThat(events.get(0).object().get("source").asString()).isEqualTo("purchase");
        assertThat(events.get(1).object().get("source").asString()).isEqualTo("bonus");
        assertThat(events.get(2).object()).isEqualTo(order.body());
        feed.assertLatestMatchGet(events);
    }

    @Test
    void anOrderHeldBackByASuspendedAccountIsAnnouncedWhenDelivered() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Api.Response suspension = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "identity check"));
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "O-2", "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        assertThat(order.text("status")).as(order.toString()).isEqualTo("undelivered");
        assertThat(feed.typesSince(mark)).isEmpty();

        api.post("/v1/accounts/" + account + "/suspensions/" + suspension.text("id") + "/lift", tenant.supportKey(),
                Map.of("reason", "verified"));
        Api.Response delivered = api.post("/v1/orders/" + order.text("id") + "/deliver", tenant.secretKey(), null);
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type)
                .containsExactly("entitlements.lifted", "credits.granted", "order.delivered");
        assertThat(events.get(2).object()).isEqualTo(delivered.body());
        feed.assertLatestMatchGet(events);
    }
}
