package dev.creditdesk.tasks.internal;

import dev.creditdesk.shared.Metadata;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import dev.creditdesk.tasks.TaskStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class TaskStore {

    static final String COLUMNS = "id, account_id, external_id, status, credits_reserved, credits_used, "
            + "credits_restored, hold_id, note, created_at, expires_at, settled_at, restored_at, metadata, kind, quantity, unit";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TaskStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts the task unless its external id is taken in the tenant; true when inserted. */
    public boolean insert(UUID tenantId, Task t, String createdBy) {
        return jdbc.sql("""
                        insert into tasks (tenant_id, id, account_id, external_id, status, credits_reserved, hold_id,
                                           created_by, created_at, expires_at, metadata, kind, quantity, unit)
                        values (:tenant, :id, :account, :external, 'reserved', :credits, :hold, :by, :created, :expires,
                                cast(:metadata as jsonb), :kind, :quantity, :unit)
                        on conflict (tenant_id, external_id) do nothing""")
                .param("kind", t.output().kind()).param("quantity", t.output().quantity())
                .param("unit", t.output().unit())
                .param("metadata", Metadata.toJson(json, t.metadata()))
                .param("tenant", tenantId).param("id", t.id()).param("account", t.accountId())
                .param("external", t.externalId()).param("credits", t.creditsReserved()).param("hold", t.holdId())
                .param("by", createdBy).param("created", Timestamp.from(t.createdAt()))
                .param("expires", Timestamp.from(t.expiresAt()))
                .update() == 1;
    }

    public Optional<Task> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from tasks where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    /** The account's tasks, newest first, at most {@code limit}. */
    public List<Task> forAccount(UUID tenantId, UUID accountId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from tasks where tenant_id = :tenant and account_id = :account "
                        + "order by created_at desc, id desc limit :limit")
                .param("tenant", tenantId).param("account", accountId).param("limit", limit)
                .query(this::map).list();
    }

    /** Newest first by id, after {@code afterId} when given; filters null for any. */
    public List<Task> page(UUID tenantId, UUID accountId, TaskStatus status, UUID afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from tasks where tenant_id = :tenant
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("tenant", tenantId).param("account", accountId)
                .param("status", status == null ? null : status.wireName()).param("after", afterId)
                .param("limit", limit).query(this::map).list();
    }

    public Optional<Task> findByExternalId(UUID tenantId, String externalId) {
        return jdbc.sql("select " + COLUMNS + " from tasks where tenant_id = :tenant and external_id = :external")
                .param("tenant", tenantId).param("external", externalId).query(this::map).optional();
    }

    /** Moves a task from {@code from} to {@code to}; answers it as it now stands, empty when it was no longer in {@code from}. */
    public Optional<Task> transition(UUID tenantId, UUID accountId, UUID id, TaskStatus from, TaskStatus to,
            long creditsUsed, String note, Instant at) {
        return jdbc.sql("""
                        update tasks set status = :to, credits_used = :used, note = coalesce(:note, note),
                               settled_at = :at
                        where tenant_id = :tenant and account_id = :account and id = :id and status = :from
                        returning
                        """ + COLUMNS)
                .param("to", to.wireName()).param("used", creditsUsed).param("note", note)
                .param("at", Timestamp.from(at)).param("tenant", tenantId).param("account", accountId).param("id", id)
                .param("from", from.wireName())
                .query(this::map).optional();
    }

    public boolean markRestored(UUID tenantId, UUID accountId, UUID id, long restored, String note, Instant at) {
        return jdbc.sql("""
                        update tasks set status = 'restored', credits_restored = :restored,
                               note = coalesce(:note, note), restored_at = :at
                        where tenant_id = :tenant and account_id = :account and id = :id and status = 'completed'""")
                .param("restored", restored).param("note", note).param("at", Timestamp.from(at))
                .param("tenant", tenantId).param("account", accountId).param("id", id)
                .update() == 1;
    }

    /** Marks the reserved task of the hold expired; answers its id, or empty when no reserved task had it. */
    public Optional<UUID> markExpiredByHold(UUID tenantId, UUID holdId, Instant at) {
        return jdbc.sql("""
                        update tasks set status = 'expired', settled_at = :at
                        where tenant_id = :tenant and hold_id = :hold and status = 'reserved'
                        returning id""")
                .param("at", Timestamp.from(at)).param("tenant", tenantId).param("hold", holdId)
                .query(UUID.class).optional();
    }

    Task map(ResultSet rs, int row) throws SQLException {
        Timestamp settled = rs.getTimestamp("settled_at");
        Timestamp restored = rs.getTimestamp("restored_at");
        BigDecimal quantity = rs.getBigDecimal("quantity");
        return new Task(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("external_id"), TaskStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getLong("credits_reserved"), rs.getLong("credits_used"), rs.getLong("credits_restored"),
                rs.getObject("hold_id", UUID.class), rs.getString("note"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), settled == null ? null : settled.toInstant(),
                restored == null ? null : restored.toInstant(), Metadata.fromJson(json, rs.getString("metadata")),
                new TaskOutput(rs.getString("kind"), quantity == null ? null : quantity.stripTrailingZeros(),
                        rs.getString("unit")));
    }
}
