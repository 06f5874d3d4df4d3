package dev.creditdesk.tasks.batch;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.accounts.Entitlements;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.LedgerBatch;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskProblems;
import dev.creditdesk.tasks.TaskStatus;
import dev.creditdesk.tasks.internal.TaskBatchStore;
import dev.creditdesk.tasks.internal.TaskBatchStore.Created;
import dev.creditdesk.tasks.internal.TaskBatchStore.ExternalId;
import dev.creditdesk.tasks.internal.TaskBatchStore.Settled;
import dev.creditdesk.tasks.internal.TaskBatchStore.TaskKey;
import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.Tenants;
import dev.creditdesk.usage.TaskUsage;
import dev.creditdesk.usage.Usage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of task calls set-based, in the caller's transaction: a few statements read
 * every task, account, block and hold the batch touches (the accounts locked first), each call is
 * decided in memory — account by account, each account's calls in the order given — exactly as
 * {@code Tasks} would decide it, and a few statements write the whole batch. A batch costs about
 * six or seven statements whatever its size (one more per extra tenant; one more per reservation
 * refused on an account that has suspended credits), where one by one it costs five or six per call.
 * The tasks are read before the accounts are locked: a task changed meanwhile by a call outside
 * the batch is caught by its hold (read under the lock) or by the write's count check, which
 * makes the batch go one by one.
 *
 * <p>A call that fails (402, 403, 404, 409, 422) gets the failure {@code Tasks} would throw and
 * changes nothing; the others go on. When a call cannot be decided here exactly as {@code Tasks}
 * would decide it (a reservation that only suspended credits would cover: the ledger's 403 names the dispute), {@link #apply}
 * throws {@link LedgerBatch.Undecided} before anything is written, and the caller applies the
 * calls one by one instead.
 */
@Component
class SetBasedBatch {

    private final TaskBatchStore store;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Tenants tenants;
    private final Usage usage;
    private final Clock clock;

    SetBasedBatch(TaskBatchStore store, Ledger ledger, Accounts accounts, Tenants tenants, Usage usage, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.accounts = accounts;
        this.tenants = tenants;
        this.usage = usage;
        this.clock = clock;
    }

    /** What a call came to: the task as it now stands, or the failure its caller gets. */
    record Outcome(Task task, ApiProblem failure) {
    }

    /** Decides and writes {@code calls} (in arrival order); answers each call's outcome, in the same order. */
    List<Outcome> apply(List<TaskCall> calls) {
        List<TaskKey> named = calls.stream().map(SetBasedBatch::taskOf).filter(k -> k != null).distinct().toList();
        List<ExternalId> externalIds = calls.stream().map(SetBasedBatch::externalIdOf).filter(k -> k != null)
                .distinct().toList();
        TaskBatchStore.Found found = named.isEmpty() && externalIds.isEmpty()
                ? new TaskBatchStore.Found(Map.of(), Map.of()) : store.find(named, externalIds);
        Map<TaskKey, Task> current = new HashMap<>(found.byId());
        Map<ExternalId, UUID> taken = new HashMap<>(found.byExternalId());

        // every call's account: a reservation names it, a completion or failure has it from its task
        Outcome[] outcomes = new Outcome[calls.size()];
        List<Integer> order = new ArrayList<>();
        Map<Integer, UUID> accountOf = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            TaskCall call = calls.get(i);
            UUID account = call instanceof TaskCall.Reserve reserve ? reserve.accountId()
                    : accountOf(current.get(taskOf(call)));
            if (account == null) {
                outcomes[i] = new Outcome(null, ApiProblem.notFound("task", taskOf(call).taskId()));
            } else {
                accountOf.put(i, account);
                order.add(i);
            }
        }
        // the order the accounts are locked in (the database's): ties between accounts on one external_id
        order.sort(Comparator.comparing((Integer i) -> calls.get(i).tenantId(), Ids.DATABASE_ORDER)
                .thenComparing(accountOf::get, Ids.DATABASE_ORDER).thenComparing(i -> i));

        Map<UUID, List<UUID>> reservingAccounts = new LinkedHashMap<>();
        List<LedgerBatch.Account> ledgerAccounts = new ArrayList<>();
        List<LedgerBatch.AccountHold> holds = new ArrayList<>();
        for (int i : order) {
            TaskCall call = calls.get(i);
            ledgerAccounts.add(new LedgerBatch.Account(call.tenantId(), accountOf.get(i)));
            if (call instanceof TaskCall.Reserve reserve) {
                reservingAccounts.computeIfAbsent(reserve.tenantId(), t -> new ArrayList<>()).add(reserve.accountId());
            } else {
                Task task = current.get(taskOf(call));
                holds.add(new LedgerBatch.AccountHold(call.tenantId(), task.accountId(), task.holdId()));
            }
        }
        Map<UUID, Map<UUID, Entitlements>> entitlements = new HashMap<>();
        Map<UUID, List<DrawdownCriterion>> drawdown = new HashMap<>();
        reservingAccounts.forEach((tenant, ofTenant) -> {
            entitlements.put(tenant, accounts.entitlements(tenant, ofTenant.stream().distinct().toList()));
            drawdown.put(tenant, tenants.require(tenant).settings().drawdownOrder());
        });
        LedgerBatch credits = ledger.openBatch(ledgerAccounts, holds.stream().distinct().toList(), drawdown);

        List<Created> created = new ArrayList<>();
        List<Settled> settled = new ArrayList<>();
        Map<UUID, List<TaskUsage>> counted = new LinkedHashMap<>();
        for (int i : order) {
            TaskCall call = calls.get(i);
            try {
                Task task;
                if (call instanceof TaskCall.Reserve reserve) {
                    task = reserve(reserve, entitlements.get(reserve.tenantId()), taken, credits);
                    created.add(new Created(reserve.tenantId(), task, reserve.actor()));
                } else if (call instanceof TaskCall.Complete complete) {
                    task = complete(complete, current.get(taskOf(call)), credits);
                    settled.add(new Settled(call.tenantId(), task));
                    counted.computeIfAbsent(call.tenantId(), t -> new ArrayList<>()).add(new TaskUsage(task.id(),
                            task.accountId(), task.output().kind(), task.output().counted(), task.output().unit(),
                            task.settledAt()));
                } else {
                    task = fail((TaskCall.Fail) call, current.get(taskOf(call)), credits);
                    settled.add(new Settled(call.tenantId(), task));
                }
                current.put(new TaskKey(call.tenantId(), task.id()), task);
                outcomes[i] = new Outcome(task, null);
            } catch (ApiProblem problem) {
                outcomes[i] = new Outcome(null, problem);
            }
        }

        int[] written = store.write(created, settled);
        if (written[0] != created.size() || written[1] != settled.size()) {
            // an external id taken, or a task settled, by a transaction this batch did not wait for
            throw new IllegalStateException("task batch: wrote " + written[0] + " of " + created.size()
                    + " tasks and settled " + written[1] + " of " + settled.size());
        }
        credits.write();
        counted.forEach(usage::recordTasks);
        return List.of(outcomes);
    }

    /** As {@code Tasks.reserve}: entitlement, external id, then credits; the task written later. */
    private Task reserve(TaskCall.Reserve call, Map<UUID, Entitlements> entitlements, Map<ExternalId, UUID> taken,
            LedgerBatch credits) {
        Entitlements of = entitlements.get(call.accountId());
        if (of == null) {
            throw ApiProblem.notFound("account", call.accountId());
        }
        if (!of.allows(Entitlement.GENERATE)) {
            throw TaskProblems.generationSuspended(of.blocking(Entitlement.GENERATE));
        }
        ExternalId externalId = externalIdOf(call);
        if (externalId != null && taken.containsKey(externalId)) {
            throw TaskProblems.taskExists(call.externalId(), taken.get(externalId));
        }
        UUID id = Ids.newId(clock);
        Instant now = clock.instant();
        UUID holdId = Ids.newId(now);
        credits.hold(call.tenantId(), call.accountId(), holdId, call.credits(), now, call.ttl(), "task:" + id);
        if (externalId != null) {
            taken.put(externalId, id);
        }
        return new Task(id, call.accountId(), call.externalId(), TaskStatus.RESERVED, call.credits(), 0, 0, holdId,
                null, now, now.plus(call.ttl()), null, null, call.metadata(), call.output());
    }

    /** As {@code Tasks.complete}. */
    private Task complete(TaskCall.Complete call, Task task, LedgerBatch credits) {
        requireReserved(task, "complete");
        long used = call.creditsUsed() == null ? task.creditsReserved() : call.creditsUsed();
        if (used > task.creditsReserved()) {
            throw TaskProblems.moreThanReserved(task);
        }
        Instant now = clock.instant();
        credits.settle(call.tenantId(), task.accountId(), task.holdId(), used, now);
        return settled(task, TaskStatus.COMPLETED, used, null, now);
    }

    /** As {@code Tasks.fail}. */
    private Task fail(TaskCall.Fail call, Task task, LedgerBatch credits) {
        requireReserved(task, "fail");
        Instant now = clock.instant();
        credits.release(call.tenantId(), task.accountId(), task.holdId(), now);
        return settled(task, TaskStatus.FAILED, 0, call.reason(), now);
    }

    private static void requireReserved(Task task, String action) {
        if (task.status() != TaskStatus.RESERVED) {
            throw TaskProblems.notReserved(task, action);
        }
    }

    private static Task settled(Task t, TaskStatus status, long used, String note, Instant at) {
        return new Task(t.id(), t.accountId(), t.externalId(), status, t.creditsReserved(), used, t.creditsRestored(),
                t.holdId(), note == null ? t.note() : note, t.createdAt(), t.expiresAt(), at, t.restoredAt(),
                t.metadata(), t.output());
    }

    private static UUID accountOf(Task task) {
        return task == null ? null : task.accountId();
    }

    private static TaskKey taskOf(TaskCall call) {
        if (call instanceof TaskCall.Complete complete) {
            return new TaskKey(complete.tenantId(), complete.taskId());
        }
        return call instanceof TaskCall.Fail fail ? new TaskKey(fail.tenantId(), fail.taskId()) : null;
    }

    private static ExternalId externalIdOf(TaskCall call) {
        return call instanceof TaskCall.Reserve reserve && reserve.externalId() != null
                ? new ExternalId(reserve.tenantId(), reserve.externalId()) : null;
    }
}
