package dev.creditdesk.refunds.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.TenantGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The review queue per tenant: open cases by status ({@code creditdesk.refund_requests.queue}) and
 * those in review past their due time ({@code creditdesk.refund_requests.overdue}), read with one
 * grouped query each refresh (the queue index answers it), never on a scrape.
 */
@Component
public class CaseQueueMetrics {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TenantGauges queue;
    private final TenantGauges overdue;

    CaseQueueMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = new TenantGauges(registry, "creditdesk.refund_requests.queue",
                "Open refund requests (in review, awaiting information or the customer's choice), by status");
        this.overdue = new TenantGauges(registry, "creditdesk.refund_requests.overdue",
                "Refund requests in review past their due time");
    }

    /** Reads the queue of every tenant and sets the gauges; the metrics job calls it every refresh interval. */
    @Scheduled(fixedDelayString = "${creditdesk.metrics.refresh-interval:PT30S}")
    public void refresh() {
        Map<Tags, Long> byStatus = new HashMap<>();
        Map<Tags, Long> late = new HashMap<>();
        jdbc.sql("""
                        select tenant_id, status, count(*) as cases,
                               count(*) filter (where status = 'in_review' and due_at < :now) as overdue
                        from refund_requests
                        where status in ('in_review', 'awaiting_information', 'awaiting_choice')
                        group by tenant_id, status""")
                .param("now", ts(clock.instant()))
                .query((rs, n) -> {
                    String tenant = rs.getObject("tenant_id", UUID.class).toString();
                    byStatus.put(Tags.of(TenantGauges.TENANT, tenant, "status", rs.getString("status")),
                            rs.getLong("cases"));
                    late.merge(Tags.of(TenantGauges.TENANT, tenant), rs.getLong("overdue"), Long::sum);
                    return null;
                })
                .list();
        queue.update(byStatus);
        overdue.update(late);
    }
}
