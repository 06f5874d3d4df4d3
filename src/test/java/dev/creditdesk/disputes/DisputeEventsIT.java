package dev.creditdesk.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a chargeback announces, read back from {@code GET /v1/events}: what it suspended, then what
 * settling it lifted or took, each resource as its GET answers it; a repeated settlement announces
 * nothing.
 */
class DisputeEventsIT extends IntegrationTest {

    private TestTenant tenant;
    private UUID account;
    private EventFeed feed;

    /** A case-review tenant (its chargeback clause suspends credits, subscription, downloads and access) and a paid order. */
    private String orderUnderDispute() {
        tenant = newTenant("case-review", Map.of("timezone", "UTC"));
        account = newAccount(tenant);
        feed = new EventFeed(api, tenant.secretKey());
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "D-1", "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", clock.instant().minus(Duration.ofDays(2)).toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "txn-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.text("id");
    }

    private Api.Response open(String order) {
        EventFeed.Mark mark = feed.mark();
        Api.Response dispute = api.post("/v1/disputes", tenant.supportKey(),
                Map.of("order_id", order, "reason", "fraudulent"));
        assertThat(dispute.status()).as(dispute.toString()).isEqualTo(201);
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.suspended",
                "entitlements.suspended", "entitlements.suspended", "dispute.opened");
        assertThat(events.get(2).object().get("download").asBoolean()).isFalse();
        assertThat(events.get(2).object().get("access").asBoolean()).isFalse();
        assertThat(events.get(3).object()).isEqualTo(dispute.body());
        feed.assertLatestMatchGet(events);
        return dispute;
    }

    @Test
    void aDisputeWonLiftsWhatItSuspendedAndSaysSo() {
        String order = orderUnderDispute();
        String dispute = open(order).text("id");
        EventFeed.Mark mark = feed.mark();
        Api.Response won = api.post("/v1/disputes/" + dispute, tenant.supportKey(), Map.of("status", "won"));
        assertThat(won.text("outcome")).as(won.toString()).isEqualTo("won");
        assertThat(api.post("/v1/disputes/" + dispute, tenant.supportKey(), Map.of("status", "won")).status())
                .isEqualTo(200);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("entitlements.lifted",
                "credits.restored", "entitlements.lifted", "dispute.closed");
        assertThat(events.get(1).object().get("available").asLong()).isEqualTo(400);
        assertThat(events.get(2).object().get("access").asBoolean()).isTrue();
        feed.assertLatestMatchGet(events);
    }

    @Test
    void aDisputeLostTakesTheCreditsAndMarksTheOrderChargedBack() {
        String order = orderUnderDispute();
        String dispute = open(order).text("id");
        EventFeed.Mark mark = feed.mark();
        Api.Response lost = api.post("/v1/disputes/" + dispute, tenant.supportKey(), Map.of("status", "lost"));
        assertThat(lost.text("outcome")).as(lost.toString()).isEqualTo("lost");

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.removed",
                "order.charged_back", "entitlements.lifted", "entitlements.lifted", "dispute.closed");
        assertThat(events.get(0).object().get("revoked").asLong()).isEqualTo(400);
        assertThat(events.get(1).object().get("status").asString()).isEqualTo("charged_back");
        feed.assertLatestMatchGet(events);
    }

    @Test
    void suspendingAndLiftingByHandAnnounceTheAccountsEntitlements() {
        orderUnderDispute();
        EventFeed.Mark mark = feed.mark();
        Api.Response suspended = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "generate", "reason", "abuse"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(201);
        String lift = "/v1/accounts/" + account + "/suspensions/" + suspended.text("id") + "/lift";
        assertThat(api.post(lift, tenant.supportKey(), Map.of("reason", "cleared")).status()).isEqualTo(200);
        assertThat(api.post(lift, tenant.supportKey(), Map.of("reason", "again")).status()).isEqualTo(409);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type)
                .containsExactly("entitlements.suspended", "entitlements.lifted");
        assertThat(events.get(0).object().get("generate").asBoolean()).isFalse();
        assertThat(events.get(0).object().get("account_id").asString()).isEqualTo(account.toString());
        assertThat(events.get(1).object().get("generate").asBoolean()).isTrue();
        feed.assertLatestMatchGet(events);
    }
}
