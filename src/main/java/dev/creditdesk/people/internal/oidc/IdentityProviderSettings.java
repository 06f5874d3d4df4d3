package dev.creditdesk.people.internal.oidc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.people.identity-provider.*}: how Creditdesk talks to tenants' identity providers.
 *
 * @param allowPrivateHosts accept providers on loopback and private networks, and over plain http
 *                          (tests, an intranet provider); off, only https on public addresses
 * @param timeout           connect and answer timeout of each call to a provider
 * @param signInTime        how long a started sign-in may take at the provider before it is refused
 */
@ConfigurationProperties("creditdesk.people.identity-provider")
public record IdentityProviderSettings(
        @DefaultValue("false") boolean allowPrivateHosts,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("10m") Duration signInTime) {

    public IdentityProviderSettings {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("creditdesk.people.identity-provider.timeout must be between 1 ms and 1 minute");
        }
        if (signInTime.compareTo(Duration.ofMinutes(1)) < 0 || signInTime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("creditdesk.people.identity-provider.sign-in-time must be between 1 minute and 1 hour");
        }
    }
}
