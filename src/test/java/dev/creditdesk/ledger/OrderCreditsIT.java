package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Removing, suspending and giving back an order's credits: what refunds and chargebacks will call. */
class OrderCreditsIT extends IntegrationTest {

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    private TestTenant tenant;
    private UUID account;
    private UUID order;

    @BeforeEach
    void anOrderOf400PlusBonus40() {
        tenant = newTenant();
        api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "credits-400", "kind", "package",
                "name", "400", "currency", "USD", "price", "29.90", "credits", 400, "bonus_credits", 40));
        account = newAccount(tenant);
        Api.Response created = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "O-1", "product_id", "credits-400", "currency", "USD", "net", "29.90",
                "total", "29.90", "charge", Map.of("provider", "manual", "transaction_id", "t-1")));
        order = UUID.fromString(created.text("id"));
        grant(tenant, account, 10); // credits from elsewhere, which no order operation may touch
    }

    private void invariantsHold() {
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    @Test
    void aFullRefundRemovesEverythingTheOrderHasAndCreditsHeldComeBackRevoked() {
        // drawn non-refundable first, oldest first: the order's bonus 40, the promotional 10, then 50 paid
        String task = reserve(tenant, account, 100).text("id");
        assertThat(available(tenant, account)).isEqualTo(350);

        long removed = ledger.removeOrderCredits(tenant.id(), order, null, "full refund");
        assertThat(removed).isEqualTo(350);
        assertThat(available(tenant, account)).isZero();
        invariantsHold();

        // the task fails: the order's 90 come back onto closed blocks and are revoked at once;
        // the promotional 10, from no order, come back as usual
        api.post("/v1/tasks/" + task + "/fail", tenant.secretKey(), null);
        assertThat(available(tenant, account)).isEqualTo(10);
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("held")).isZero();
        invariantsHold();
        assertThat(reserve(tenant, account, 11).status()).isEqualTo(402);
    }

    @Test
    void aFailedRefundReopensWhatItClosedAndGivesBackEverythingItTook() {
        String first = reserve(tenant, account, 100).text("id"); // the bonus 40, the promotional 10, 50 paid
        String second = reserve(tenant, account, 30).text("id"); // 30 paid
        assertThat(ledger.removeOrderCredits(tenant.id(), order, null, "refund request r-1")).isEqualTo(320);
        api.post("/v1/tasks/" + first + "/fail", tenant.secretKey(), null); // 90 revoked: their blocks are closed
        assertThat(available(tenant, account)).isEqualTo(10);

        // the refund failed: everything the removal took, and what its closing took since, comes back
        assertThat(ledger.returnRemovedCredits(tenant.id(), order, "refund request r-1")).isEqualTo(410);
        assertThat(available(tenant, account)).isEqualTo(420);
        assertThat(ledger.orderCredits(tenant.id(), order).unused()).isEqualTo(370); // 400 paid, 30 held
        invariantsHold();
        // a task still in flight gives its credits back to the reopened blocks, not to a closed one
        api.post("/v1/tasks/" + second + "/fail", tenant.secretKey(), null);
        assertThat(available(tenant, account)).isEqualTo(450);
        assertThat(ledger.returnRemovedCredits(tenant.id(), order, "refund request r-1")).isZero();
        invariantsHold();
    }

    @Test
    void aProportionalRefundRemovesOnlyTheUnusedPaidCreditsItPaysFor() {
        String task = reserve(tenant, account, 140).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 140)); // 40 bonus + 100 paid
        long removed = ledger.removeOrderCredits(tenant.id(), order, 300L, "partial refund");
        assertThat(removed).isEqualTo(300);
        assertThat(available(tenant, account)).isEqualTo(10);
        invariantsHold();
    }

    @Test
    void aSuspensionIsLiftedExactlyAsItWas() {
        String task = reserve(tenant, account, 50).text("id"); // the bonus 40 and the promotional 10
        long suspended = ledger.suspendOrderCredits(tenant.id(), order, "chargeback", "dispute", "dp_test");
        assertThat(suspended).isEqualTo(400);
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("available")).isZero();
        assertThat(balance.number("suspended")).isEqualTo(400);
        Api.Response refused = reserve(tenant, account, 1);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).endsWith("credits-suspended");
        assertThat(refused.text("suspension_source")).isEqualTo("dispute");
        assertThat(refused.text("suspension_source_id")).isEqualTo("dp_test");
        invariantsHold();

        assertThat(ledger.liftOrderSuspension(tenant.id(), order, "dispute won")).isEqualTo(400);
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 50));
        assertThat(available(tenant, account)).isEqualTo(400);
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("suspended")).isZero();
        invariantsHold();
    }

    @Test
    void creditsComingBackToASuspendedOrderStaySuspendedUntilLifted() {
        String task = reserve(tenant, account, 50).text("id"); // the bonus 40 and the promotional 10
        ledger.suspendOrderCredits(tenant.id(), order, "chargeback", "dispute", "dp_test");
        api.post("/v1/tasks/" + task + "/fail", tenant.secretKey(), Map.of("reason", "gpu lost"));
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("available")).isEqualTo(10); // the promotional block is not the order's
        assertThat(balance.number("suspended")).isEqualTo(440);
        assertThat(reserve(tenant, account, 11).status()).isEqualTo(403);
        invariantsHold();

        assertThat(ledger.liftOrderSuspension(tenant.id(), order, "dispute won")).isEqualTo(440);
        assertThat(available(tenant, account)).isEqualTo(450);
        invariantsHold();
    }

    @Test
    void aSecondSuspensionOfTheSameOrderIsRefused() {
        ledger.suspendOrderCredits(tenant.id(), order, "chargeback", "dispute", "dp_test");
        assertThatThrownBy(() -> ledger.suspendOrderCredits(tenant.id(), order, "again", "dispute", "dp_other"))
                .hasMessageContaining("already suspended");
        invariantsHold();
    }

    @Test
    void aLostDisputeRevokesWhatWasSuspended() {
        ledger.suspendOrderCredits(tenant.id(), order, "chargeback", "dispute", "dp_test");
        assertThat(ledger.removeOrderCredits(tenant.id(), order, null, "dispute lost")).isEqualTo(440);
        assertThat(ledger.liftOrderSuspension(tenant.id(), order, "too late")).isZero();
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("available")).isEqualTo(10);
        assertThat(balance.number("suspended")).isZero();
        invariantsHold();
    }
}
