package dev.creditdesk.people;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.creditdesk.people.internal.oidc.IdTokenCheck;
import dev.creditdesk.people.internal.oidc.IdentityProviderSettings;
import dev.creditdesk.people.internal.oidc.IdentityProviderStore;
import dev.creditdesk.people.internal.oidc.ProviderHttp;
import dev.creditdesk.people.internal.oidc.ProviderUnavailable;
import dev.creditdesk.shared.SecretBox;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Signing in to the console through the tenant's identity provider (OpenID Connect, authorization
 * code with PKCE): {@link #start} finds the provider by the work email's domain and says where to
 * send the browser, keeping a {@link Pending} sign-in (state, nonce, code verifier) for the caller
 * to hold in the browser's session; {@link #finish} takes the provider's answer back, checks it and
 * gives the person it signs in. Nobody unknown is added: only the tenant's invited or active people.
 */
@Service
public class CompanySignIn {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityProviderStore store;
    private final ProviderHttp http;
    private final SecretBox secrets;
    private final People people;
    private final IdentityProviderSettings settings;
    private final Clock clock;

    CompanySignIn(IdentityProviderStore store, ProviderHttp http, SecretBox secrets, People people,
            IdentityProviderSettings settings, Clock clock) {
        this.store = store;
        this.http = http;
        this.secrets = secrets;
        this.people = people;
        this.settings = settings;
        this.clock = clock;
    }

    /** A sign-in sent to the provider and not yet back; single use. Kept in the browser's session. */
    public record Pending(UUID tenantId, String state, String nonce, String codeVerifier, String redirectUri,
            Instant startedAt) implements Serializable {
    }

    public sealed interface Start {
    }

    /** Send the browser to {@code authorizationUrl}; keep {@code pending} for the way back. */
    public record Redirect(URI authorizationUrl, Pending pending) implements Start {
    }

    /** No enabled provider signs in this email's domain. */
    public record NoProvider(String domain) implements Start {
    }

    public sealed interface Outcome {
    }

    public record SignedIn(Person person) implements Outcome {
    }

    /** Nobody was signed in; {@code reason} says why, for the person at the browser. */
    public record Refused(String reason) implements Outcome {
    }

    public Start start(String email, String redirectUri) {
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        String domain = normalised.substring(normalised.lastIndexOf('@') + 1);
        // A person belongs to one tenant: only their own tenant's provider may sign them in. A domain
        // listed by another tenant's provider (first come, unproven) never sends them there.
        Optional<UUID> personsTenant = people.findByEmail(normalised).map(Person::tenantId);
        Optional<IdentityProviderStore.Row> found = store.findByDomain(domain)
                .filter(row -> row.provider().enabled())
                .filter(row -> personsTenant.map(row.provider().tenantId()::equals).orElse(true));
        if (found.isEmpty()) {
            return new NoProvider(domain);
        }
        IdentityProviderStore.Row row = found.get();
        Pending pending = new Pending(row.provider().tenantId(), random(), random(), random(), redirectUri,
                clock.instant());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", row.provider().clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid email profile");
        query.put("state", pending.state());
        query.put("nonce", pending.nonce());
        query.put("code_challenge", challenge(pending.codeVerifier()));
        query.put("code_challenge_method", "S256");
        query.put("login_hint", normalised);
        String endpoint = row.discovery().authorizationEndpoint();
        return new Redirect(URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))), pending);
    }

    /**
     * The provider's answer: {@code state} must be the pending sign-in's (else nothing is asked of
     * the provider), the code is exchanged for an id_token, the token checked
     * ({@link IdTokenCheck}), its email verified and in one of the provider's domains, and the
     * tenant's invited or active person with that email signed in (an invited one becomes active).
     */
    public Outcome finish(Pending pending, String state, String code, String error) {
        if (pending == null) {
            return new Refused("This sign-in was not started in this browser, or it was already used. "
                    + "Start again.");
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.state().getBytes(StandardCharsets.UTF_8))) {
            return new Refused("The answer from your identity provider does not belong to this sign-in (state). "
                    + "Start again.");
        }
        if (clock.instant().isAfter(pending.startedAt().plus(settings.signInTime()))) {
            return new Refused("The sign-in took longer than " + settings.signInTime().toMinutes()
                    + " minutes. Start again.");
        }
        if (error != null) {
            return new Refused("Your identity provider did not sign you in (" + error + ").");
        }
        if (code == null || code.isBlank()) {
            return new Refused("Your identity provider answered without a sign-in code. Start again.");
        }
        Optional<IdentityProviderStore.Row> found = store.find(pending.tenantId())
                .filter(row -> row.provider().enabled());
        if (found.isEmpty()) {
            return new Refused("Your company's identity provider is no longer set up in Creditdesk.");
        }
        IdentityProviderStore.Row row = found.get();
        JWTClaimsSet claims;
        try {
            String idToken = http.exchange(row.discovery().tokenEndpoint(), row.provider().clientId(),
                    secrets.open(row.sealedSecret()), code, pending.codeVerifier(), pending.redirectUri());
            JWKSet keys = http.keys(row.discovery().jwksUri());
            claims = IdTokenCheck.check(idToken, keys, row.provider().issuer(), row.provider().clientId(),
                    pending.nonce(), clock);
        } catch (ProviderUnavailable e) {
            return new Refused(e.getMessage() + ".");
        } catch (IllegalStateException e) {
            return new Refused("The client secret saved for your identity provider cannot be decrypted; ask your "
                    + "admin to save it again.");
        } catch (IdTokenCheck.BadIdToken e) {
            return new Refused("Your identity provider's answer was not accepted: " + e.getMessage() + ".");
        }
        String email;
        try {
            email = claims.getStringClaim("email");
            Object verified = claims.getClaim("email_verified");
            if (email == null || !(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
                return new Refused("Your identity provider did not give a verified email address.");
            }
        } catch (ParseException e) {
            return new Refused("Your identity provider gave an email address that is not text.");
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        if (!row.provider().covers(address)) {
            return new Refused("Your identity provider signed you in as " + address + ", which is not in the "
                    + "email domains it signs in to Creditdesk.");
        }
        return people.signedInByIdentityProvider(row.provider().tenantId(), address)
                .<Outcome>map(SignedIn::new)
                .orElseGet(() -> new Refused("Nobody with the email " + address
                        + " is on your team in Creditdesk. Ask your admin to invite you."));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
