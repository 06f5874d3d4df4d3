package dev.creditdesk.notifications.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.TenantGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The email outbox per tenant, read with one grouped query each refresh (never on a scrape):
 * {@code creditdesk.emails.pending} (not sent yet), {@code creditdesk.emails.failing} (pending after
 * at least one failed attempt), {@code creditdesk.emails.failed} (retries exhausted, waiting for
 * someone to resend or cancel them) and {@code creditdesk.emails.oldest_pending_seconds} (how long
 * the oldest pending email has waited: emails that sit unsent, SMTP unset or unreachable, show here).
 */
@Component
public class OutboxMetrics {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TenantGauges pending;
    private final TenantGauges failing;
    private final TenantGauges failed;
    private final TenantGauges oldest;

    OutboxMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.pending = new TenantGauges(registry, "creditdesk.emails.pending", "Emails in the outbox not sent yet");
        this.failing = new TenantGauges(registry, "creditdesk.emails.failing",
                "Pending emails whose last attempt failed (retried with backoff)");
        this.failed = new TenantGauges(registry, "creditdesk.emails.failed",
                "Emails whose retries ran out, until resent or cancelled");
        this.oldest = new TenantGauges(registry, "creditdesk.emails.oldest_pending_seconds",
                "Age of the oldest pending email, in seconds");
    }

    /** Reads every tenant's outbox and sets the gauges; the metrics job calls it every refresh interval. */
    @Scheduled(fixedDelayString = "${creditdesk.metrics.refresh-interval:PT30S}")
    public void refresh() {
        Instant now = clock.instant();
        Map<Tags, Long> pendingRows = new HashMap<>();
        Map<Tags, Long> failingRows = new HashMap<>();
        Map<Tags, Long> failedRows = new HashMap<>();
        Map<Tags, Long> oldestRows = new HashMap<>();
        jdbc.sql("""
                        select tenant_id,
                               count(*) filter (where status = 'pending') as pending,
                               count(*) filter (where status = 'pending' and attempts > 0) as failing,
                               count(*) filter (where status = 'failed') as failed,
                               coalesce(extract(epoch from (:now - min(created_at) filter (where status = 'pending'))), 0)
                                   as oldest_seconds
                        from email_outbox
                        where status in ('pending', 'failed')
                        group by tenant_id""")
                .param("now", ts(now))
                .query((rs, n) -> {
                    Tags tenant = Tags.of(TenantGauges.TENANT, rs.getObject("tenant_id", UUID.class).toString());
                    pendingRows.put(tenant, rs.getLong("pending"));
                    failingRows.put(tenant, rs.getLong("failing"));
                    failedRows.put(tenant, rs.getLong("failed"));
                    oldestRows.put(tenant, Math.max(0, rs.getLong("oldest_seconds")));
                    return tenant;
                })
                .list();
        pending.update(pendingRows);
        failing.update(failingRows);
        failed.update(failedRows);
        oldest.update(oldestRows);
    }
}
