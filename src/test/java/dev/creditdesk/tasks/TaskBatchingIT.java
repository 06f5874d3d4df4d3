package dev.creditdesk.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.creditdesk.ledger.LedgerInvariants;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.tasks.batch.TaskBatcher;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Group commit ({@link TaskBatcher}) over HTTP: calls waiting together are applied in one
 * transaction, each caller gets its own answer, nobody is answered before the commit, and a batch
 * whose transaction dies is applied again call by call. One worker, so a test can hold the worker
 * with a unit of its own while it lines up the calls of the next batch.
 */
@TestPropertySource(properties = {"creditdesk.tasks.batching.enabled=true", "creditdesk.tasks.batching.workers=1"})
class TaskBatchingIT extends IntegrationTest {

    @Autowired
    TaskBatcher batcher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    private ExecutorService callers;

    @BeforeEach
    void callers() {
        callers = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void callsWaitingTogetherCommitInOneTransactionAndEachGetsItsOwnAnswer() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 25);

        DistributionSummary sizes = meters.get("creditdesk.tasks.batch.size").summary();
        long batchesBefore = sizes.count();
        double callsBefore = sizes.totalAmount();
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> gate = holdTheWorker(tenant, release);
        List<Future<Api.Response>> reserves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reserves.add(callers.submit(() -> reserve(tenant, account, 10)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> batcher.waiting() == 3);
        release.countDown();
        gate.get(20, TimeUnit.SECONDS);

        List<Integer> statuses = new ArrayList<>();
        for (Future<Api.Response> reserve : reserves) {
            statuses.add(reserve.get(20, TimeUnit.SECONDS).status());
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 201, 402);
        assertThat(available(tenant, account)).isEqualTo(5);
        // the worker's batch of one, then the three calls in one batch (one transaction)
        assertThat(sizes.count() - batchesBefore).isEqualTo(2);
        assertThat(sizes.totalAmount() - callsBefore).isEqualTo(4.0);
        // the two reservations made, each with its audit entry; the refused one left nothing
        assertThat(jdbc.sql("select count(*) from tasks where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_log where tenant_id = :t and subject_type = 'task'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(2);
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    @Test
    void noCallerIsAnsweredBeforeTheCommitAndABatchWhoseTransactionDiesIsAppliedCallByCall() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);

        CountDownLatch releaseGate = new CountDownLatch(1);
        Future<Object> gate = holdTheWorker(tenant, releaseGate);
        Future<Api.Response> reserve = callers.submit(() -> reserve(tenant, account, 10));
        await().atMost(Duration.ofSeconds(20)).until(() -> batcher.waiting() == 1);
        // the last call of the next batch (same account, arrived later): notes its connection and waits
        CompletableFuture<Integer> backend = new CompletableFuture<>();
        CountDownLatch releaseLast = new CountDownLatch(1);
        Future<Object> last = callers.submit(() -> batcher.onAccount(tenant.id(), account, () -> {
            backend.complete(jdbc.sql("select pg_backend_pid()").query(Integer.class).single());
            awaitQuietly(releaseLast);
            return null;
        }));
        await().atMost(Duration.ofSeconds(20)).until(() -> batcher.waiting() == 2);
        releaseGate.countDown();
        gate.get(20, TimeUnit.SECONDS);

        int pid = backend.get(20, TimeUnit.SECONDS);
        // the reservation ran in this batch (its task is written, uncommitted), yet its caller has no answer
        assertThat(reserve.isDone()).isFalse();
        assertThat(jdbc.sql("select pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single())
                .isTrue();
        releaseLast.countDown();

        Api.Response reserved = reserve.get(30, TimeUnit.SECONDS);
        last.get(30, TimeUnit.SECONDS);
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from tasks where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(available(tenant, account)).isEqualTo(90);
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    @Test
    void aRequestWithAnIdempotencyKeyKeepsItsOwnTransactionAndReplays() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Map<String, Object> body = Map.of("account_id", account, "credits", 10);
        String key = "reserve-" + UUID.randomUUID();

        Api.Response first = api.post("/v1/tasks", tenant.secretKey(), body, Map.of("Idempotency-Key", key));
        Api.Response again = api.post("/v1/tasks", tenant.secretKey(), body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(available(tenant, account)).isEqualTo(90);
    }

    /**
     * A seeded random mix of reserve, complete and fail from many callers on a few accounts (one of
     * them shared by all): every answer is one the ledger can account for, and the ledger's
     * invariants hold at the end.
     */
    @Test
    void aRandomMixOfCallsKeepsEveryInvariant() throws Exception {
        TestTenant tenant = newTenant();
        List<UUID> accounts = List.of(newAccount(tenant), newAccount(tenant), newAccount(tenant));
        for (UUID account : accounts) {
            grant(tenant, account, 400);
        }
        long seed = new Random().nextLong();
        List<Future<long[]>> runs = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
            Random random = new Random(seed + caller);
            runs.add(callers.submit(() -> randomCalls(tenant, accounts, random)));
        }
        long consumed = 0;
        for (Future<long[]> run : runs) {
            consumed += run.get(120, TimeUnit.SECONDS)[0];
        }
        long spent = 0;
        for (UUID account : accounts) {
            spent += 400 - available(tenant, account);
        }
        assertThat(spent).as("seed %d", seed).isEqualTo(consumed);
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    /** Reserves, then completes or fails, 25 times; answers the credits its completions consumed. */
    private long[] randomCalls(TestTenant tenant, List<UUID> accounts, Random random) {
        long consumed = 0;
        for (int i = 0; i < 25; i++) {
            UUID account = accounts.get(random.nextInt(accounts.size()));
            long credits = 1 + random.nextInt(30);
            Api.Response reserved = reserve(tenant, account, credits);
            if (reserved.status() == 402) {
                continue;
            }
            assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
            String id = reserved.text("id");
            if (random.nextInt(4) == 0) {
                Api.Response failed = api.post("/v1/tasks/" + id + "/fail", tenant.secretKey(), Map.of("reason", "x"));
                assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
            } else {
                long used = random.nextInt((int) credits + 1);
                Api.Response completed = api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(),
                        Map.of("credits", used));
                assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
                assertThat(completed.number("credits_used")).isEqualTo(used);
                consumed += used;
            }
        }
        return new long[] {consumed};
    }

    /** Occupies the only worker with a batch of one until {@code release}; returns once it runs. */
    private Future<Object> holdTheWorker(TestTenant tenant, CountDownLatch release) throws Exception {
        UUID elsewhere = newAccount(tenant);
        CountDownLatch running = new CountDownLatch(1);
        Future<Object> gate = callers.submit(() -> batcher.onAccount(tenant.id(), elsewhere, () -> {
            running.countDown();
            awaitQuietly(release);
            return null;
        }));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        return gate;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
