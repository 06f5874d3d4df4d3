package dev.creditdesk.webhooks.internal;

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
 * Webhook deliveries waiting per tenant, read with one grouped query each refresh (never on a
 * scrape): {@code creditdesk.webhooks.pending} (not delivered yet), {@code creditdesk.webhooks.failing}
 * (pending after at least one failed attempt) and {@code creditdesk.webhooks.oldest_pending_seconds}.
 * Failed attempts are counted where they happen ({@code creditdesk.webhooks.failures}, in the sender).
 */
@Component
public class DeliveryMetrics {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TenantGauges pending;
    private final TenantGauges failing;
    private final TenantGauges oldest;

    DeliveryMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.pending = new TenantGauges(registry, "creditdesk.webhooks.pending", "Webhook deliveries not delivered yet");
        this.failing = new TenantGauges(registry, "creditdesk.webhooks.failing",
                "Pending webhook deliveries whose last attempt failed (retried on the schedule)");
        this.oldest = new TenantGauges(registry, "creditdesk.webhooks.oldest_pending_seconds",
                "Age of the oldest pending webhook delivery, in seconds");
    }

    /** Reads every tenant's pending deliveries and sets the gauges; the metrics job calls it every refresh interval. */
    @Scheduled(fixedDelayString = "${creditdesk.metrics.refresh-interval:PT30S}")
    public void refresh() {
        Map<Tags, Long> pendingRows = new HashMap<>();
        Map<Tags, Long> failingRows = new HashMap<>();
        Map<Tags, Long> oldestRows = new HashMap<>();
        jdbc.sql("""
                        select tenant_id, count(*) as pending, count(*) filter (where attempts > 0) as failing,
                               extract(epoch from (:now - min(created_at))) as oldest_seconds
                        from webhook_deliveries
                        where status = 'pending'
                        group by tenant_id""")
                .param("now", ts(clock.instant()))
                .query((rs, n) -> {
                    Tags tenant = Tags.of(TenantGauges.TENANT, rs.getObject("tenant_id", UUID.class).toString());
                    pendingRows.put(tenant, rs.getLong("pending"));
                    failingRows.put(tenant, rs.getLong("failing"));
                    oldestRows.put(tenant, Math.max(0, rs.getLong("oldest_seconds")));
                    return tenant;
                })
                .list();
        pending.update(pendingRows);
        failing.update(failingRows);
        oldest.update(oldestRows);
    }
}
