package dev.creditdesk.people;

import dev.creditdesk.people.internal.oidc.Discovery;
import dev.creditdesk.people.internal.oidc.IdentityProviderStore;
import dev.creditdesk.people.internal.oidc.ProviderHttp;
import dev.creditdesk.people.internal.oidc.ProviderUnavailable;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.SecretBox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each tenant's identity provider: its settings checked (an https issuer on a public network whose
 * discovery document is read when it is saved, a client id and secret, the email domains it signs
 * in — each domain one tenant's only), saved with the client secret sealed and never shown again.
 */
@Service
public class IdentityProviders {

    static final int MAX_ISSUER = 2000;
    static final int MAX_CLIENT_ID = 500;
    static final int MAX_CLIENT_SECRET = 2000;
    static final int MAX_DOMAINS = 50;
    private static final Pattern DOMAIN = Pattern.compile(
            "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$");

    private final IdentityProviderStore store;
    private final ProviderHttp http;
    private final SecretBox secrets;
    private final TransactionTemplate transaction;
    private final Clock clock;

    IdentityProviders(IdentityProviderStore store, ProviderHttp http, SecretBox secrets,
            TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.http = http;
        this.secrets = secrets;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Optional<IdentityProvider> find(UUID tenantId) {
        return store.find(tenantId).map(IdentityProviderStore.Row::provider);
    }

    public IdentityProvider require(UUID tenantId) {
        return find(tenantId).orElseThrow(IdentityProviders::none);
    }

    /**
     * Creates or replaces the tenant's provider after reading the issuer's discovery document (a
     * provider that cannot be reached, or answers with a document that does not fit, is refused
     * naming {@code issuer}). Nothing is saved unless everything is right.
     */
    public IdentityProvider save(UUID tenantId, IdentityProviderDraft draft) {
        List<FieldProblem> errors = new ArrayList<>();
        String issuer = Fields.requiredText(draft.issuer(), "issuer", MAX_ISSUER, errors);
        if (issuer != null) {
            http.refuse(issuer).ifPresent(why -> errors.add(new FieldProblem("issuer", why)));
        }
        String clientId = Fields.requiredText(draft.clientId(), "client_id", MAX_CLIENT_ID, errors);
        String secret = draft.clientSecret();
        if (secret != null && secret.isEmpty()) {
            errors.add(new FieldProblem("client_secret", "must not be empty (leave it out to keep the saved one)"));
        } else if (secret != null && secret.length() > MAX_CLIENT_SECRET) {
            errors.add(new FieldProblem("client_secret", "must be at most " + MAX_CLIENT_SECRET + " characters"));
        }
        List<String> domains = domains(draft.emailDomains(), errors);
        Fields.throwIfAny(errors);
        Discovery discovery;
        try {
            discovery = http.discover(issuer);
        } catch (ProviderUnavailable e) {
            throw ApiProblem.invalid("issuer", e.getMessage());
        }
        try {
            return transaction.execute(status -> {
                Optional<IdentityProviderStore.Row> current = store.lock(tenantId);
                String sealed;
                if (secret != null) {
                    sealed = secrets.seal(secret);
                } else if (current.isPresent()) {
                    sealed = current.get().sealedSecret();
                } else {
                    throw ApiProblem.invalid("client_secret", "is required (the secret the provider gave "
                            + "Creditdesk's client)");
                }
                List<String> taken = store.takenByOthers(tenantId, domains);
                if (!taken.isEmpty()) {
                    throw ApiProblem.invalid("email_domains", "include " + String.join(", ", taken)
                            + ", which another tenant's identity provider signs in");
                }
                Instant now = clock.instant();
                store.save(new IdentityProvider(tenantId, issuer, clientId, domains,
                        draft.enabled() == null || draft.enabled(), now, now), sealed, discovery, now);
                return store.find(tenantId).orElseThrow().provider();
            });
        } catch (DuplicateKeyException e) {
            throw ApiProblem.invalid("email_domains", "include a domain another tenant's identity provider "
                    + "was given at the same moment");
        }
    }

    public void delete(UUID tenantId) {
        if (!store.delete(tenantId)) {
            throw none();
        }
    }

    private static List<String> domains(List<String> values, List<FieldProblem> errors) {
        if (values == null || values.isEmpty()) {
            errors.add(new FieldProblem("email_domains", "are required: the domains of the work emails this "
                    + "provider signs in, such as example.com"));
            return List.of();
        }
        if (values.size() > MAX_DOMAINS) {
            errors.add(new FieldProblem("email_domains", "must be at most " + MAX_DOMAINS));
            return List.of();
        }
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i).strip().toLowerCase(Locale.ROOT);
            if (value.startsWith("@")) {
                value = value.substring(1);
            }
            if (value.length() > 253 || !DOMAIN.matcher(value).matches()) {
                errors.add(new FieldProblem("email_domains[" + i + "]", "must be a domain such as example.com"));
            } else if (!domains.contains(value)) {
                domains.add(value);
            }
        }
        return domains;
    }

    private static ApiProblem none() {
        return new ApiProblem(404, "not-found", "Not found",
                "This tenant has no identity provider; add one with PUT /v1/identity-provider");
    }
}
