package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.tenants.Tenants;
import dev.creditdesk.webhooks.WebhookSettings;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tracks how long an endpoint has failed without a single success. When a delivery gives up and
 * the endpoint has been failing for {@code disable-after}, it is disabled and the tenant is told
 * by email (its support address), in the transaction that records the failure.
 */
@Component
class EndpointFailures {

    private static final Logger log = LoggerFactory.getLogger(EndpointFailures.class);
    static final String TEMPLATE = "webhook_endpoint_disabled";

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final Tenants tenants;
    private final WebhookSettings settings;

    EndpointFailures(JdbcClient jdbc, Notifications notifications, Tenants tenants, WebhookSettings settings) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.tenants = tenants;
        this.settings = settings;
    }

    void succeeded(UUID tenantId, UUID endpointId) {
        jdbc.sql("update webhook_endpoints set failing_since = null where tenant_id = :t and id = :id "
                        + "and failing_since is not null")
                .param("t", tenantId).param("id", endpointId).update();
    }

    void failed(UUID tenantId, UUID endpointId, boolean deliveryGaveUp, Instant now) {
        jdbc.sql("update webhook_endpoints set failing_since = :now where tenant_id = :t and id = :id "
                        + "and failing_since is null")
                .param("now", ts(now)).param("t", tenantId).param("id", endpointId).update();
        if (!deliveryGaveUp) {
            return;
        }
        String reason = "every delivery failed for " + settings.disableAfter().toHours() + " hours";
        String url = jdbc.sql("""
                        update webhook_endpoints set status = 'disabled', disabled_reason = :reason, updated_at = :now
                        where tenant_id = :t and id = :id and status = 'enabled' and failing_since <= :since
                        returning url""")
                .param("reason", reason).param("now", ts(now)).param("t", tenantId).param("id", endpointId)
                .param("since", ts(now.minus(settings.disableAfter())))
                .query(String.class).optional().orElse(null);
        if (url == null) {
            return;
        }
        log.warn("Webhook endpoint {} of tenant {} disabled: {}", endpointId, tenantId, reason);
        notifications.queue(tenantId, TEMPLATE, tenants.require(tenantId).settings().supportEmail(),
                Map.of("url", url, "endpoint", endpointId.toString(), "reason", reason), null);
    }
}
