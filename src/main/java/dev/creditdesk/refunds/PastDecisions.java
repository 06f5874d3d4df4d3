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
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The refund requests a policy decided, for a replay: each request received in a period whose
 * latest evaluation with facts was made by the policy, with what that evaluation proposed and the
 * facts it read. Read on a connection the caller gives (the server's, or the CLI's against a
 * database URL), a page of requests at a time, oldest first: a million cases never sit in memory
 * at once. It writes nothing.
 *
 * <p>Each page is read in a short read-only transaction of its own, committed before the cases are
 * replayed, so no snapshot is held while a replay runs (paced, a year of requests takes minutes). A
 * snapshot held that long keeps PostgreSQL from pruning the row versions the service leaves behind
 * (every reservation updates its blocks' counters): the ledger's lookups walked ever longer chains
 * of dead versions, and reservation p99 beside a paced replay went from 20 ms to 333 ms
 * (docs/benchmarks.md). Pages follow the requests' order (received, id), so every request is
 * visited once; a case evaluated again while the replay runs is read with the evaluation that is
 * latest when its page is read.
 */
public final class PastDecisions implements Iterator<PolicyReplay.PastCase> {

    /** Requests read at a time. */
    static final int PAGE = 2_000;

    /*
     * The requests are ordered and cut to a page in a subquery, before the lateral join (on the
     * index refund_requests_received): the join then reads the latest proposal of each request of
     * the page only. The proposal (compressed in its row) is read into its fields once
     * (jsonb_to_record), not decompressed for each ->>. Requests whose latest evaluation with facts
     * another policy made come back too, with their policy, so that a page of them still moves the
     * cursor on; they are skipped here.
     */
    private static final String CASES = """
            select r.id, r.received_at, p.policy_id, d.outcome, d.rule, d.amount, coalesce(d.credits_to_remove, 0),
                   d.automatic, p.facts::text, d.money ->> 'left', d.money ->> 'duplicates_left',
                   (d.money ->> 'dispute_open')::boolean
            from (select r.tenant_id, r.id, r.received_at from refund_requests r
                  where r.tenant_id = ? and r.received_at >= ? and r.received_at < ? %s
                  order by r.received_at, r.id
                  limit ?) r
            left join lateral (
                select q.policy_id, q.proposal, q.facts from refund_request_proposals q
                where q.tenant_id = r.tenant_id and q.refund_request_id = r.id and q.facts is not null
                order by q.seq desc limit 1) p on true
            left join lateral jsonb_to_record(p.proposal) as d(outcome text, rule text, amount text,
                credits_to_remove bigint, automatic boolean, money jsonb) on true
            order by r.received_at, r.id""";

    /** The first page's query, public for the replay benchmark's EXPLAIN (bench/policy-replay.sh explain). */
    public static final String FIRST_PAGE = CASES.formatted("");

    /** The query of every later page: the requests after the last one of the page before. */
    public static final String NEXT_PAGE = CASES.formatted("and (r.received_at, r.id) > (?, ?)");

    private static final String COUNT = """
            select count(*) from refund_requests r
            where r.tenant_id = ? and r.received_at >= ? and r.received_at < ?""";

    private final Connection connection;
    private final UUID tenantId;
    private final String policyId;
    private final Timestamp from;
    private final Timestamp to;
    private final int pageSize;
    private final ArrayDeque<PolicyReplay.PastCase> page = new ArrayDeque<>();
    private Timestamp lastReceived;
    private UUID lastId;
    private boolean lastPage;

    private PastDecisions(Connection connection, UUID tenantId, String policyId, Instant from, Instant to,
            int pageSize) {
        this.connection = connection;
        this.tenantId = tenantId;
        this.policyId = policyId;
        this.from = Timestamp.from(from);
        this.to = Timestamp.from(to);
        this.pageSize = pageSize;
    }

    /**
     * The cases of {@code policyId} for {@code tenantId} received in [{@code from}, {@code to}) on
     * {@code connection}, oldest first, read as they are asked for. The connection is left out of
     * auto-commit; each page's read-only transaction is committed, so a transaction the caller had
     * open on it ends with the first page.
     */
    public static PastDecisions open(Connection connection, UUID tenantId, String policyId, Instant from, Instant to)
            throws SQLException {
        return open(connection, tenantId, policyId, from, to, PAGE);
    }

    static PastDecisions open(Connection connection, UUID tenantId, String policyId, Instant from, Instant to,
            int pageSize) throws SQLException {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize: at least 1, not " + pageSize);
        }
        connection.setAutoCommit(false);
        return new PastDecisions(connection, tenantId, policyId, from, to, pageSize);
    }

    /**
     * An upper bound of the cases {@link #open} yields, for progress: the requests received in the
     * period, whichever policy decided them. Read in a short read-only transaction of its own.
     */
    public static long requestsIn(Connection connection, UUID tenantId, Instant from, Instant to) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            readOnly(connection);
            count.setObject(1, tenantId);
            count.setTimestamp(2, Timestamp.from(from));
            count.setTimestamp(3, Timestamp.from(to));
            long requests;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                requests = rs.getLong(1);
            }
            connection.commit();
            return requests;
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
    }

    /** Ends a page's transaction that failed; the error that came first is the one worth telling. */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void readOnly(Connection connection) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("set transaction read only");
        }
    }

    /** Reads the next page of requests and keeps its cases; false when none was left. */
    private boolean readPage() throws SQLException {
        if (lastPage) {
            return false;
        }
        int requests = 0;
        try (PreparedStatement select = connection.prepareStatement(lastId == null ? FIRST_PAGE : NEXT_PAGE)) {
            readOnly(connection);
            int i = 1;
            select.setObject(i++, tenantId);
            select.setTimestamp(i++, from);
            select.setTimestamp(i++, to);
            if (lastId != null) {
                select.setTimestamp(i++, lastReceived);
                select.setObject(i++, lastId);
            }
            select.setInt(i++, pageSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    requests++;
                    lastId = rows.getObject(1, UUID.class);
                    lastReceived = rows.getTimestamp(2);
                    if (policyId.equals(rows.getString(3))) {
                        page.add(pastCase(rows));
                    }
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
        lastPage = requests < pageSize;
        return requests > 0;
    }

    @Override
    public boolean hasNext() {
        try {
            while (page.isEmpty()) {
                if (!readPage()) {
                    return false;
                }
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the past refund requests: " + e.getMessage(), e);
        }
    }

    @Override
    public PolicyReplay.PastCase next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }

    private static PolicyReplay.PastCase pastCase(ResultSet rows) throws SQLException {
        Outcome kept = Outcome.fromWire(rows.getString(4));
        Outcome outcome = kept == null ? Outcome.NEEDS_REVIEW : kept;
        String amount = rows.getString(6);
        boolean automatic = Boolean.TRUE.equals(rows.getObject(8));
        PolicyReplay.Verdict before = new PolicyReplay.Verdict(outcome,
                rows.getString(5), amount == null ? null : new BigDecimal(amount), rows.getLong(7),
                !automatic || outcome == Outcome.NEEDS_REVIEW);
        return new PolicyReplay.PastCase(rows.getObject(1, UUID.class).toString(),
                rows.getTimestamp(2).toInstant(), before, rows.getString(9), money(rows));
    }

    /** The money the case's decision met, when its proposal kept it (proposals since issue 18 do). */
    private static PolicyReplay.MoneyThen money(ResultSet rows) throws SQLException {
        String left = rows.getString(10);
        String duplicatesLeft = rows.getString(11);
        if (left == null || duplicatesLeft == null) {
            return null;
        }
        return new PolicyReplay.MoneyThen(new BigDecimal(left), new BigDecimal(duplicatesLeft),
                Boolean.TRUE.equals(rows.getObject(12)));
    }
}
