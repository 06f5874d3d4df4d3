package dev.creditdesk.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.subscriptions.internal.RenewalJob;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * What subscriptions (and the orders of their periods) announce, whichever way the change came:
 * the API, the renewal job, or Stripe's webhooks; a repeated change announces nothing.
 */
class SubscriptionEventsIT extends IntegrationTest {

    private static final String SECRET = "whsec_events_secret";

    @Autowired
    RenewalJob renewals;

    private TestTenant tenant;
    private UUID account;
    private EventFeed feed;

    @BeforeEach
    void tenantWithAPlan() {
        tenant = newTenant();
        assertThat(api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_1",
                "stripe_webhook_secret", SECRET)).status()).isEqualTo(200);
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        account = newAccount(tenant);
        feed = new EventFeed(api, tenant.secretKey());
    }

    private Api.Response subscribe() {
        EventFeed.Mark mark = feed.mark();
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro"));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.granted", "order.delivered");
        feed.assertLatestMatchGet(events);
        return subscription;
    }

    @Test
    void theRenewalJobAnnouncesEachPeriodItsCreditsAndTheRenewal() {
        Api.Response subscription = subscribe();
        EventFeed.Mark mark = feed.mark();
        clock.moveTo(Instant.parse(subscription.text("current_period_end")).plusSeconds(1));
        renewals.run();
        renewals.run();

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type)
                .containsExactly("credits.granted", "order.delivered", "subscription.renewed");
        assertThat(events.get(2).object().get("periods")).hasSize(2);
        feed.assertLatestMatchGet(events);
    }

    @Test
    void cancellingIsAnnouncedOnceAndTheEndWhenThePeriodIsOver() {
        Api.Response subscription = subscribe();
        String id = subscription.text("id");
        EventFeed.Mark mark = feed.mark();
        Api.Response cancelled = api.post("/v1/subscriptions/" + id + "/cancel", tenant.secretKey(), null);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(api.post("/v1/subscriptions/" + id + "/cancel", tenant.secretKey(), null).status()).isEqualTo(200);
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("subscription.cancelled");
        assertThat(events.get(0).object()).isEqualTo(cancelled.body());

        mark = feed.mark();
        clock.moveTo(Instant.parse(subscription.text("current_period_end")).plusSeconds(1));
        renewals.run();
        events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("subscription.ended");
        assertThat(events.get(0).object().get("status").asString()).isEqualTo("ended");
        feed.assertLatestMatchGet(events);
        Api.Response endedAgain = api.post("/v1/subscriptions/" + id + "/end", tenant.secretKey(),
                Map.of("reason", "again"));
        assertThat(endedAgain.status()).as(endedAgain.toString()).isEqualTo(200);
        assertThat(feed.typesSince(mark)).containsExactly("subscription.ended");
    }

    @Test
    void stripeInvoicesRenewAndItsDeletionEndsOnceEach() {
        ObjectNode first = invoice("in_e1", "INV-E1", "pi_e1", "subscription_create");
        assertThat(send("invoice.paid", first).text("outcome")).contains("started");
        EventFeed.Mark mark = feed.mark();
        ObjectNode second = invoice("in_e2", "INV-E2", "pi_e2", "subscription_cycle");
        assertThat(send("invoice.paid", second).text("outcome")).contains("renewed");
        assertThat(send("invoice.paid", second).text("outcome")).contains("already recorded");
        ObjectNode deleted = StripeEvents.sample("subscription");
        deleted.put("id", "sub_e1");
        deleted.put("status", "canceled");
        assertThat(send("customer.subscription.deleted", deleted).text("outcome")).isEqualTo("subscription ended");
        send("customer.subscription.deleted", deleted);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.granted", "order.delivered",
                "subscription.renewed", "subscription.ended");
        assertThat(events.get(1).object().get("order_number").asString()).isEqualTo("INV-E2");
        feed.assertLatestMatchGet(events);
    }

    private ObjectNode invoice(String id, String number, String paymentIntent, String reason) {
        ObjectNode invoice = StripeEvents.sample("invoice");
        invoice.put("id", id);
        invoice.put("number", number);
        invoice.put("subscription", "sub_e1");
        invoice.put("billing_reason", reason);
        invoice.put("status", "paid");
        invoice.put("amount_paid", 1900);
        invoice.put("payment_intent", paymentIntent);
        invoice.put("currency", "usd");
        ObjectNode period = ((ObjectNode) invoice.get("lines").get("data").get(0)).putObject("period");
        period.put("start", clock.instant().getEpochSecond());
        period.put("end", clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
        ObjectNode metadata = invoice.putObject("subscription_details").putObject("metadata");
        metadata.put("account_id", account.toString());
        metadata.put("plan_id", "pro");
        return invoice;
    }

    private Api.Response send(String type, ObjectNode object) {
        String payload = StripeEvents.event("evt_" + UUID.randomUUID(), type, object, clock.instant());
        Api.Response response = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                Map.of("Stripe-Signature", StripeEvents.signature(payload, SECRET, clock.instant())));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }
}
