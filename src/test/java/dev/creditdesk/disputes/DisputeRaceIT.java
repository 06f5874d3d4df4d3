package dev.creditdesk.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.LedgerInvariants;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A chargeback arriving while tasks reserve the same credits: no credit is both held and suspended, none is lost. */
class DisputeRaceIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @RepeatedTest(3)
    void aDisputeRacingTaskReservationsNeverLosesOrDoubleCountsACredit() throws Exception {
        TestTenant tenant = newTenant("case-review", Map.of());
        UUID account = newAccount(tenant);
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "R-1", "credits", 400, "bonus_credits", 40, "currency", "USD", "net", "29.90",
                "total", "29.90", "charge", Map.of("provider", "manual", "transaction_id", "race-1")));
        assertThat(order.status()).isEqualTo(201);

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Api.Response>> work = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            work.add(() -> {
                start.await();
                return reserve(tenant, account, 30);
            });
        }
        work.add(6, () -> {
            start.await();
            return api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "race-1",
                    "reason", "fraudulent"));
        });
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        List<Future<Api.Response>> results = new ArrayList<>();
        for (Callable<Api.Response> w : work) {
            results.add(pool.submit(w));
        }
        start.countDown();
        List<String> tasks = new ArrayList<>();
        Api.Response dispute = null;
        for (int i = 0; i < results.size(); i++) {
            Api.Response r = results.get(i).get();
            if (i == 6) {
                dispute = r;
                continue;
            }
            assertThat(r.status()).as(r.toString()).isIn(201, 403);
            if (r.status() == 201) {
                tasks.add(r.text("id"));
            } else {
                assertThat(r.text("suspension_source")).isEqualTo("dispute");
            }
        }
        pool.shutdown();
        assertThat(dispute.status()).as(dispute.toString()).isEqualTo(201);

        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("available")).isZero();
        assertThat(balance.number("held")).isEqualTo(30L * tasks.size());
        assertThat(balance.number("held") + balance.number("suspended")).isEqualTo(440);
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());

        for (String task : tasks) {
            api.post("/v1/tasks/" + task + "/fail", tenant.secretKey(), Map.of("reason", "cancelled"));
        }
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("suspended"))
                .isEqualTo(440);
        api.post("/v1/disputes/" + dispute.text("id"), tenant.supportKey(), Map.of("status", "won"));
        assertThat(available(tenant, account)).isEqualTo(440);
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }
}
