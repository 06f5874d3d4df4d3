package dev.creditdesk.incidents.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.incidents.Incident;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class IncidentStore {

    private final JdbcClient jdbc;

    IncidentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID tenantId, Incident i) {
        jdbc.sql("""
                        insert into incidents (tenant_id, id, title, description, scope, features, started_at, ended_at,
                                               status, created_by, created_at, updated_at)
                        values (:t, :id, :title, :description, :scope, cast(:features as text[]), :started, :ended,
                                :status, :by, :created, :updated)""")
                .param("t", tenantId).param("id", i.id()).param("title", i.title())
                .param("description", i.description()).param("scope", i.scope())
                .param("features", array(i.features())).param("started", ts(i.startedAt()))
                .param("ended", ts(i.endedAt())).param("status", i.status()).param("by", i.createdBy())
                .param("created", ts(i.createdAt())).param("updated", ts(i.updatedAt()))
                .update();
    }

    /** Writes every field of the incident as given; status follows ended_at. */
    public void update(UUID tenantId, Incident i) {
        jdbc.sql("""
                        update incidents set title = :title, description = :description, scope = :scope,
                               features = cast(:features as text[]), started_at = :started, ended_at = :ended,
                               status = :status, updated_at = :updated
                        where tenant_id = :t and id = :id""")
                .param("title", i.title()).param("description", i.description()).param("scope", i.scope())
                .param("features", array(i.features())).param("started", ts(i.startedAt()))
                .param("ended", ts(i.endedAt())).param("status", i.status()).param("updated", ts(i.updatedAt()))
                .param("t", tenantId).param("id", i.id())
                .update();
    }

    public Optional<Incident> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from incidents where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(IncidentStore::map).optional();
    }

    public Optional<Incident> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from incidents where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(IncidentStore::map).optional();
    }

    /** Newest first (ids are time-ordered); {@code before} is the last id of the previous page. */
    public List<Incident> list(UUID tenantId, UUID before, int limit) {
        return jdbc.sql("""
                        select * from incidents where tenant_id = :t and (cast(:before as uuid) is null or id < :before)
                        order by id desc limit :limit""")
                .param("t", tenantId).param("before", before).param("limit", limit)
                .query(IncidentStore::map).list();
    }

    /**
     * Newest first after {@code after}, or oldest first past {@code before}; {@code status}
     * (ongoing, closed) and {@code scope} (full, partial) null for any.
     */
    public List<Incident> window(UUID tenantId, String status, String scope, UUID after, UUID before, int limit) {
        return jdbc.sql("""
                        select * from incidents where tenant_id = :t
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:scope as text) is null or scope = :scope)
                          and (cast(:after as uuid) is null or id < :after)
                          and (cast(:before as uuid) is null or id > :before)
                        order by case when cast(:before as uuid) is null then id end desc, id limit :limit""")
                .param("t", tenantId).param("status", status).param("scope", scope).param("after", after)
                .param("before", before).param("limit", limit)
                .query(IncidentStore::map).list();
    }

    /** Full incidents that may overlap or touch {@code [from, to]}: started by its end, not ended before its start. */
    public List<Incident> fullBetween(UUID tenantId, Instant from, Instant to) {
        return jdbc.sql("""
                        select * from incidents where tenant_id = :t and scope = 'full' and started_at <= :to
                          and (ended_at is null or ended_at >= :from)
                        order by started_at, id""")
                .param("t", tenantId).param("from", ts(from)).param("to", ts(to))
                .query(IncidentStore::map).list();
    }

    /** Feature names are checked to be slugs, so the array literal needs no quoting. */
    private static String array(List<String> values) {
        return "{" + String.join(",", values) + "}";
    }

    private static Incident map(ResultSet rs, int row) throws SQLException {
        return new Incident(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"),
                rs.getString("scope"), List.of((String[]) rs.getArray("features").getArray()),
                instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("status"),
                rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
