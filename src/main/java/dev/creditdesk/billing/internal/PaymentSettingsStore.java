package dev.creditdesk.billing.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PaymentSettingsStore {

    public record Settings(String stripeApiKey, String stripeWebhookSecret) {
    }

    private final JdbcClient jdbc;

    PaymentSettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Settings> find(UUID tenantId) {
        return jdbc.sql("select stripe_api_key, stripe_webhook_secret from payment_settings where tenant_id = :t")
                .param("t", tenantId)
                .query((rs, n) -> new Settings(rs.getString(1), rs.getString(2))).optional();
    }

    /** Sets the values given; null leaves a value as it was. */
    public void save(UUID tenantId, String apiKey, String webhookSecret, Instant now) {
        jdbc.sql("""
                        insert into payment_settings (tenant_id, stripe_api_key, stripe_webhook_secret, updated_at)
                        values (:t, :key, :secret, :now)
                        on conflict (tenant_id) do update set
                            stripe_api_key = coalesce(excluded.stripe_api_key, payment_settings.stripe_api_key),
                            stripe_webhook_secret = coalesce(excluded.stripe_webhook_secret, payment_settings.stripe_webhook_secret),
                            updated_at = excluded.updated_at""")
                .param("t", tenantId).param("key", apiKey).param("secret", webhookSecret)
                .param("now", Timestamp.from(now)).update();
    }
}
