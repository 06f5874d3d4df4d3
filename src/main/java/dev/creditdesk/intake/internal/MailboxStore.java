package dev.creditdesk.intake.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxSecurity;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mailboxes table: settings, the poller's position in each folder, and claims. */
@Repository
public class MailboxStore {

    /** A mailbox with what only the poller sees: its sealed password and its position in the folder. */
    public record Row(Mailbox mailbox, String sealedPassword, @Nullable Long uidValidity, long lastUid) {
        public UUID tenantId() {
            return mailbox.tenantId();
        }
    }

    private static final String COLUMNS = """
            tenant_id, host, port, security, username, password, folder, enabled, order_patterns,
            transaction_patterns, day_first, uid_validity, last_uid, last_polled_at, last_error, failures,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    MailboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> find(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from mailboxes where tenant_id = :t").param("t", tenantId)
                .query(MailboxStore::row).optional();
    }

    /** The row, locked until the transaction ends. */
    public Optional<Row> lock(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from mailboxes where tenant_id = :t for update").param("t", tenantId)
                .query(MailboxStore::row).optional();
    }

    /**
     * Saves the settings. {@code moved}: the mailbox is another one now (host, port, user or folder
     * changed), so the position starts over and whoever held the claim loses it.
     */
    public void save(Mailbox m, String sealedPassword, boolean created, boolean moved, Instant now) {
        if (created) {
            jdbc.sql("""
                            insert into mailboxes (tenant_id, host, port, security, username, password, folder, enabled,
                                                   order_patterns, transaction_patterns, day_first, next_poll_at,
                                                   created_at, updated_at)
                            values (:t, :host, :port, :security, :user, :password, :folder, :enabled, cast(:orders as text[]),
                                    cast(:transactions as text[]), :dayFirst, :now, :now, :now)""")
                    .params(settings(m, sealedPassword)).param("t", m.tenantId()).param("now", ts(now)).update();
            return;
        }
        jdbc.sql("""
                        update mailboxes set host = :host, port = :port, security = :security, username = :user,
                               password = :password, folder = :folder, enabled = :enabled, order_patterns = cast(:orders as text[]),
                               transaction_patterns = cast(:transactions as text[]), day_first = :dayFirst, updated_at = :now,
                               next_poll_at = :now, failures = 0, last_error = null,
                               uid_validity = case when :moved then null else uid_validity end,
                               last_uid = case when :moved then 0 else last_uid end,
                               claimed_by = case when :moved then null else claimed_by end,
                               claimed_until = case when :moved then null else claimed_until end
                        where tenant_id = :t""")
                .params(settings(m, sealedPassword)).param("t", m.tenantId()).param("now", ts(now))
                .param("moved", moved).update();
    }

    /** A PostgreSQL text[] literal: every element quoted, so commas, braces and backslashes in patterns survive. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            literal.append(i == 0 ? "\"" : ",\"")
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return literal.append('}').toString();
    }

    private static Map<String, Object> settings(Mailbox m, String sealedPassword) {
        return Map.of("host", m.host(), "port", m.port(), "security", m.security().wireName(),
                "user", m.username(), "password", sealedPassword, "folder", m.folder(), "enabled", m.enabled(),
                "orders", arrayLiteral(m.orderPatterns()),
                "transactions", arrayLiteral(m.transactionPatterns()), "dayFirst", m.dayFirst());
    }

    public boolean delete(UUID tenantId) {
        return jdbc.sql("delete from mailboxes where tenant_id = :t").param("t", tenantId).update() > 0;
    }

    /**
     * Claims up to {@code limit} enabled mailboxes that are due and not claimed by a node whose lease
     * still runs, for {@code node} until {@code until}. Rows another transaction is claiming are
     * skipped, so two nodes never get the same mailbox.
     */
    public List<Row> claimDue(String node, Instant now, Instant until, int limit) {
        return jdbc.sql("""
                        update mailboxes set claimed_by = :node, claimed_until = :until
                        where tenant_id in (select tenant_id from mailboxes
                                            where enabled and next_poll_at <= :now
                                              and (claimed_until is null or claimed_until < :now)
                                            order by next_poll_at limit :n
                                            for update skip locked)
                        returning\s""" + COLUMNS)
                .param("node", node).param("until", ts(until)).param("now", ts(now)).param("n", limit)
                .query(MailboxStore::row).list();
    }

    /** Extends {@code node}'s claim; false when it no longer holds it (settings changed, deleted, taken over). */
    public boolean renew(UUID tenantId, String node, Instant until) {
        return jdbc.sql("""
                        update mailboxes set claimed_until = :until
                        where tenant_id = :t and claimed_by = :node and enabled""")
                .param("t", tenantId).param("node", node).param("until", ts(until)).update() > 0;
    }

    /**
     * Records that every message up to {@code uid} under {@code uidValidity} is processed; false when
     * {@code node} no longer holds the claim (another node, or new settings, own the mailbox now).
     */
    public boolean markProcessed(UUID tenantId, String node, long uidValidity, long uid) {
        return jdbc.sql("""
                        update mailboxes
                        set uid_validity = :v,
                            last_uid = case when uid_validity is distinct from :v then :uid else greatest(last_uid, :uid) end
                        where tenant_id = :t and claimed_by = :node""")
                .param("t", tenantId).param("node", node).param("v", uidValidity).param("uid", uid).update() > 0;
    }

    /** A good poll: the error is cleared; the claim is kept until {@code claimedUntil}, or released when null. */
    public void succeeded(UUID tenantId, String node, Instant now, Instant nextPollAt, @Nullable Instant claimedUntil) {
        jdbc.sql("""
                        update mailboxes set last_polled_at = :now, last_error = null, failures = 0,
                               next_poll_at = :next, claimed_until = :until,
                               claimed_by = case when :keep then claimed_by else null end
                        where tenant_id = :t and claimed_by = :node""")
                .param("t", tenantId).param("node", node).param("now", ts(now)).param("next", ts(nextPollAt))
                .param("until", claimedUntil == null ? null : ts(claimedUntil)).param("keep", claimedUntil != null)
                .update();
    }

    /** A failed poll: the error in words, one more failure, the next try after {@code nextPollAt}; the claim is released. */
    public void failed(UUID tenantId, String node, Instant now, String error, Instant nextPollAt) {
        jdbc.sql("""
                        update mailboxes set last_polled_at = :now, last_error = :error, failures = failures + 1,
                               next_poll_at = :next, claimed_by = null, claimed_until = null
                        where tenant_id = :t and claimed_by = :node""")
                .param("t", tenantId).param("node", node).param("now", ts(now)).param("error", error)
                .param("next", ts(nextPollAt)).update();
    }

    /** Gives the claim up (the mailbox is due at {@code nextPollAt}). */
    public void release(UUID tenantId, String node, Instant nextPollAt) {
        jdbc.sql("""
                        update mailboxes set claimed_by = null, claimed_until = null, next_poll_at = :next
                        where tenant_id = :t and claimed_by = :node""")
                .param("t", tenantId).param("node", node).param("next", ts(nextPollAt)).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        long validity = rs.getLong("uid_validity");
        Long uidValidity = rs.wasNull() ? null : validity;
        Mailbox mailbox = new Mailbox(rs.getObject("tenant_id", UUID.class), rs.getString("host"), rs.getInt("port"),
                MailboxSecurity.fromWireName(rs.getString("security")).orElseThrow(), rs.getString("username"),
                rs.getString("folder"), rs.getBoolean("enabled"), strings(rs.getArray("order_patterns")),
                strings(rs.getArray("transaction_patterns")), rs.getBoolean("day_first"),
                instant(rs, "last_polled_at"), rs.getString("last_error"), rs.getInt("failures"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
        return new Row(mailbox, rs.getString("password"), uidValidity, rs.getLong("last_uid"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
