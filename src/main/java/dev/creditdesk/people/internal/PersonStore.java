package dev.creditdesk.people.internal;

import dev.creditdesk.people.Member;
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

    /** What proves who a person is, read for a sign-in step; never leaves the module. */
    public record Credentials(Person person, String passwordHash, String totpSecret, String totpPendingSecret,
            Long totpLastStep, Instant lockedUntil, int sessionGeneration) {
    }

    public Optional<Credentials> credentials(UUID id) {
        return jdbc.sql("select " + COLUMNS + ", password_hash, totp_secret, totp_pending_secret, totp_last_step, "
                        + "locked_until, session_generation from people where id = :id")
                .param("id", id)
                .query((rs, n) -> new Credentials(map(rs, n), rs.getString("password_hash"),
                        rs.getString("totp_secret"), rs.getString("totp_pending_secret"),
                        (Long) rs.getObject("totp_last_step"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant(),
                        rs.getInt("session_generation")))
                .optional();
    }

    public List<Member> members(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + ", invited_by, locked_until from people where tenant_id = :tenant "
                        + "order by status = 'removed', name, id")
                .param("tenant", tenantId)
                .query((rs, n) -> new Member(map(rs, n), rs.getString("invited_by"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .list();
    }

    /** Whether the person is active and the session's generation is still theirs. */
    public boolean active(UUID id, int sessionGeneration) {
        return jdbc.sql("select count(*) from people where id = :id and status = 'active' and session_generation = :g")
                .param("id", id).param("g", sessionGeneration).query(Long.class).single() == 1;
    }

    /** Counts a failed sign-in step; the {@code limit}-th in a row locks the person until {@code until}. */
    public void failed(UUID id, int limit, Instant now, Instant until) {
        jdbc.sql("""
                        update people
                        set failed_sign_ins = case when failed_sign_ins + 1 >= :limit then 0 else failed_sign_ins + 1 end,
                            locked_until = case when failed_sign_ins + 1 >= :limit then :until else locked_until end,
                            updated_at = :now
                        where id = :id""")
                .param("limit", limit).param("until", Timestamp.from(until)).param("now", Timestamp.from(now))
                .param("id", id).update();
    }

    public void succeeded(UUID id, Instant now) {
        jdbc.sql("update people set failed_sign_ins = 0, locked_until = null, updated_at = :now where id = :id")
                .param("now", Timestamp.from(now)).param("id", id).update();
    }

    /** A new password: every session begun before it ends (the generation grows). Answers the new generation. */
    public int setPassword(UUID id, String hash, boolean activate, Instant now) {
        return jdbc.sql("""
                        update people
                        set password_hash = :hash, session_generation = session_generation + 1,
                            status = case when :activate then 'active' else status end,
                            failed_sign_ins = 0, locked_until = null, updated_at = :now
                        where id = :id returning session_generation""")
                .param("hash", hash).param("activate", activate).param("now", Timestamp.from(now)).param("id", id)
                .query(Integer.class).single();
    }

    /** The same password in a newer encoding (the encoder's upgradeEncoding); sessions stay. */
    public void rehash(UUID id, String hash) {
        jdbc.sql("update people set password_hash = :hash where id = :id").param("hash", hash).param("id", id).update();
    }

    public void setRole(UUID id, Role role, Instant now) {
        jdbc.sql("update people set role = :role, session_generation = session_generation + 1, updated_at = :now where id = :id")
                .param("role", role.wireName()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    public void remove(UUID id, Instant now) {
        jdbc.sql("update people set status = 'removed', removed_at = :now, updated_at = :now where id = :id")
                .param("now", Timestamp.from(now)).param("id", id).update();
    }

    public void setPendingSecondFactor(UUID id, String sealedSecret, Instant now) {
        jdbc.sql("update people set totp_pending_secret = :s, updated_at = :now where id = :id")
                .param("s", sealedSecret).param("now", Timestamp.from(now)).param("id", id).update();
    }

    /** The pending secret becomes the second factor; {@code step} is the step of the code that confirmed it. */
    public void confirmSecondFactor(UUID id, long step, Instant now) {
        jdbc.sql("""
                        update people set totp_secret = totp_pending_secret, totp_pending_secret = null,
                                          totp_last_step = :step, updated_at = :now
                        where id = :id and totp_pending_secret is not null""")
                .param("step", step).param("now", Timestamp.from(now)).param("id", id).update();
    }

    public void clearSecondFactor(UUID id, Instant now) {
        jdbc.sql("""
                        update people set totp_secret = null, totp_pending_secret = null, totp_last_step = null,
                                          updated_at = :now where id = :id""")
                .param("now", Timestamp.from(now)).param("id", id).update();
        jdbc.sql("delete from person_recovery_codes where person_id = :id").param("id", id).update();
    }

    /** Records the step of an accepted code, only if it is later than the last: false if another request took it. */
    public boolean acceptStep(UUID id, long step) {
        return jdbc.sql("""
                        update people set totp_last_step = :step
                        where id = :id and (totp_last_step is null or totp_last_step < :step)""")
                .param("step", step).param("id", id).update() == 1;
    }

    public void replaceRecoveryCodes(UUID id, List<String> hashes) {
        jdbc.sql("delete from person_recovery_codes where person_id = :id").param("id", id).update();
        for (String hash : hashes) {
            jdbc.sql("insert into person_recovery_codes (person_id, code_hash) values (:id, :hash)")
                    .param("id", id).param("hash", hash).update();
        }
    }

    /** Uses a recovery code once: false when it is not one of the person's, or was used. */
    public boolean useRecoveryCode(UUID id, String hash, Instant now) {
        return jdbc.sql("""
                        update person_recovery_codes set used_at = :now
                        where person_id = :id and code_hash = :hash and used_at is null""")
                .param("now", Timestamp.from(now)).param("id", id).param("hash", hash).update() == 1;
    }

    public int recoveryCodesLeft(UUID id) {
        return jdbc.sql("select count(*) from person_recovery_codes where person_id = :id and used_at is null")
                .param("id", id).query(Integer.class).single();
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
