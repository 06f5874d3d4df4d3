package dev.creditdesk.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.subscriptions.internal.RenewalJob;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The subscription lifecycle, driven by a clock the test moves. */
class SubscriptionsIT extends IntegrationTest {

    @Autowired
    RenewalJob renewals;

    @Autowired
    LedgerJobs ledgerJobs;

    private UUID account;
    private TestTenant tenant;

    private Api.Response subscribe() {
        tenant = newTenant();
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro-monthly", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        account = newAccount(tenant);
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro-monthly"));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        return subscription;
    }

    private void runJobs() {
        renewals.run();
        ledgerJobs.expireBlocks();
    }

    @Test
    void creatingRecordsTheFirstPeriodWithCreditsExpiringAtItsEnd() {
        Api.Response subscription = subscribe();
        Instant start = Instant.parse(subscription.text("current_period_start"));
        Instant end = Instant.parse(subscription.text("current_period_end"));
        assertThat(start.atZone(java.time.ZoneId.of("America/New_York")).plusMonths(1).toInstant()).isEqualTo(end);
        assertThat(subscription.body().get("periods")).hasSize(1);
        assertThat(available(tenant, account)).isEqualTo(1000);
        var block = api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey()).body().get("data").get(0);
        assertThat(block.get("source").asString()).isEqualTo("subscription");
        assertThat(Instant.parse(block.get("expires_at").asString())).isEqualTo(end);
    }

    @Test
    void renewalRecordsANewPeriodAndTheLastPeriodsUnusedCreditsExpire() {
        Api.Response subscription = subscribe();
        String id = subscription.text("id");
        Instant end = Instant.parse(subscription.text("current_period_end"));
        String task = reserve(tenant, account, 300).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 300));

        clock.moveTo(end.plusSeconds(1));
        runJobs();

        Api.Response renewed = api.get("/v1/subscriptions/" + id, tenant.secretKey());
        assertThat(renewed.body().get("periods")).hasSize(2);
        assertThat(renewed.text("current_period_start")).isEqualTo(end.toString());
        assertThat(available(tenant, account)).isEqualTo(1000);
        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=5", tenant.secretKey()).body().get("data")
                .findValuesAsString("type")).contains("expire");
        // running the job again changes nothing for this subscription
        renewals.run();
        assertThat(api.get("/v1/subscriptions/" + id, tenant.secretKey()).body().get("periods")).hasSize(2);
    }

    @Test
    void cancelKeepsAccessAndCreditsUntilPeriodEndThenEndsWithoutRenewalOrRefund() {
        Api.Response subscription = subscribe();
        String id = subscription.text("id");
        Instant end = Instant.parse(subscription.text("current_period_end"));

        Api.Response canceled = api.post("/v1/subscriptions/" + id + "/cancel", tenant.secretKey(), null);
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body().get("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(canceled.text("status")).isEqualTo("active");
        assertThat(available(tenant, account)).isEqualTo(1000);

        clock.moveTo(end.minus(Duration.ofMinutes(1)));
        runJobs();
        assertThat(api.get("/v1/subscriptions/" + id, tenant.secretKey()).text("status")).isEqualTo("active");
        assertThat(available(tenant, account)).isEqualTo(1000);

        clock.moveTo(end.plusSeconds(1));
        runJobs();
        Api.Response ended = api.get("/v1/subscriptions/" + id, tenant.secretKey());
        assertThat(ended.text("status")).isEqualTo("ended");
        assertThat(ended.body().get("periods")).hasSize(1);
        assertThat(ended.body().get("periods").get(0).get("status").asString()).isEqualTo("delivered");
        assertThat(available(tenant, account)).isZero();
        assertThat(api.post("/v1/subscriptions/" + id + "/cancel", tenant.secretKey(), null).status()).isEqualTo(409);
    }

    @Test
    void aJobThatWasDownCatchesUpOnEveryMissedPeriod() {
        Api.Response subscription = subscribe();
        Instant end = Instant.parse(subscription.text("current_period_end"));
        clock.moveTo(end.plus(Duration.ofDays(40)));
        renewals.run();
        Api.Response caughtUp = api.get("/v1/subscriptions/" + subscription.text("id"), tenant.secretKey());
        assertThat(caughtUp.body().get("periods")).hasSize(3);
        assertThat(Instant.parse(caughtUp.text("current_period_end"))).isAfter(clock.instant());
    }

    @Test
    void badSubscriptionsAreRejected() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        subscribe();
        assertThat(api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account, "plan_id", "nope"))
                .status()).isEqualTo(422);
        assertThat(api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account, "plan_id",
                "pro-monthly", "provider", "stripe")).errorField()).isEqualTo("provider_subscription_id");
        assertThat(api.post("/v1/subscriptions", tenant.secretKey(), Map.of("plan_id", "pro-monthly")).errorField())
                .isEqualTo("account_id");
        assertThat(api.get("/v1/subscriptions/" + UUID.randomUUID(), tenant.secretKey()).status()).isEqualTo(404);
    }
}
