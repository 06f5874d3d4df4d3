package dev.creditdesk.people.internal;

import dev.creditdesk.people.Person;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.shared.Role;
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

@Repository
public class PersonStore {

    private static final String COLUMNS = "id, tenant_id, email, name, role, status, totp_secret is not null as totp, created_at";

    private final JdbcClient jdbc;

    PersonStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Person person, String passwordHash, String invitedBy) {
        jdbc.sql("""
                        insert into people (id, tenant_id, email, name, role, status, password_hash, invited_by,
                                            created_at, updated_at)
                        values (:id, :tenant, :email, :name, :role, :status, :hash, :invitedBy, :created, :created)""")
                .param("id", person.id()).param("tenant", person.tenantId()).param("email", person.email())
                .param("name", person.name()).param("role", person.role().wireName())
                .param("status", person.status().wireName()).param("hash", passwordHash)
                .param("invitedBy", invitedBy).param("created", Timestamp.from(person.createdAt()))
                .update();
    }

    public Optional<Person> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from people where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(PersonStore::map).optional();
    }

    /** The person (not removed) with this email, in any tenant. */
    public Optional<Person> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from people where email = :email and status <> 'removed'")
                .param("email", email.toLowerCase(Locale.ROOT)).query(PersonStore::map).optional();
    }

    public List<Person> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from people where tenant_id = :tenant order by created_at, id")
                .param("tenant", tenantId).query(PersonStore::map).list();
    }

    public boolean active(UUID id) {
        return jdbc.sql("select count(*) from people where id = :id and status = 'active'")
                .param("id", id).query(Long.class).single() == 1;
    }

    /** An invited person becomes active (signed in by the tenant's identity provider). */
    public void activateInvited(UUID id, Instant now) {
        jdbc.sql("update people set status = 'active', updated_at = :now where id = :id and status = 'invited'")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    static Person map(ResultSet rs, int row) throws SQLException {
        return new Person(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("email"), rs.getString("name"),
                Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                PersonStatus.fromWire(rs.getString("status")), rs.getBoolean("totp"),
                rs.getTimestamp("created_at").toInstant());
    }
}
