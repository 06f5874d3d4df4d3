package dev.creditdesk.tasks;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.accounts.Entitlements;
import dev.creditdesk.ledger.Hold;
import dev.creditdesk.ledger.HoldExpired;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.tasks.internal.TaskStore;
import dev.creditdesk.tenants.Tenants;
import dev.creditdesk.usage.TaskUsage;
import dev.creditdesk.usage.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credit lifecycle of generation tasks. The ledger's hold decides every race: whichever of
 * complete, fail and TTL expiry reaches the hold first wins, and the others answer 409. Reserve,
 * complete and fail are the hot path and announce nothing; a hold that expires announces
 * {@code task.hold_expired}. A completed task counts in the usage module as one of its kind (with
 * its quantity), from when it completed until its credits are restored; failed and expired tasks
 * never count.
 */
@Service
public class Tasks {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private final TaskStore store;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Tenants tenants;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Usage usage;

    Tasks(TaskStore store, Ledger ledger, Accounts accounts, Tenants tenants, Clock clock,
            ApplicationEventPublisher events, Usage usage) {
        this.events = events;
        this.usage = usage;
        this.store = store;
        this.ledger = ledger;
        this.accounts = accounts;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Reserves credits for a new task; 402 when the account cannot cover them, 403 when it may not generate. */
    @Transactional
    public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId, String actor) {
        return reserve(tenantId, accountId, credits, ttl, externalId, new TreeMap<>(), actor);
    }

    /** Reserves credits for a new task carrying the integrator's {@code metadata}. */
    @Transactional
    public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId,
            SortedMap<String, String> metadata, String actor) {
        return reserve(tenantId, accountId, credits, ttl, externalId, metadata, TaskOutput.GENERATION, actor);
    }

    /** Reserves credits for a new task producing {@code output} (what its completion counts as in usage). */
    @Transactional
    public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId,
            SortedMap<String, String> metadata, TaskOutput output, String actor) {
        Entitlements entitlements = accounts.requireEntitlements(tenantId, accountId);
        if (!entitlements.allows(Entitlement.GENERATE)) {
            throw TaskProblems.generationSuspended(entitlements.blocking(Entitlement.GENERATE));
        }
        // The task is written before its hold (which it names), so that a taken external_id is refused
        // by the unique index, before any credit is looked at, as a pre-check would; a refused
        // reservation (402) throws and its transaction, or the caller's savepoint, takes the row back.
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        UUID holdId = Ids.newId(now);
        Task task = new Task(id, accountId, externalId, TaskStatus.RESERVED, credits, 0, 0, holdId, null, now,
                now.plus(ttl), null, null, metadata, output);
        if (!store.insert(tenantId, task, actor)) {
            Task existing = store.findByExternalId(tenantId, externalId).orElseThrow();
            throw TaskProblems.taskExists(externalId, existing.id());
        }
        ledger.hold(tenantId, accountId, holdId, credits, now, ttl,
                tenants.require(tenantId).settings().drawdownOrder(), "task:" + id);
        return task;
    }

    /** Tasks newest first (when reserved), by account and status when given. */
    public ListPage<Task> page(UUID tenantId, UUID accountId, TaskStatus status, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after)
                .filter(t -> accountId == null || t.accountId().equals(accountId)).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, accountId, status, after, limit + 1), limit, Task::id);
    }

    /** Consumes {@code creditsUsed} (at most what was reserved; all of it when null) and releases the rest. */
    @Transactional
    public Task complete(UUID tenantId, UUID taskId, Long creditsUsed) {
        Task task = requireReserved(tenantId, taskId, "complete");
        long used = creditsUsed == null ? task.creditsReserved() : creditsUsed;
        if (used > task.creditsReserved()) {
            throw TaskProblems.moreThanReserved(task);
        }
        ledger.settle(tenantId, task.accountId(), task.holdId(), used);
        Instant completedAt = clock.instant();
        Task completed = transition(tenantId, task, TaskStatus.COMPLETED, used, null, completedAt);
        usage.recordTask(tenantId, new TaskUsage(task.id(), task.accountId(), task.output().kind(),
                task.output().counted(), task.output().unit(), completedAt));
        return completed;
    }

    /** Releases every reserved credit: a failed task costs nothing. */
    @Transactional
    public Task fail(UUID tenantId, UUID taskId, String reason) {
        Task task = requireReserved(tenantId, taskId, "fail");
        ledger.release(tenantId, task.accountId(), task.holdId());
        return transition(tenantId, task, TaskStatus.FAILED, 0, reason, clock.instant());
    }

    /** Gives back the credits a completed task consumed, once, when it turns out to have failed. */
    @Transactional
    public Task restore(UUID tenantId, UUID taskId, String reason) {
        Task task = require(tenantId, taskId);
        if (task.status() != TaskStatus.COMPLETED) {
            throw ApiProblem.conflict("task-" + task.status().wireName(),
                    "Only a completed task's credits can be restored; this task is " + task.status().wireName());
        }
        Hold hold = ledger.restore(tenantId, task.accountId(), task.holdId(), reason);
        if (!store.markRestored(tenantId, task.accountId(), taskId, hold.restored(), reason, clock.instant())) {
            throw ApiProblem.conflict("task-changed", "The task changed while its credits were being restored");
        }
        usage.withdrawTask(tenantId, task.accountId(), taskId);
        return require(tenantId, taskId);
    }

    public Optional<Task> find(UUID tenantId, UUID taskId) {
        return store.find(tenantId, taskId);
    }

    public Task require(UUID tenantId, UUID taskId) {
        return store.find(tenantId, taskId).orElseThrow(() -> ApiProblem.notFound("task", taskId));
    }

    /** The account's tasks, newest first, at most {@code limit} (a case's timeline). */
    public java.util.List<Task> forAccount(UUID tenantId, UUID accountId, int limit) {
        return store.forAccount(tenantId, accountId, limit);
    }

    /** A task's hold outlived its TTL: the task expires, in that transaction, and the product hears of it. */
    @EventListener
    void on(HoldExpired expired) {
        store.markExpiredByHold(expired.tenantId(), expired.holdId(), clock.instant()).ifPresent(taskId ->
                events.publishEvent(ResourceChanged.of(expired.tenantId(), EventType.TASK_HOLD_EXPIRED, taskId)));
    }

    private Task requireReserved(UUID tenantId, UUID taskId, String action) {
        Task task = require(tenantId, taskId);
        if (task.status() != TaskStatus.RESERVED) {
            throw TaskProblems.notReserved(task, action);
        }
        return task;
    }

    /** Settles the reserved task; answers it as it now stands. */
    private Task transition(UUID tenantId, Task task, TaskStatus to, long used, String note, Instant at) {
        return store.transition(tenantId, task.accountId(), task.id(), TaskStatus.RESERVED, to, used, note, at)
                .orElseThrow(() -> ApiProblem.conflict("task-changed", "The task changed while it was being settled"));
    }
}
