package dev.creditdesk.disputes.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The open disputes, grouped by currency, for the dashboard. */
@Repository
public class DisputeReportStore {

    private final JdbcClient jdbc;

    DisputeReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record OpenByCurrency(String currency, long count, BigDecimal amount, long dueSoon) {
    }

    public List<OpenByCurrency> open(UUID tenantId, Instant dueBefore) {
        return jdbc.sql("""
                        select currency, count(*) as n, sum(amount) as amount,
                               count(*) filter (where evidence_due_by < :due) as due_soon
                        from disputes where tenant_id = :t and outcome = 'open'
                        group by currency order by currency""")
                .param("t", tenantId).param("due", Timestamp.from(dueBefore))
                .query((rs, row) -> new OpenByCurrency(rs.getString("currency").trim(), rs.getLong("n"),
                        rs.getBigDecimal("amount"), rs.getLong("due_soon")))
                .list();
    }
}
