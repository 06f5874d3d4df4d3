package dev.creditdesk.tenants;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.api-keys.*}: how long a node may answer a recognised key (valid or revoked) from
 * memory before reading it again. A key revoked on another node keeps working here for less than
 * this; {@code 0} reads every key from the database on every request.
 */
@ConfigurationProperties("creditdesk.api-keys")
public record ApiKeySettings(@DefaultValue("5s") Duration cacheTtl) {

    /** A revoked key must not live on for long anywhere, whatever is configured. */
    static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);

    public ApiKeySettings {
        if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("creditdesk.api-keys.cache-ttl must be from 0s (no cache) to "
                    + MAX_CACHE_TTL.toSeconds() + "s, was " + cacheTtl);
        }
    }
}
