package dev.creditdesk.compensation.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What outage compensation did in a period, for the dashboard. */
@Repository
public class CompensationReportStore {

    private final JdbcClient jdbc;

    CompensationReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Totals(long incidents, long accounts, long credits, long reviewCases) {
    }

    public Totals since(UUID tenantId, Instant since) {
        return jdbc.sql("""
                        select (select count(*) from outage_compensation_runs
                                where tenant_id = :t and ran_at >= :since) as incidents,
                               count(c.account_id) as accounts,
                               coalesce(sum(c.credits), 0) as credits,
                               count(c.refund_request_id) as review_cases
                        from outage_compensation_runs r
                        join outage_compensations c on c.tenant_id = r.tenant_id and c.incident_id = r.incident_id
                        where r.tenant_id = :t and r.ran_at >= :since""")
                .param("t", tenantId).param("since", Timestamp.from(since))
                .query((rs, row) -> new Totals(rs.getLong("incidents"), rs.getLong("accounts"), rs.getLong("credits"),
                        rs.getLong("review_cases")))
                .single();
    }
}
