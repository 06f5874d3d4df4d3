package dev.creditdesk.refunds;

import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.PolicyReplay;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The refund requests a policy decided, for a replay: each request received in a period whose
 * latest evaluation with facts was made by the policy, with what that evaluation proposed and the
 * facts it read. Read on a connection the caller gives (the server's, or the CLI's against a
 * database URL), in one read-only snapshot, streamed: a million cases never sit in memory at once.
 * It writes nothing.
 */
public final class PastDecisions implements Iterator<PolicyReplay.PastCase>, AutoCloseable {

    /** Rows fetched at a time from the server. */
    static final int FETCH = 2_000;

    /*
     * The requests are ordered in a subquery, before the lateral join: ordered after it, PostgreSQL
     * sorted the joined rows, facts and proposals included (about 1.2 GB for a million cases, on
     * disk), and sent the first row only once every row was read and sorted, so the replay could not
     * start before the database had finished. Ordered first, it sorts the narrow request rows (or
     * reads them in order) and streams each case as the join finds it. The proposal (compressed in
     * its row) is read into its fields once (jsonb_to_record), not decompressed for each ->>.
     */
    /** The query, public for the replay benchmark's EXPLAIN (bench/policy-replay.sh explain). */
    public static final String CASES = """
            select r.id, r.received_at, d.outcome, d.rule, d.amount, coalesce(d.credits_to_remove, 0), d.automatic,
                   p.facts::text, d.money ->> 'left', d.money ->> 'duplicates_left', (d.money ->> 'dispute_open')::boolean
            from (select r.tenant_id, r.id, r.received_at from refund_requests r
                  where r.tenant_id = ? and r.received_at >= ? and r.received_at < ?
                  order by r.received_at, r.id) r
            cross join lateral (
                select q.policy_id, q.proposal, q.facts from refund_request_proposals q
                where q.tenant_id = r.tenant_id and q.refund_request_id = r.id and q.facts is not null
                order by q.seq desc limit 1) p
            left join lateral jsonb_to_record(p.proposal) as d(outcome text, rule text, amount text,
                credits_to_remove bigint, automatic boolean, money jsonb) on true
            where p.policy_id = ?
            order by r.received_at, r.id""";

    private static final String COUNT = """
            select count(*) from refund_requests r
            where r.tenant_id = ? and r.received_at >= ? and r.received_at < ?""";

    private final PreparedStatement statement;
    private final ResultSet rows;
    private Boolean ahead;

    private PastDecisions(PreparedStatement statement, ResultSet rows) {
        this.statement = statement;
        this.rows = rows;
    }

    /**
     * Opens the cases of {@code policyId} for {@code tenantId} received in [{@code from}, {@code to})
     * on {@code connection}, oldest first; the connection's transaction is made read-only and
     * repeatable-read (one snapshot) here, and the caller ends it.
     */
    public static PastDecisions open(Connection connection, UUID tenantId, String policyId, Instant from, Instant to)
            throws SQLException {
        prepare(connection);
        PreparedStatement statement = connection.prepareStatement(CASES, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        try {
            statement.setFetchSize(FETCH);
            statement.setObject(1, tenantId);
            statement.setTimestamp(2, Timestamp.from(from));
            statement.setTimestamp(3, Timestamp.from(to));
            statement.setString(4, policyId);
            return new PastDecisions(statement, statement.executeQuery());
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * An upper bound of the cases {@link #open} yields, for progress: the requests received in the
     * period, whichever policy decided them. Read in the same snapshot when called first.
     */
    public static long requestsIn(Connection connection, UUID tenantId, Instant from, Instant to) throws SQLException {
        prepare(connection);
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setObject(1, tenantId);
            count.setTimestamp(2, Timestamp.from(from));
            count.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void prepare(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            try (var s = connection.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) {
            try {
                ahead = rows.next();
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the past refund requests: " + e.getMessage(), e);
            }
        }
        return ahead;
    }

    @Override
    public PolicyReplay.PastCase next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ahead = null;
        try {
            Outcome kept = Outcome.fromWire(rows.getString(3));
            Outcome outcome = kept == null ? Outcome.NEEDS_REVIEW : kept;
            String amount = rows.getString(5);
            boolean automatic = Boolean.TRUE.equals(rows.getObject(7));
            PolicyReplay.Verdict before = new PolicyReplay.Verdict(outcome,
                    rows.getString(4), amount == null ? null : new BigDecimal(amount), rows.getLong(6),
                    !automatic || outcome == Outcome.NEEDS_REVIEW);
            return new PolicyReplay.PastCase(rows.getObject(1, UUID.class).toString(),
                    rows.getTimestamp(2).toInstant(), before, rows.getString(8), money(rows));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the past refund requests: " + e.getMessage(), e);
        }
    }

    /** The money the case's decision met, when its proposal kept it (proposals since issue 18 do). */
    private static PolicyReplay.MoneyThen money(ResultSet rows) throws SQLException {
        String left = rows.getString(9);
        String duplicatesLeft = rows.getString(10);
        if (left == null || duplicatesLeft == null) {
            return null;
        }
        return new PolicyReplay.MoneyThen(new BigDecimal(left), new BigDecimal(duplicatesLeft),
                Boolean.TRUE.equals(rows.getObject(11)));
    }

    @Override
    public void close() throws SQLException {
        try {
            rows.close();
        } finally {
            statement.close();
        }
    }
}
