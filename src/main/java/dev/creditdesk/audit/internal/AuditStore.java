package dev.creditdesk.audit.internal;

import dev.creditdesk.audit.AuditEntry;
import dev.creditdesk.audit.AuditQuery;
import dev.creditdesk.shared.Deferred;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The audit_log table: insert and read, nothing else (the database refuses updates and deletes). */
@Repository
public class AuditStore {

    private static final TypeReference<Map<String, Object>> STATE = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Writes the entry only if the current transaction changed anything, and says whether it did:
     * PostgreSQL gives a transaction an id only at its first write (or row lock). A request that wrote
     * nothing — a confirmation page, a preview run and rolled back in a transaction of its own, a form
     * answered again as it was — is no change and gets no entry. One statement: the check is the
     * insert's condition, evaluated before its row is made (the row's own write then gives the id).
     */
    public boolean insertIfChanged(AuditEntry entry) {
        if (Deferred.put(AuditStore.class, entry, this::insertAll)) {
            // put off by a batch that writes its changes and then its entries, together
            return true;
        }
        return bind(jdbc.sql("""
                        insert into audit_log (id, tenant_id, at, actor, action, subject_type, subject_id, before, after,
                                               request_id, channel)
                        select cast(:id as uuid), cast(:tenant as uuid), cast(:at as timestamptz), cast(:actor as text),
                               cast(:action as text), cast(:subjectType as text), cast(:subjectId as text),
                               cast(:before as jsonb), cast(:after as jsonb), cast(:requestId as text),
                               cast(:channel as text)
                        where pg_current_xact_id_if_assigned() is not null"""), entry).update() == 1;
    }

    public void insert(AuditEntry entry) {
        bind(jdbc.sql("""
                        insert into audit_log (id, tenant_id, at, actor, action, subject_type, subject_id, before, after,
                                               request_id, channel)
                        values (:id, :tenant, :at, :actor, :action, :subjectType, :subjectId, cast(:before as jsonb),
                                cast(:after as jsonb), :requestId, :channel)"""), entry).update();
    }

    /** Writes {@code entries} in one statement, in the order given. */
    private void insertAll(List<AuditEntry> entries) {
        jdbc.sql("""
                        insert into audit_log (id, tenant_id, at, actor, action, subject_type, subject_id, before, after,
                                               request_id, channel)
                        select e.id, e.tenant_id, cast(e.at as timestamptz), e.actor, e.action, e.subject_type,
                               e.subject_id, cast(e.before as jsonb), cast(e.after as jsonb), e.request_id, e.channel
                        from unnest(cast(:ids as uuid[]), cast(:tenants as uuid[]), cast(:at as text[]),
                                    cast(:actors as text[]), cast(:actions as text[]), cast(:subjectTypes as text[]),
                                    cast(:subjectIds as text[]), cast(:befores as text[]), cast(:afters as text[]),
                                    cast(:requestIds as text[]), cast(:channels as text[]))
                             with ordinality as e(id, tenant_id, at, actor, action, subject_type, subject_id, before,
                                                  after, request_id, channel, n)
                        order by e.n""")
                .param("ids", entries.stream().map(AuditEntry::id).toArray(UUID[]::new))
                .param("tenants", entries.stream().map(AuditEntry::tenantId).toArray(UUID[]::new))
                .param("at", entries.stream().map(e -> e.at().toString()).toArray(String[]::new))
                .param("actors", entries.stream().map(AuditEntry::actor).toArray(String[]::new))
                .param("actions", entries.stream().map(AuditEntry::action).toArray(String[]::new))
                .param("subjectTypes", entries.stream().map(AuditEntry::subjectType).toArray(String[]::new))
                .param("subjectIds", entries.stream().map(AuditEntry::subjectId).toArray(String[]::new))
                .param("befores", entries.stream().map(e -> e.before() == null ? null : json.writeValueAsString(e.before()))
                        .toArray(String[]::new))
                .param("afters", entries.stream().map(e -> e.after() == null ? null : json.writeValueAsString(e.after()))
                        .toArray(String[]::new))
                .param("requestIds", entries.stream().map(AuditEntry::requestId).toArray(String[]::new))
                .param("channels", entries.stream().map(e -> e.channel().wireName()).toArray(String[]::new))
                .update();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, AuditEntry entry) {
        return statement.param("id", entry.id()).param("tenant", entry.tenantId()).param("at", Timestamp.from(entry.at()))
                .param("actor", entry.actor()).param("action", entry.action())
                .param("subjectType", entry.subjectType()).param("subjectId", entry.subjectId())
                .param("before", entry.before() == null ? null : json.writeValueAsString(entry.before()))
                .param("after", entry.after() == null ? null : json.writeValueAsString(entry.after()))
                .param("requestId", entry.requestId()).param("channel", entry.channel().wireName());
    }

    /** Newest first, {@code limit} rows after the entry {@code after} (exclusive), filtered. */
    public List<AuditEntry> page(UUID tenantId, AuditQuery query, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where tenant_id = :tenant");
        if (query.actor() != null) {
            sql.append(" and actor = :actor");
        }
        if (query.action() != null) {
            sql.append(" and action = :action");
        }
        if (query.subjectId() != null) {
            sql.append(" and subject_id = :subject");
        }
        if (query.from() != null) {
            sql.append(" and at >= :from");
        }
        if (query.to() != null) {
            sql.append(" and at < :to");
        }
        if (after != null) {
            sql.append( " and (at, seq) < (select at, seq from audit_log where tenant_id = :tenant and id = :after)");
        }
        sql.append(" order by at desc, seq desc limit :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("tenant", tenantId).param("limit", limit);
        if (query.actor() != null) {
            statement = statement.param("actor", query.actor());
        }
        if (query.action() != null) {
            statement = statement.param("action", query.action());
        }
        if (query.subjectId() != null) {
            statement = statement.param("subject", query.subjectId());
        }
        if (query.from() != null) {
            statement = statement.param("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            statement = statement.param("to", Timestamp.from(query.to()));
        }
        if (after != null) {
            statement = statement.param("after", after);
        }
        return statement.query(this::map).list();
    }

    public boolean exists(UUID tenantId, UUID id) {
        return jdbc.sql("select count(*) from audit_log where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(Long.class).single() > 0;
    }

    /** The actors and actions seen in the tenant's log, for the filters' choices (bounded). */
    public List<String> distinct(UUID tenantId, String column) {
        if (!column.equals("actor") && !column.equals("action")) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("select distinct " + column + " from audit_log where tenant_id = :tenant order by 1 limit 500")
                .param("tenant", tenantId).query(String.class).list();
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject_type"), rs.getString("subject_id"), state(rs.getString("before")),
                state(rs.getString("after")), rs.getString("request_id"),
                AuditEntry.Channel.fromWire(rs.getString("channel")));
    }

    private Map<String, Object> state(String text) {
        return text == null ? null : json.readValue(text, STATE);
    }
}
