package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.ledger.LedgerInvariants.AccountSums;
import dev.creditdesk.ledger.LedgerInvariants.StoredBlock;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many callers spending one account at once, over HTTP, on one or two application instances
 * sharing the database: nobody overspends, nothing is lost, and a task's complete and fail
 * racing each other have exactly one winner.
 */
class LedgerConcurrencyIT extends IntegrationTest {

    private static final int THREADS = 32;
    private static final long GRANTED = 1_000;
    /** A thread stops after this many refusals in a row: the account has (nearly) run dry. */
    private static final int REFUSALS_TO_STOP = 3;
    /** Far more rounds than 1,000 credits allow; reaching it means the account never ran dry. */
    private static final int MAX_ROUNDS_PER_THREAD = 2_000;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    /** What one spending thread saw. */
    record Spent(long consumed, int completed, int refused) {
    }

    @Test
    void concurrentReservationsOnOneAccountNeverOverspend() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, GRANTED);

        List<Spent> spent = spendConcurrently(List.of(api), tenant, account);

        assertSpentExactly(tenant, account, spent);
    }

    @Test
    void twoInstancesSharingTheDatabaseNeverOverspend() throws Exception {
        ConfigurableApplicationContext second = new SpringApplicationBuilder(CreditdeskApplication.class)
                .properties("server.port=0", "creditdesk.database.url=" + TestDatabase.url(),
                        "creditdesk.database.user=postgres", "creditdesk.demo.enabled=false",
                        "creditdesk.jobs.enabled=false", "creditdesk.admin-key=" + OPERATOR_KEY)
                .run();
        try {
            Api other = new Api("http://localhost:" + second.getEnvironment().getProperty("local.server.port"));
            TestTenant tenant = newTenant();
            UUID account = newAccount(tenant);
            grant(tenant, account, GRANTED);
            // The second instance serves the same tenant from the same database.
            assertThat(other.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("available"))
                    .isEqualTo(GRANTED);

            List<Spent> spent = spendConcurrently(List.of(api, other), tenant, account);

            assertSpentExactly(tenant, account, spent);
            Api.Response seenByOther = other.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
            assertThat(seenByOther.number("available")).isEqualTo(available(tenant, account));
            assertThat(seenByOther.number("held")).isZero();
        } finally {
            second.close();
        }
    }

    @Test
    void completeAndFailRacingOnOneTaskHaveExactlyOneWinner() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, GRANTED);
        int tasks = 50;
        List<String> ids = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Api.Response reserved = reserve(tenant, account, 10);
            assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
            ids.add(reserved.text("id"));
            used.add((long) ThreadLocalRandom.current().nextInt(11));
        }
        assertThat(available(tenant, account)).isEqualTo(GRANTED - 10L * tasks);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Api.Response>> completes = new ArrayList<>();
        List<Future<Api.Response>> fails = new ArrayList<>();
        try {
            for (int i = 0; i < tasks; i++) {
                String id = ids.get(i);
                long credits = used.get(i);
                // Both calls wait for each other, then go out at once.
                CyclicBarrier together = new CyclicBarrier(2);
                completes.add(pool.submit(() -> {
                    together.await();
                    return api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", credits));
                }));
                fails.add(pool.submit(() -> {
                    together.await();
                    return api.post("/v1/tasks/" + id + "/fail", tenant.secretKey(), Map.of("reason", "raced"));
                }));
            }
            long consumed = 0;
            int completeWon = 0;
            for (int i = 0; i < tasks; i++) {
                Api.Response complete = completes.get(i).get(60, TimeUnit.SECONDS);
                Api.Response fail = fails.get(i).get(60, TimeUnit.SECONDS);
                String task = "task " + ids.get(i) + ": complete " + complete + " / fail " + fail;
                assertThat(List.of(complete.status(), fail.status())).as(task).containsExactlyInAnyOrder(200, 409);
                Api.Response stored = api.get("/v1/tasks/" + ids.get(i), tenant.secretKey());
                if (complete.status() == 200) {
                    completeWon++;
                    consumed += used.get(i);
                    assertThat(complete.number("credits_used")).as(task).isEqualTo(used.get(i));
                    assertThat(fail.text("type")).as(task).matches(".*/(task-completed|hold-settled)");
                    assertThat(stored.text("status")).as(task).isEqualTo("completed");
                    assertThat(stored.number("credits_used")).as(task).isEqualTo(used.get(i));
                } else {
                    assertThat(complete.text("type")).as(task).matches(".*/(task-failed|hold-released)");
                    assertThat(stored.text("status")).as(task).isEqualTo("failed");
                    assertThat(stored.number("credits_used")).as(task).isZero();
                }
            }
            System.out.println("LedgerConcurrencyIT race: complete won " + completeWon + " of " + tasks);

            Balance balance = ledger.balance(tenant.id(), account);
            assertThat(balance.available()).isEqualTo(GRANTED - consumed);
            assertThat(balance.held()).isZero();
            assertBlocksAndEntries(tenant, account, consumed);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@link #THREADS} threads, spread over the given instances, reserve 1–20 credits and complete
     * with 0..reserved used until each has been refused a few times in a row.
     */
    private List<Spent> spendConcurrently(List<Api> instances, TestTenant tenant, UUID account) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Future<Spent>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                Api client = instances.get(t % instances.size());
                Callable<Spent> spender = () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long consumed = 0;
                    int completed = 0;
                    int refused = 0;
                    int refusedInARow = 0;
                    ready.countDown();
                    start.await();
                    for (int round = 0; refusedInARow < REFUSALS_TO_STOP; round++) {
                        if (round == MAX_ROUNDS_PER_THREAD) {
                            unexpected.add("a thread never ran dry after " + round + " rounds");
                            break;
                        }
                        long credits = 1 + random.nextInt(20);
                        Api.Response reserved = client.post("/v1/tasks", tenant.secretKey(),
                                Map.of("account_id", account, "credits", credits));
                        if (reserved.status() == 402) {
                            refused++;
                            refusedInARow++;
                            if (reserved.number("requested") != credits
                                    || reserved.number("available") >= credits
                                    || reserved.number("available") < 0) {
                                unexpected.add("402 with wrong numbers for " + credits + ": " + reserved);
                                break;
                            }
                            continue;
                        }
                        refusedInARow = 0;
                        if (reserved.status() != 201) {
                            unexpected.add("reserve " + credits + ": " + reserved);
                            break;
                        }
                        long used = random.nextLong(credits + 1);
                        Api.Response done = client.post("/v1/tasks/" + reserved.text("id") + "/complete",
                                tenant.secretKey(), Map.of("credits", used));
                        if (done.status() != 200 || done.number("credits_used") != used
                                || !"completed".equals(done.text("status"))) {
                            unexpected.add("complete using " + used + " of " + credits + ": " + done);
                            break;
                        }
                        consumed += done.number("credits_used");
                        completed++;
                    }
                    return new Spent(consumed, completed, refused);
                };
                futures.add(pool.submit(spender));
            }
            ready.await();
            start.countDown();
            List<Spent> spent = new ArrayList<>();
            for (Future<Spent> future : futures) {
                spent.add(future.get(120, TimeUnit.SECONDS));
            }
            assertThat(unexpected).as("unexpected answers").isEmpty();
            return spent;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertSpentExactly(TestTenant tenant, UUID account, List<Spent> spent) {
        long consumed = spent.stream().mapToLong(Spent::consumed).sum();
        int completed = spent.stream().mapToInt(Spent::completed).sum();
        System.out.println("LedgerConcurrencyIT: " + completed + " tasks completed, " + consumed + " credits consumed, "
                + spent.stream().mapToInt(Spent::refused).sum() + " reservations refused");

        assertThat(consumed).isLessThanOrEqualTo(GRANTED);
        assertThat(completed).as("tasks completed").isPositive();
        Balance balance = ledger.balance(tenant.id(), account);
        assertThat(balance.available()).as("available").isEqualTo(GRANTED - consumed);
        assertThat(balance.held()).as("held").isZero();
        assertThat(available(tenant, account)).as("available over HTTP").isEqualTo(GRANTED - consumed);
        // The last refusal of all came after every other change and found fewer than the (at most 20)
        // credits asked for: the account was drained.
        assertThat(balance.available()).as("left unspent").isLessThan(20L);

        assertThat(jdbc.sql("""
                        select count(*), coalesce(sum(credits_used), 0) from tasks
                        where tenant_id = :tenant and status = 'completed'""")
                .param("tenant", tenant.id())
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                .as("completed tasks and their credits used").containsExactly((long) completed, consumed);
        assertThat(jdbc.sql("select count(*) from tasks where tenant_id = :tenant and status <> 'completed'")
                .param("tenant", tenant.id()).query(Long.class).single())
                .as("tasks not completed").isZero();
        assertBlocksAndEntries(tenant, account, consumed);
    }

    private void assertBlocksAndEntries(TestTenant tenant, UUID account, long consumed) {
        Map<UUID, AccountSums> sums = LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
        List<StoredBlock> blocks = LedgerInvariants.blocks(jdbc, tenant.id());
        assertThat(blocks).hasSize(1);
        StoredBlock block = blocks.get(0);
        assertThat(new long[] {block.granted(), block.consumed(), block.held(), block.expired(), block.revoked(),
                block.suspended()}).as("granted, consumed, held, expired, revoked, suspended")
                .containsExactly(GRANTED, consumed, 0, 0, 0, 0);
        AccountSums s = sums.get(account);
        assertThat(s.availableFromEntries()).as("Σ availableDelta").isEqualTo(GRANTED - consumed);
        assertThat(s.totalFromEntries()).as("Σ totalDelta").isEqualTo(GRANTED - consumed);
        assertThat(s.held()).as("held by the blocks").isZero();
    }
}
