package dev.creditdesk.refunds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeServer;
import dev.creditdesk.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A server killed (SIGKILL) after Stripe received a refund but before the commit: after the
 * restart the refund is neither lost (it is still to be sent) nor made twice (it is sent again
 * with the same idempotency key, which Stripe answers with the refund it already made).
 */
class RefundCrashIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRefundInterruptedBetweenTheProviderCallAndTheCommitIsSentOnceMore() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "America/Los_Angeles"));
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_crash",
                "stripe_webhook_secret", "whsec_crash"));
        UUID account = newAccount(tenant);
        String email = api.get("/v1/accounts/" + account, tenant.secretKey()).text("email");
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        String paymentIntent = "pi_crash_" + UUID.randomUUID();
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "K-1",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "stripe", "transaction_id", paymentIntent)));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "K-1", "purchase_date",
                purchasedAt.atZone(ZoneId.of("America/Los_Angeles")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "changed my mind"));
        String refundId = request.text("refund_id");
        assertThat(api.get("/v1/refunds/" + refundId, tenant.adminKey()).text("status")).isEqualTo("requested");

        // Stripe answers, but only after a while: long enough to kill the server in between.
        WireMockServer stripe = StripeServer.server();
        stripe.resetAll();
        String stripeRefund = "{\"id\": \"re_crash\", \"object\": \"refund\", \"amount\": 2990, \"currency\": \"usd\","
                + " \"payment_intent\": \"" + paymentIntent + "\", \"status\": \"pending\"}";
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo("creditdesk-refund-" + refundId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(stripeRefund).withFixedDelay(30_000)));
        // refunds other tests left waiting are answered at once (and retried later), not after 30 s each
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).atPriority(10).willReturn(aResponse().withStatus(503)));

        // The second server runs on the wall clock, this test on the shared test clock (which other tests
        // may have moved past today, or not yet to it), and other tests may have left refunds waiting:
        // make this one the first due on either clock.
        jdbc.sql("update provider_refunds set next_attempt_at = :due where tenant_id = :t and id = :id")
                .param("due", java.sql.Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")))
                .param("t", tenant.id()).param("id", UUID.fromString(refundId)).update();
        Process server = startSecondServer();
        try {
            List<LoggedRequest> calls = awaitRefundCallFor(stripe, refundId, server);
            assertThat(calls).isNotEmpty();
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        // Not lost: the refund is still waiting to be sent.
        assertThat(api.get("/v1/refunds/" + refundId, tenant.adminKey()).text("status")).isEqualTo("requested");

        // The restarted service sends it again; Stripe, seeing the same key, returns the same refund.
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(stripeRefund)));
        submitter.run();
        Api.Response sent = api.get("/v1/refunds/" + refundId, tenant.adminKey());
        assertThat(sent.text("status")).isEqualTo("pending");
        assertThat(sent.text("provider_refund_id")).isEqualTo("re_crash");
        List<LoggedRequest> again = stripe.findAll(postRequestedFor(urlEqualTo("/v1/refunds")));
        assertThat(again).extracting(r -> r.getHeader("Idempotency-Key")).contains("creditdesk-refund-" + refundId);
        assertThat(jdbc.sql("select count(*) from provider_refunds where tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    /** The application in a second JVM, on the same database and Stripe, sending refunds every 200 ms. */
    private static Process startSecondServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CreditdeskApplication.class.getName(),
                "--server.port=0",
                "--creditdesk.database.url=" + TestDatabase.url(),
                "--creditdesk.database.user=postgres",
                "--creditdesk.database.pool-size=4",
                "--creditdesk.admin-key=cd_operator_crash",
                "--creditdesk.demo.enabled=false",
                "--creditdesk.stripe.api-base=" + StripeServer.url(),
                "--creditdesk.jobs.enabled=true",
                "--creditdesk.jobs.refund-submit-delay=PT0.2S",
                "--logging.level.root=warn")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "refund-crash-server.log").toFile())
                .start();
    }

    /** Waits (at most two minutes) until Stripe has received this refund from the second server. */
    private static List<LoggedRequest> awaitRefundCallFor(WireMockServer stripe, String refundId, Process server)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && server.isAlive()) {
            List<LoggedRequest> calls = stripe.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))).stream()
                    .filter(r -> ("creditdesk-refund-" + refundId).equals(r.getHeader("Idempotency-Key")))
                    .toList();
            if (!calls.isEmpty()) {
                return calls;
            }
            Thread.sleep(100); // polling for an event in another process; no timing is asserted
        }
        throw new AssertionError("the second server never sent the refund (alive: " + server.isAlive()
                + "); see target/refund-crash-server.log");
    }
}
