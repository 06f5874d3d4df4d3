package dev.creditdesk.people;

import java.util.List;

/** A tenant's identity provider as an admin sends it; a client secret left out keeps the saved one. */
public record IdentityProviderDraft(String issuer, String clientId, String clientSecret, List<String> emailDomains,
        Boolean enabled) {
}
