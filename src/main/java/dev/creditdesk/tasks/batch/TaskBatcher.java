package dev.creditdesk.tasks.batch;

import dev.creditdesk.ledger.LedgerBatch;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Deferred;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.RequestAudit;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import dev.creditdesk.tasks.Tasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the task hot path. Concurrent reserve, complete and fail calls are queued; a
 * worker takes every call waiting (at most {@code max-size}, after waiting at most
 * {@code max-wait} for more) and applies them in <b>one transaction</b>, then commits once. N calls then cost one commit — one WAL flush when PostgreSQL runs
 * durably — one connection and one lock of each account, instead of N of each.
 *
 * <p>What each caller sees is what it would see without batching:
 * <ul>
 * <li><b>Its own answer.</b> When a call fails (402, 409, 404), the batch is applied again with a
 *     savepoint around each call: the failing call rolls back to its savepoint and its caller
 *     gets that failure; the other calls go on. (Without failures, no savepoints: two statements
 *     fewer per call.)
 * <li><b>Only after the commit.</b> No caller is answered before the batch's transaction has
 *     committed, so a crash or a failed commit loses no acknowledged call. When the transaction
 *     fails before its commit, nothing of it was written and no one was answered: each call is
 *     then applied again on its own, in its own transaction. When the commit itself fails (the
 *     connection lost while committing), PostgreSQL is asked on another connection whether that
 *     transaction committed: if it did, everyone gets their answer; if it aborted, each call is
 *     applied again on its own; if nobody can tell, a call is never applied twice: every caller of
 *     the batch gets 503 {@code outcome-unknown} (a refusal too may rest on a change of the batch).
 * <li><b>In arrival order per account.</b> The calls of a batch are applied account by account
 *     (sorted by tenant and account, so two batches lock accounts in the same order), and an
 *     account's calls in the order they arrived. Calls on different accounts commute, but for two
 *     reservations of one {@code external_id} (the first in account order gets it). Calls in
 *     different batches were in flight at the same time, so either order is one their callers
 *     could have seen. (A batch locks its accounts before it writes its tasks, a reservation alone
 *     the other way round: one {@code external_id} reserved at once by a batch and by a call alone
 *     on an account of that batch can deadlock; PostgreSQL breaks it after {@code deadlock_timeout}
 *     and the loser is tried again or answered 5xx.)
 * <li><b>The same decisions.</b> Set-based ({@link SetBasedBatch}), each call is decided as
 *     {@link Tasks#reserve}, {@link Tasks#complete} or {@link Tasks#fail} would decide it; a batch
 *     it cannot decide so runs those methods call by call (with, over HTTP, the request's audit
 *     entry).
 * </ul>
 * A call failing with anything other than an {@link ApiProblem} (a deadlock with some other
 * transaction, say) is tried again on its own after the batch commits. Units must not register
 * after-commit work: a savepoint rolled back does not take it back.
 *
 * <p>Off unless {@code creditdesk.tasks.batching.enabled=true}; then the API's reserve, complete and
 * fail without an {@code Idempotency-Key} come here ({@code RequestTransactionFilter}). Requests
 * with a key keep their own transaction, in which the key is claimed and the answer stored.
 */
@Component
public class TaskBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskBatcher.class);

    /**
     * An account's calls in the order they arrived; accounts in one global order, the database's,
     * in which a set-based batch locks them too.
     */
    private static final Comparator<Call<?>> ORDER = Comparator
            .comparing((Call<?> call) -> call.tenantId, Ids.DATABASE_ORDER)
            .thenComparing(call -> call.accountId, Comparator.nullsFirst(Ids.DATABASE_ORDER))
            .thenComparingLong(call -> call.arrival);

    private final Tasks tasks;
    private final SetBasedBatch setBased;
    private final JdbcClient jdbc;
    private final TransactionTemplate batchTransaction;
    private final TransactionTemplate savepoint;
    private final boolean enabled;
    private final int workers;
    private final int maxSize;
    private final Duration maxWait;
    private final DistributionSummary batchSizes;
    private final Counter oneByOne;
    private final BlockingQueue<Call<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    TaskBatcher(Tasks tasks, SetBasedBatch setBased, JdbcClient jdbc, PlatformTransactionManager transactions, MeterRegistry meters,
            @Value("${creditdesk.tasks.batching.enabled:false}") boolean enabled,
            @Value("${creditdesk.tasks.batching.workers:2}") int workers,
            @Value("${creditdesk.tasks.batching.max-size:256}") int maxSize,
            @Value("${creditdesk.tasks.batching.max-wait:0ms}") Duration maxWait) {
        if (workers < 1 || maxSize < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("creditdesk.tasks.batching: workers and max-size must be at least 1, "
                    + "max-wait not negative");
        }
        this.tasks = tasks;
        this.setBased = setBased;
        this.jdbc = jdbc;
        this.batchTransaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.enabled = enabled;
        this.workers = workers;
        this.maxSize = maxSize;
        this.maxWait = maxWait;
        this.batchSizes = DistributionSummary.builder("creditdesk.tasks.batch.size")
                .description("Calls applied in one group-commit transaction")
                .publishPercentileHistogram().register(meters);
        meters.gauge("creditdesk.tasks.batch.waiting", queue, BlockingQueue::size);
        this.oneByOne = Counter.builder("creditdesk.tasks.batch.one_by_one")
                .description("Batches applied call by call (with savepoints) instead of set-based")
                .register(meters);
    }

    /** Whether calls are batched; when not, every method here runs its call in its own transaction. */
    public boolean enabled() {
        return enabled;
    }

    /** Calls queued for the next batch. */
    public int waiting() {
        return queue.size();
    }

    /** {@link Tasks#reserve} in a batch. */
    public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId, String actor) {
        return submit(new TaskCall.Reserve(tenantId, accountId, credits, ttl, externalId, new TreeMap<>(),
                TaskOutput.GENERATION, actor), null);
    }

    /** {@link Tasks#complete} in a batch. */
    public Task complete(UUID tenantId, UUID taskId, Long creditsUsed) {
        return submit(new TaskCall.Complete(tenantId, taskId, creditsUsed), null);
    }

    /**
     * Applies {@code call} in a batch; {@code audit}, when given, is told of the task the call made
     * or changed, in the batch's transaction (a request's audit entry). Answers what
     * {@link TaskCall#applyTo} would, or throws what it would throw.
     */
    public Task submit(TaskCall call, @Nullable Consumer<RequestAudit.Created> audit) {
        Supplier<Task> oneByOne = () -> {
            Task task = call.applyTo(tasks);
            if (audit != null) {
                audit.accept(created(task));
            }
            return task;
        };
        UUID accountId = call instanceof TaskCall.Reserve reserve ? reserve.accountId() : null;
        UUID taskId = call instanceof TaskCall.Complete complete ? complete.taskId()
                : call instanceof TaskCall.Fail fail ? fail.taskId() : null;
        return submit(new Call<>(call.tenantId(), accountId, taskId, oneByOne, arrivals.incrementAndGet(), call,
                audit));
    }

    /** Runs {@code unit}, which changes {@code accountId}'s credits, in a batch; answers what it answers. */
    public <T> T onAccount(UUID tenantId, UUID accountId, Supplier<T> unit) {
        return submit(new Call<>(tenantId, Objects.requireNonNull(accountId), null, unit, arrivals.incrementAndGet(),
                null, null));
    }

    /** Runs {@code unit}, which changes task {@code taskId} (its account's credits), in a batch. */
    public <T> T onTask(UUID tenantId, UUID taskId, Supplier<T> unit) {
        return submit(new Call<>(tenantId, null, Objects.requireNonNull(taskId), unit, arrivals.incrementAndGet(),
                null, null));
    }

    private <T> T submit(Call<T> call) {
        if (!running) {
            return batchTransaction.execute(status -> call.unit.get());
        }
        queue.add(call);
        if (!running && queue.remove(call)) {
            // stopped while it was added: the workers may have ended, so nobody would take it
            return batchTransaction.execute(status -> call.unit.get());
        }
        try {
            return call.answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void work() {
        List<Call<?>> batch = new ArrayList<>(maxSize);
        while (running || !queue.isEmpty()) {
            try {
                Call<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxSize - 1);
                if (!maxWait.isZero() && batch.size() < maxSize) {
                    long deadline = System.nanoTime() + maxWait.toNanos();
                    while (batch.size() < maxSize) {
                        Call<?> next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        queue.drainTo(batch, maxSize - batch.size());
                    }
                }
                apply(batch);
            } catch (InterruptedException e) {
                // the calls collected so far were not applied: nothing of them is written
                batch.forEach(call -> call.answer.completeExceptionally(
                        new IllegalStateException("the task batch worker was interrupted; the call was not applied")));
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // never leave a caller waiting; a caller already answered keeps its answer
                log.error("task batch failed", e);
                batch.forEach(call -> call.answer.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Applies the batch in one transaction and answers each caller once it has committed. First
     * without savepoints (two statements fewer per call); when a call fails, that transaction is
     * rolled back and the batch applied again with a savepoint around each call, so the failure
     * is its caller's answer alone.
     */
    private void apply(List<Call<?>> batch) {
        batchSizes.record(batch.size());
        if (batch.stream().allMatch(call -> call.op != null)) {
            Outcome setBased = null;
            try {
                setBased = inOneTransaction(() -> applySetBased(batch));
            } catch (LedgerBatch.Undecided e) {
                // nothing of it was written: the batch's transaction rolled back
                log.atDebug().addKeyValue("calls", batch.size()).log("task batch applied one by one: " + e.getMessage());
                batch.forEach(Call::reset);
            } catch (RuntimeException e) {
                // a row not as the batch read it (changed by a transaction outside batching), or a database error
                log.atWarn().addKeyValue("calls", batch.size()).setCause(e).log("task batch applied one by one");
                batch.forEach(Call::reset);
            }
            if (setBased != null) {
                answer(batch, setBased);
                return;
            }
        }
        oneByOne.increment();
        Outcome outcome;
        try {
            outcome = inOneTransaction(() -> {
                resolveAccounts(batch);
                batch.sort(ORDER);
                for (Call<?> call : batch) {
                    call.runInPlace();
                }
            });
        } catch (CallFailed failed) {
            if (batch.size() == 1 && failed.getCause() instanceof ApiProblem problem) {
                batch.get(0).fail(problem);
                outcome = Outcome.COMMITTED;
            } else if (batch.size() == 1) {
                outcome = Outcome.ROLLED_BACK;
            } else {
                outcome = applyWithSavepoints(batch);
            }
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("calls", batch.size()).setCause(e).log("task batch rolled back");
            outcome = Outcome.ROLLED_BACK;
        }
        answer(batch, outcome);
    }

    /**
     * Decides and writes the batch set-based ({@link SetBasedBatch}), then writes each successful
     * caller's audit entry, all of them in one statement ({@link Deferred}).
     */
    @SuppressWarnings("unchecked")
    private void applySetBased(List<Call<?>> batch) {
        batch.sort(Comparator.comparingLong(call -> call.arrival));
        List<SetBasedBatch.Outcome> outcomes = setBased.apply(batch.stream().map(call -> call.op).toList());
        Deferred.collecting(() -> {
            for (int i = 0; i < batch.size(); i++) {
                Call<Task> call = (Call<Task>) batch.get(i);
                SetBasedBatch.Outcome outcome = outcomes.get(i);
                if (outcome.failure() != null) {
                    call.fail(outcome.failure());
                } else {
                    call.result = outcome.task();
                    if (call.audit != null) {
                        call.inCallersContext(() -> call.audit.accept(created(outcome.task())));
                    }
                }
            }
        });
    }

    private static RequestAudit.Created created(Task task) {
        return new RequestAudit.Created("task", task.id().toString());
    }

    private Outcome applyWithSavepoints(List<Call<?>> batch) {
        try {
            return inOneTransaction(() -> {
                for (Call<?> call : batch) {
                    call.run(savepoint);
                }
            });
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("calls", batch.size()).setCause(e).log("task batch rolled back");
            return Outcome.ROLLED_BACK;
        }
    }

    /**
     * Answers every caller whose call is decided, then applies again, one by one, those that must
     * be: all of them when nothing of the batch was written, otherwise the calls that failed in a
     * savepoint for a reason other than an {@link ApiProblem}. When the commit's outcome is unknown,
     * nobody's change is applied again and every caller is told so (503).
     */
    private void answer(List<Call<?>> batch, Outcome outcome) {
        if (outcome == Outcome.ROLLED_BACK) {
            batch.forEach(Call::retryAlone);
        } else if (outcome == Outcome.UNKNOWN) {
            // a failure too may have been decided on a change of the batch that was not made (409
            // task-exists naming a task of the batch, 402 after its holds): nobody's answer is certain
            batch.forEach(call -> call.fail(
                    new ApiProblem(503, "outcome-unknown", "Outcome unknown",
                            "The database connection was lost while this change was being committed; it may or may "
                                    + "not have been made. Read the task (or the account's balance) before trying again.")));
        }
        for (Call<?> call : batch) {
            if (!call.retry) {
                call.answer();
            }
        }
        for (Call<?> call : batch) {
            if (call.retry) {
                call.run(batchTransaction);
                call.answer();
            }
        }
    }

    /** How a batch's transaction ended. */
    enum Outcome {
        COMMITTED, ROLLED_BACK, UNKNOWN
    }

    /**
     * Runs {@code work} in one transaction. Throws what {@code work} threw (the transaction then
     * rolled back); when the commit itself fails, asks PostgreSQL on another connection what became
     * of the transaction, since a commit whose answer was lost may have been made.
     */
    private Outcome inOneTransaction(Runnable work) {
        String[] transactionId = new String[1];
        boolean[] committing = new boolean[1];
        try {
            batchTransaction.executeWithoutResult(status -> {
                transactionId[0] = jdbc.sql("select cast(pg_current_xact_id() as text)").query(String.class).single();
                work.run();
                committing[0] = true;
            });
            return Outcome.COMMITTED;
        } catch (RuntimeException e) {
            if (!committing[0]) {
                throw e;
            }
            Outcome outcome = outcomeOf(transactionId[0]);
            log.atError().addKeyValue("outcome", outcome).setCause(e).log("task batch commit failed");
            return outcome;
        }
    }

    /** What became of transaction {@code transactionId}, asked on a connection of its own. */
    Outcome outcomeOf(String transactionId) {
        try {
            String status = jdbc.sql("select pg_xact_status(cast(:id as xid8))").param("id", transactionId)
                    .query(String.class).optional().orElse(null);
            if ("committed".equals(status)) {
                return Outcome.COMMITTED;
            }
            return "aborted".equals(status) ? Outcome.ROLLED_BACK : Outcome.UNKNOWN;
        } catch (RuntimeException e) {
            return Outcome.UNKNOWN;
        }
    }

    /** Finds the account of each call that names only its task, in one statement, so the batch can be ordered. */
    private void resolveAccounts(List<Call<?>> batch) {
        List<Call<?>> byTask = batch.stream().filter(call -> call.accountId == null).toList();
        if (byTask.isEmpty()) {
            return;
        }
        Map<UUID, UUID> accounts = new HashMap<>();
        jdbc.sql("""
                        select t.id, t.account_id from tasks t
                        join unnest(cast(:tenants as uuid[]), cast(:ids as uuid[])) as k(tenant_id, id)
                          on t.tenant_id = k.tenant_id and t.id = k.id""")
                .param("tenants", byTask.stream().map(call -> call.tenantId).toArray(UUID[]::new))
                .param("ids", byTask.stream().map(call -> call.taskId).toArray(UUID[]::new))
                .query((rs, n) -> accounts.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
        byTask.forEach(call -> call.accountId = accounts.get(call.taskId));
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "task-batch-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Stops taking new calls into batches; calls already queued are applied before the workers end. */
    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Below the web server's phase ({@code DEFAULT_PHASE - 2048}): started before it, stopped after
     * it has stopped taking requests, and before the pool closes.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** One caller's call: its unit, where it stands in the batch, and its answer once the batch committed. */
    private static final class Call<T> {
        final UUID tenantId;
        final UUID taskId;
        final Supplier<T> unit;
        final long arrival;
        final Map<String, String> context = MDC.getCopyOfContextMap();
        final CompletableFuture<T> answer = new CompletableFuture<>();
        /** The call as data, when it is one of the task hot path's: then it can be applied set-based. */
        final TaskCall op;
        final Consumer<RequestAudit.Created> audit;
        UUID accountId;
        T result;
        RuntimeException failure;
        boolean retry;

        Call(UUID tenantId, UUID accountId, UUID taskId, Supplier<T> unit, long arrival, TaskCall op,
                Consumer<RequestAudit.Created> audit) {
            this.op = op;
            this.audit = audit;
            this.tenantId = tenantId;
            this.accountId = accountId;
            this.taskId = taskId;
            this.unit = unit;
            this.arrival = arrival;
        }

        /** Runs the unit in the batch's transaction as it stands; a failure ends the transaction ({@link CallFailed}). */
        void runInPlace() {
            inCallersContext(() -> {
                try {
                    result = unit.get();
                } catch (RuntimeException e) {
                    throw new CallFailed(e);
                }
            });
        }

        /**
         * Runs the unit in {@code transaction}: a savepoint of the batch's transaction, or a
         * transaction of its own. In a savepoint, a failure other than an {@link ApiProblem} is
         * tried again on its own after the batch.
         */
        void run(TransactionTemplate transaction) {
            inCallersContext(() -> {
                try {
                    result = transaction.execute(status -> unit.get());
                    failure = null;
                    retry = false;
                } catch (ApiProblem problem) {
                    fail(problem);
                } catch (RuntimeException e) {
                    failure = e;
                    retry = transaction.getPropagationBehavior() == TransactionDefinition.PROPAGATION_NESTED;
                }
            });
        }

        /** Runs {@code work} with the caller's logging context (its request id: logs and audit entries name it). */
        void inCallersContext(Runnable work) {
            Map<String, String> worker = MDC.getCopyOfContextMap();
            setContext(context);
            try {
                work.run();
            } finally {
                setContext(worker);
            }
        }

        void fail(RuntimeException problem) {
            result = null;
            failure = problem;
            retry = false;
        }

        /** Forgets what a set-based attempt decided (it was rolled back). */
        void reset() {
            result = null;
            failure = null;
            retry = false;
        }

        void retryAlone() {
            result = null;
            failure = null;
            retry = true;
        }

        void answer() {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(result);
            }
        }

        private static void setContext(Map<String, String> context) {
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
        }
    }

    /** A call failed in a transaction without savepoints: the transaction must roll back. */
    private static final class CallFailed extends RuntimeException {
        CallFailed(RuntimeException cause) {
            super(null, cause, false, false);
        }
    }
}
