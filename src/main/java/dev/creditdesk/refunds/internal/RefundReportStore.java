package dev.creditdesk.refunds.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The figures of the dashboard, read from the refund requests in a few grouped queries. */
@Repository
public class RefundReportStore {

    /** Decided cases read for one report at most: the dashboard covers weeks, not years. */
    public static final int MAX_DECIDED = 50_000;

    private final JdbcClient jdbc;

    RefundReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Long> countByStatus(UUID tenantId) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.sql("select status, count(*) as n from refund_requests where tenant_id = :t group by status")
                .param("t", tenantId).query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    public long overdue(UUID tenantId, Instant now) {
        return jdbc.sql("""
                        select count(*) from refund_requests
                        where tenant_id = :t and status = 'in_review' and due_at < :now""")
                .param("t", tenantId).param("now", Timestamp.from(now)).query(Long.class).single();
    }

    /** A case decided since then: when, by whom, its due date, the policy's outcome and rule, the money refunded. */
    public record Decided(Instant decidedAt, String decidedBy, Instant dueAt, String status, String outcome, String rule,
            UUID orderId, BigDecimal refunded) {
    }

    public List<Decided> decidedSince(UUID tenantId, Instant since) {
        return jdbc.sql("""
                        select decided_at, decided_by, due_at, status, outcome, proposal ->> 'rule' as rule, order_id,
                               (select coalesce(sum((r ->> 'amount')::numeric), 0)
                                from jsonb_array_elements(coalesce(decision -> 'remedies', '[]'::jsonb)) r
                                where r ->> 'type' like 'refund%' and r ->> 'amount' is not null) as refunded
                        from refund_requests
                        where tenant_id = :t and decided_at >= :since and status in ('approved', 'rejected')
                        order by decided_at
                        limit :limit""")
                .param("t", tenantId).param("since", Timestamp.from(since)).param("limit", MAX_DECIDED)
                .query((rs, row) -> new Decided(rs.getTimestamp("decided_at").toInstant(), rs.getString("decided_by"),
                        rs.getTimestamp("due_at") == null ? null : rs.getTimestamp("due_at").toInstant(),
                        rs.getString("status"), rs.getString("outcome"), rs.getString("rule"),
                        rs.getObject("order_id", UUID.class), rs.getBigDecimal("refunded")))
                .list();
    }
}
