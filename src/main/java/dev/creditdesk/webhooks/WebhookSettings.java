package dev.creditdesk.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.webhooks.*}: how deliveries are sent and retried (docs/webhooks.md).
 *
 * @param timeout connect and read timeout of one attempt
 * @param retrySchedule the wait before each retry; a delivery fails after the last
 * @param disableAfter an endpoint failing without a single success this long is disabled when a delivery gives up
 * @param claimLease how long a claimed delivery is reserved for its sender; a sender that dies leaves it due after
 * @param previousSecretTtl how long a rotated-out secret keeps signing beside the new one
 * @param eventsRetention how far back {@code GET /v1/events} reaches
 * @param batchSize deliveries one pass of the sender claims
 * @param allowInsecureUrls accept {@code http://localhost} and {@code http://127.0.0.1} endpoints (tests, development)
 * @param encryptionKey base64 of a 32-byte AES key encrypting signing secrets at rest; empty keeps them as written
 */
@ConfigurationProperties("creditdesk.webhooks")
public record WebhookSettings(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h", "14h", "20h", "24h"}) List<Duration> retrySchedule,
        @DefaultValue("3d") Duration disableAfter,
        @DefaultValue("5m") Duration claimLease,
        @DefaultValue("24h") Duration previousSecretTtl,
        @DefaultValue("30d") Duration eventsRetention,
        @DefaultValue("50") int batchSize,
        @DefaultValue("false") boolean allowInsecureUrls,
        @DefaultValue("") String encryptionKey) {

    public WebhookSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("creditdesk.webhooks.timeout must be positive");
        }
        if (retrySchedule.isEmpty() || retrySchedule.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("creditdesk.webhooks.retry-schedule must list positive durations");
        }
        if (claimLease.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("creditdesk.webhooks.claim-lease must be longer than the timeout");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("creditdesk.webhooks.batch-size must be between 1 and 1000");
        }
        retrySchedule = List.copyOf(retrySchedule);
    }

    /** Attempts a delivery gets: the first and one per retry. */
    public int maxAttempts() {
        return retrySchedule.size() + 1;
    }
}
