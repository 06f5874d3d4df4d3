package dev.creditdesk.billing.internal;

import dev.creditdesk.shared.TenantGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refunds on their way per tenant ({@code creditdesk.refunds.pending}, by provider and state:
 * {@code requested}, written but not yet accepted by the provider, or {@code pending}, accepted and
 * not yet final), read with one grouped query each refresh, never on a scrape. Failed refunds are
 * counted where they fail ({@code creditdesk.refunds.failed}, in {@code Refunds}).
 */
@Component
public class RefundMetrics {

    private final JdbcClient jdbc;
    private final TenantGauges pending;

    RefundMetrics(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.pending = new TenantGauges(registry, "creditdesk.refunds.pending",
                "Refunds to payment providers not yet succeeded or failed, by provider and state");
    }

    /** Reads every tenant's refunds on their way and sets the gauge; the metrics job calls it every refresh interval. */
    @Scheduled(fixedDelayString = "${creditdesk.metrics.refresh-interval:PT30S}")
    public void refresh() {
        Map<Tags, Long> rows = new HashMap<>();
        jdbc.sql("""
                        select tenant_id, provider, status, count(*) as refunds
                        from provider_refunds
                        where status in ('requested', 'pending')
                        group by tenant_id, provider, status""")
                .query((rs, n) -> rows.put(Tags.of(TenantGauges.TENANT, rs.getObject("tenant_id", UUID.class).toString(),
                        "provider", rs.getString("provider"), "state", rs.getString("status")), rs.getLong("refunds")))
                .list();
        pending.update(rows);
    }
}
