package dev.creditdesk.console.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The review queue's saved filters (table {@code console_saved_filters}): a name and the queue's
 * query string, kept for one owner, the actor string of the person or key that saved it. Every read
 * and delete is by tenant and owner, so nobody sees or removes another's filter. The query string
 * is built by the queue from its validated parameters; this class checks only the name.
 */
@Component
public class SavedFilters {

    public static final int MAX_NAME = 60;
    /** A limit on what one person keeps; the list shows above the queue. */
    public static final int MAX_PER_OWNER = 50;

    public record SavedFilter(UUID id, String name, String query, Instant createdAt) {
    }

    /** What saving came to: saved, or refused with the mistake in words (nothing saved). */
    public sealed interface Outcome {
        record Saved(SavedFilter filter) implements Outcome {
        }

        record Refused(String mistake) implements Outcome {
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SavedFilters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<SavedFilter> list(UUID tenantId, String owner) {
        return jdbc.sql("""
                        select id, name, query, created_at from console_saved_filters
                        where tenant_id = :tenant and owner = :owner order by name, created_at limit :limit""")
                .param("tenant", tenantId).param("owner", owner).param("limit", MAX_PER_OWNER)
                .query((rs, n) -> new SavedFilter(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("query"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    public Outcome save(UUID tenantId, String owner, String rawName, String query) {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty()) {
            return new Outcome.Refused("Give the filter a name.");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return new Outcome.Refused("The name is too long: at most " + MAX_NAME + " characters.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return new Outcome.Refused("The name cannot hold control characters.");
        }
        int kept = jdbc.sql("select count(*) from console_saved_filters where tenant_id = :tenant and owner = :owner")
                .param("tenant", tenantId).param("owner", owner).query(Integer.class).single();
        if (kept >= MAX_PER_OWNER) {
            return new Outcome.Refused("You have " + MAX_PER_OWNER + " saved filters already; delete one first.");
        }
        SavedFilter filter = new SavedFilter(UUID.randomUUID(), name, query, clock.instant());
        int inserted = jdbc.sql("""
                        insert into console_saved_filters (id, tenant_id, owner, name, query, created_at)
                        values (:id, :tenant, :owner, :name, :query, :at)
                        on conflict (tenant_id, owner, name) do nothing""")
                .param("id", filter.id()).param("tenant", tenantId).param("owner", owner).param("name", name)
                .param("query", query).param("at", Timestamp.from(filter.createdAt())).update();
        return inserted == 1 ? new Outcome.Saved(filter)
                : new Outcome.Refused("You already have a filter named \u201c" + name + "\u201d.");
    }

    /** Deletes the owner's filter; false when the owner has no filter with this id (another's, or none). */
    public boolean delete(UUID tenantId, String owner, UUID id) {
        return jdbc.sql("delete from console_saved_filters where tenant_id = :tenant and owner = :owner and id = :id")
                .param("tenant", tenantId).param("owner", owner).param("id", id).update() == 1;
    }
}
