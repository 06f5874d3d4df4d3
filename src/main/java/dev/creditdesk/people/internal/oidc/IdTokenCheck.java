package dev.creditdesk.people.internal.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks an id_token as OpenID Connect Core 3.1.3.7 asks: signed (RS256, PS256 or ES256 — never
 * "none" or a shared-secret HMAC) by one of the provider's keys, issued by the configured issuer,
 * for this client (and, when it names several audiences, authorised for this client), not expired
 * by the injected clock (a minute of skew allowed), carrying the nonce this sign-in sent.
 */
public final class IdTokenCheck {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256);

    private IdTokenCheck() {
    }

    /** The token's claims, or {@link BadIdToken} saying what was wrong. */
    public static JWTClaimsSet check(String idToken, JWKSet keys, String issuer, String clientId, String nonce,
            Clock clock) throws BadIdToken {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(clientId),
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Set.of("sub", "exp", "iat", "nonce")),
                null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(60);
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set;
        try {
            set = processor.process(idToken, null);
        } catch (ParseException e) {
            throw new BadIdToken("it is not a signed JWT");
        } catch (BadJWTException e) {
            throw new BadIdToken(e.getMessage());
        } catch (BadJOSEException e) {
            throw new BadIdToken("its signature does not match the provider's keys (" + e.getMessage() + ")");
        } catch (JOSEException e) {
            throw new BadIdToken("its signature could not be checked (" + e.getMessage() + ")");
        }
        if (!nonce.equals(claimText(set, "nonce"))) {
            throw new BadIdToken("its nonce is not the one this sign-in sent");
        }
        String authorizedParty = claimText(set, "azp");
        if ((set.getAudience().size() > 1 || authorizedParty != null) && !clientId.equals(authorizedParty)) {
            throw new BadIdToken("it was issued to another client (azp)");
        }
        return set;
    }

    private static String claimText(JWTClaimsSet set, String name) {
        try {
            return set.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    /** An id_token that must not sign anyone in; the message says why. */
    public static final class BadIdToken extends Exception {

        BadIdToken(String reason) {
            super(reason);
        }
    }
}
