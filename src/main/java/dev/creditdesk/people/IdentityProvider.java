package dev.creditdesk.people;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's identity provider (OpenID Connect) for console sign-in, without its client secret:
 * the issuer, the client Creditdesk is registered as, the email domains whose people it signs in,
 * and whether it is in use.
 */
public record IdentityProvider(UUID tenantId, String issuer, String clientId, List<String> emailDomains,
        boolean enabled, Instant createdAt, Instant updatedAt) {

    /** Whether this provider signs in {@code email} (by its domain). */
    public boolean covers(String email) {
        int at = email.lastIndexOf('@');
        return at > 0 && emailDomains.contains(email.substring(at + 1).toLowerCase(java.util.Locale.ROOT));
    }
}
