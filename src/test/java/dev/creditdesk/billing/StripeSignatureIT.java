package dev.creditdesk.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/** A Stripe-Signature header that cannot be parsed is a 400 problem+json and nothing is recorded. */
class StripeSignatureIT extends IntegrationTest {

    private static final String SECRET = "whsec_signature_test";

    @Autowired
    JdbcClient jdbc;

    @Test
    void malformedSignaturesAre400AndStoreNothing() {
        TestTenant tenant = newTenant();
        assertThat(api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_webhook_secret", SECRET))
                .status()).isEqualTo(200);
        String payload = StripeEvents.event("evt_sig", "charge.succeeded", StripeEvents.sample("charge"), clock.instant());
        for (String signature : List.of("t=,v1=00", "t=abc", "t=" + "9".repeat(40) + ",v1=00", "t=-5,v1=00",
                "v1=00", "t=1,t=2,v1=00", "t=1772442000", "t=1772442000,v1=zz", ",", "=")) {
            Api.Response response = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                    Map.of("Stripe-Signature", signature));
            assertThat(response.status()).as(signature + ": " + response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.text("type")).endsWith("/invalid-signature");
        }
        assertThat(events(tenant)).isZero();
    }

    @Test
    void aSignedEventWithValuesOutOfRangeIs400AndStoresNothing() {
        TestTenant tenant = newTenant();
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_webhook_secret", SECRET));
        ObjectNode dispute = StripeEvents.sample("charge");
        dispute.put("created", Long.MAX_VALUE);
        dispute.put("currency", "zzzz");
        ObjectNode payment = StripeEvents.sample("charge");
        payment.put("amount", new java.math.BigDecimal("1e400"));
        for (String payload : List.of(
                StripeEvents.event("evt_range", "charge.dispute.created", dispute, clock.instant()),
                StripeEvents.event("evt_amount", "charge.succeeded", payment, clock.instant()))) {
            Api.Response response = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                    Map.of("Stripe-Signature", StripeEvents.signature(payload, SECRET, clock.instant())));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.text("type")).endsWith("/invalid-event");
        }
        assertThat(events(tenant)).isZero();
    }

    private long events(TestTenant tenant) {
        return jdbc.sql("select count(*) from provider_events where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()
                + jdbc.sql("select count(*) from provider_disputes where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single();
    }
}
