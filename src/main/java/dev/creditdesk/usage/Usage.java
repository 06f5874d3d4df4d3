package dev.creditdesk.usage;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.usage.internal.UsageStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records usage and answers its aggregates. Events are idempotent by the product's id: the same
 * id with the same content is recorded once, with other content it is a 409 naming the item and
 * field, and a batch is recorded whole or not at all. Completed tasks count from when they
 * completed, until their credits are restored.
 */
@Service
public class Usage {

    public static final int MAX_BATCH = 1000;

    private final UsageStore store;
    private final Accounts accounts;
    private final Clock clock;

    Usage(UsageStore store, Accounts accounts, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Records a batch of checked events. Every account must be the tenant's (422 naming
     * {@code data[i].account_id}); an id recorded before or earlier in the batch with other content
     * is a 409 naming {@code data[i].<field>}.
     */
    @Transactional
    public IngestResult ingest(UUID tenantId, List<ReportedUsage> batch) {
        Set<UUID> known = accounts.existing(tenantId,
                batch.stream().map(ReportedUsage::accountId).collect(Collectors.toSet()));
        for (int i = 0; i < batch.size(); i++) {
            if (!known.contains(batch.get(i).accountId())) {
                throw ApiProblem.unprocessable("unknown-account", "data[" + i + "].account_id",
                        "is not an account of this tenant");
            }
        }
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Integer first = firstIndex.putIfAbsent(batch.get(i).externalId(), i);
            if (first != null) {
                String field = Content.of(batch.get(first)).firstDifference(Content.of(batch.get(i)));
                if (field != null) {
                    throw conflict(i, field, batch.get(i).externalId(), "data[" + first + "]");
                }
            }
        }
        Instant now = clock.instant();
        List<UsageEvent> rows = firstIndex.values().stream().map(batch::get)
                .map(e -> new UsageEvent(Ids.newId(now), e.externalId(), null, e.accountId(), e.kind(), e.quantity(),
                        e.unit(), e.occurredAt(), e.metadata(), now))
                .toList();
        Set<String> inserted = new HashSet<>(store.insertNew(tenantId, rows));
        Map<String, UsageEvent> earlier = new HashMap<>();
        store.byExternalIds(tenantId, firstIndex.keySet().stream().filter(id -> !inserted.contains(id)).toList())
                .forEach(e -> earlier.put(e.externalId(), e));
        for (Map.Entry<String, UsageEvent> recorded : earlier.entrySet()) {
            int i = firstIndex.get(recorded.getKey());
            String field = Content.of(recorded.getValue()).firstDifference(Content.of(batch.get(i)));
            if (field != null) {
                throw conflict(i, field, recorded.getKey(), "the event recorded earlier");
            }
        }
        return new IngestResult(inserted.size(), batch.size() - inserted.size());
    }

    /** Counts a completed task (once; a second call for the same task changes nothing). */
    @Transactional
    public void recordTask(UUID tenantId, TaskUsage task) {
        store.insertTask(tenantId, new UsageEvent(Ids.newId(task.completedAt()), null, task.taskId(), task.accountId(),
                task.kind(), task.quantity(), task.unit(), task.completedAt(), new TreeMap<>(), clock.instant()));
    }

    /** A task's credits were restored: it no longer counts. */
    @Transactional
    public void withdrawTask(UUID tenantId, UUID accountId, UUID taskId) {
        store.deleteTask(tenantId, accountId, taskId);
    }

    /** For each span, the count and summed quantity of the account's usage of that kind. */
    public List<UsageTotal> totals(UUID tenantId, UUID accountId, List<UsageSpan> spans) {
        return store.totals(tenantId, accountId, spans);
    }

    /** Usage newest first (when recorded), by account and kind when given. */
    public ListPage<UsageEvent> page(UUID tenantId, UUID accountId, String kind, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after)
                .filter(e -> accountId == null || e.accountId().equals(accountId)).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, accountId, kind, after, limit + 1), limit, UsageEvent::id);
    }

    private static ApiProblem conflict(int index, String field, String externalId, String other) {
        String name = "data[" + index + "]." + field;
        return new ApiProblem(409, "usage-event-conflict", "Conflict", name + ": external_id '" + externalId
                + "' differs from " + other + " in " + field,
                List.of(new FieldProblem(name, "differs from " + other + " with this external_id")))
                .with("index", index).with("external_id", externalId);
    }

    /** What must be equal for two reports of one id to be the same event. */
    private record Content(UUID accountId, String kind, BigDecimal quantity, String unit, Instant occurredAt,
            SortedMap<String, String> metadata) {

        static Content of(ReportedUsage e) {
            return new Content(e.accountId(), e.kind(), e.quantity(), e.unit(), e.occurredAt(), e.metadata());
        }

        static Content of(UsageEvent e) {
            return new Content(e.accountId(), e.kind(), e.quantity(), e.unit(), e.occurredAt(), e.metadata());
        }

        /** The JSON name of the first field that differs, or null when none does. */
        String firstDifference(Content other) {
            if (!accountId.equals(other.accountId)) {
                return "account_id";
            }
            if (!kind.equals(other.kind)) {
                return "kind";
            }
            if (quantity.compareTo(other.quantity) != 0) {
                return "quantity";
            }
            if (!Objects.equals(unit, other.unit)) {
                return "unit";
            }
            if (!occurredAt.truncatedTo(ChronoUnit.MICROS).equals(other.occurredAt.truncatedTo(ChronoUnit.MICROS))) {
                return "occurred_at";
            }
            if (!metadata.equals(other.metadata)) {
                return "metadata";
            }
            return null;
        }
    }

    /** Counts many completed tasks of the tenant at once, as {@link #recordTask} counts each. */
    @Transactional
    public void recordTasks(UUID tenantId, List<TaskUsage> tasks) {
        Instant now = clock.instant();
        store.insertTasks(tenantId, tasks.stream().map(task -> new UsageEvent(Ids.newId(task.completedAt()), null,
                task.taskId(), task.accountId(), task.kind(), task.quantity(), task.unit(), task.completedAt(),
                new TreeMap<>(), now)).toList());
    }
}
