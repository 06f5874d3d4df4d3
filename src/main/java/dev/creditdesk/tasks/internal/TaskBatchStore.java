package dev.creditdesk.tasks.internal;

import dev.creditdesk.shared.Metadata;
import dev.creditdesk.tasks.Task;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The statements of a group-commit batch of tasks: each covers every task of the batch at once. */
@Repository
public class TaskBatchStore {

    /** A tenant's task by its id. */
    public record TaskKey(UUID tenantId, UUID taskId) {
    }

    /** A task the batch settled: its new status, credits used and note, at {@code task.settledAt()}. */
    public record Settled(UUID tenantId, Task task) {
    }

    /** A new task and who created it. */
    public record Created(UUID tenantId, Task task, String createdBy) {
    }

    /** A tenant's task by its external id. */
    public record ExternalId(UUID tenantId, String externalId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskStore tasks;

    TaskBatchStore(JdbcClient jdbc, JsonMapper json, TaskStore tasks) {
        this.jdbc = jdbc;
        this.json = json;
        this.tasks = tasks;
    }

    /**
     * The tasks named by (tenant, id), and the ids of the tasks named by (tenant, external id), in
     * one statement.
     */
    public Found find(List<TaskKey> ids, List<ExternalId> externalIds) {
        Found found = new Found(new HashMap<>(), new HashMap<>());
        jdbc.sql("select false as by_external, t.tenant_id, " + prefixed() + """
                         from tasks t join unnest(cast(:tenants as uuid[]), cast(:ids as uuid[])) as k(tenant_id, id)
                           on t.tenant_id = k.tenant_id and t.id = k.id
                        union all
                        select true, t.tenant_id, """ + prefixed() + """
                         from tasks t
                        join unnest(cast(:extTenants as uuid[]), cast(:extIds as text[])) as e(tenant_id, external_id)
                          on t.tenant_id = e.tenant_id and t.external_id = e.external_id""")
                .param("tenants", ids.stream().map(TaskKey::tenantId).toArray(UUID[]::new))
                .param("ids", ids.stream().map(TaskKey::taskId).toArray(UUID[]::new))
                .param("extTenants", externalIds.stream().map(ExternalId::tenantId).toArray(UUID[]::new))
                .param("extIds", externalIds.stream().map(ExternalId::externalId).toArray(String[]::new))
                .query((rs, n) -> {
                    UUID tenant = rs.getObject("tenant_id", UUID.class);
                    Task task = tasks.map(rs, n);
                    if (rs.getBoolean("by_external")) {
                        found.byExternalId().put(new ExternalId(tenant, task.externalId()), task.id());
                    } else {
                        found.byId().put(new TaskKey(tenant, task.id()), task);
                    }
                    return task;
                })
                .list();
        return found;
    }

    /** What {@link #find} found: tasks by (tenant, id), task ids by (tenant, external id). */
    public record Found(Map<TaskKey, Task> byId, Map<ExternalId, UUID> byExternalId) {
    }

    /**
     * Inserts the new tasks and settles the settled ones (from reserved) in one statement; answers
     * how many of each it wrote. A new task whose external id was taken meanwhile is not written.
     */
    public int[] write(List<Created> created, List<Settled> settled) {
        return jdbc.sql("""
                        with inserted as (
                            insert into tasks (tenant_id, id, account_id, external_id, status, credits_reserved, hold_id,
                                               created_by, created_at, expires_at, metadata, kind, quantity, unit)
                            select n.tenant_id, n.id, n.account_id, n.external_id, 'reserved', n.credits, n.hold_id,
                                   n.created_by, cast(n.created_at as timestamptz), cast(n.expires_at as timestamptz),
                                   cast(n.metadata as jsonb), n.kind, cast(n.quantity as numeric), n.unit
                            from unnest(cast(:tenants as uuid[]), cast(:ids as uuid[]), cast(:accounts as uuid[]),
                                        cast(:externalIds as text[]), cast(:credits as bigint[]), cast(:holds as uuid[]),
                                        cast(:createdBy as text[]), cast(:createdAt as text[]), cast(:expiresAt as text[]),
                                        cast(:metadata as text[]), cast(:kinds as text[]), cast(:quantities as text[]),
                                        cast(:units as text[]))
                                 as n(tenant_id, id, account_id, external_id, credits, hold_id, created_by, created_at,
                                      expires_at, metadata, kind, quantity, unit)
                            on conflict (tenant_id, external_id) do nothing
                            returning 1),
                        settled as (
                            update tasks t set status = s.status, credits_used = s.used,
                                   note = coalesce(s.note, t.note), settled_at = cast(s.at as timestamptz)
                            from unnest(cast(:sTenants as uuid[]), cast(:sAccounts as uuid[]), cast(:sIds as uuid[]),
                                        cast(:sStatuses as text[]), cast(:sUsed as bigint[]), cast(:sNotes as text[]),
                                        cast(:sAt as text[]))
                                 as s(tenant_id, account_id, id, status, used, note, at)
                            where t.tenant_id = s.tenant_id and t.account_id = s.account_id and t.id = s.id
                              and t.status = 'reserved'
                            returning 1)
                        select (select count(*) from inserted), (select count(*) from settled)""")
                .param("tenants", created.stream().map(Created::tenantId).toArray(UUID[]::new))
                .param("ids", created.stream().map(c -> c.task().id()).toArray(UUID[]::new))
                .param("accounts", created.stream().map(c -> c.task().accountId()).toArray(UUID[]::new))
                .param("externalIds", created.stream().map(c -> c.task().externalId()).toArray(String[]::new))
                .param("credits", created.stream().map(c -> c.task().creditsReserved()).toArray(Long[]::new))
                .param("holds", created.stream().map(c -> c.task().holdId()).toArray(UUID[]::new))
                .param("createdBy", created.stream().map(Created::createdBy).toArray(String[]::new))
                .param("createdAt", created.stream().map(c -> c.task().createdAt().toString()).toArray(String[]::new))
                .param("expiresAt", created.stream().map(c -> c.task().expiresAt().toString()).toArray(String[]::new))
                .param("metadata", created.stream().map(c -> Metadata.toJson(json, c.task().metadata()))
                        .toArray(String[]::new))
                .param("kinds", created.stream().map(c -> c.task().output().kind()).toArray(String[]::new))
                .param("quantities", created.stream().map(c -> c.task().output().quantity() == null ? null
                        : c.task().output().quantity().toPlainString()).toArray(String[]::new))
                .param("units", created.stream().map(c -> c.task().output().unit()).toArray(String[]::new))
                .param("sTenants", settled.stream().map(Settled::tenantId).toArray(UUID[]::new))
                .param("sAccounts", settled.stream().map(s -> s.task().accountId()).toArray(UUID[]::new))
                .param("sIds", settled.stream().map(s -> s.task().id()).toArray(UUID[]::new))
                .param("sStatuses", settled.stream().map(s -> s.task().status().wireName()).toArray(String[]::new))
                .param("sUsed", settled.stream().map(s -> s.task().creditsUsed()).toArray(Long[]::new))
                .param("sNotes", settled.stream().map(s -> s.task().note()).toArray(String[]::new))
                .param("sAt", settled.stream().map(s -> s.task().settledAt().toString()).toArray(String[]::new))
                .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
                .single();
    }

    private static String prefixed() {
        return Arrays.stream(TaskStore.COLUMNS.split(",\\s*")).map(column -> "t." + column)
                .collect(Collectors.joining(", "));
    }
}
