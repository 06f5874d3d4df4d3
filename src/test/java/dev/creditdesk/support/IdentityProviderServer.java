package dev.creditdesk.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A local OpenID Connect provider on WireMock, one per test JVM: a discovery document, its JWKS,
 * an authorize endpoint that signs in whoever the login hint names and redirects back with a code
 * and the state, and a token endpoint (a WireMock extension) that checks the client's secret, the
 * redirect URI and the PKCE verifier and returns an id_token signed with the provider's RSA key,
 * carrying the nonce of the authorize request. Tests make it misbehave for one email with
 * {@link #tamper}: other claims, or another signing key.
 */
public final class IdentityProviderServer {

    public static final String CLIENT_ID = "creditdesk-console";
    public static final String CLIENT_SECRET = "provider-client-secret-7f3a";

    private static WireMockServer server;
    private static final RSAKey KEY = newKey("provider-key");
    private static final Map<String, Tamper> TAMPERED = new ConcurrentHashMap<>();
    private static volatile Clock clock = Clock.systemUTC();

    /** What the provider does differently for one email: change the claims, sign with another key. */
    public record Tamper(Consumer<JWTClaimsSet.Builder> claims, RSAKey signingKey) {
        public static Tamper claims(Consumer<JWTClaimsSet.Builder> claims) {
            return new Tamper(claims, KEY);
        }

        public static Tamper signedWith(RSAKey key) {
            return new Tamper(claims -> { }, key);
        }
    }

    private IdentityProviderServer() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new TokenEndpoint()));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "identity-provider-wiremock-stop"));
            String base = "http://localhost:" + server.port();
            server.stubFor(get("/.well-known/openid-configuration").willReturn(okJson("""
                    {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                     "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"],
                     "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                     "code_challenge_methods_supported": ["S256"]}""".formatted(base))));
            server.stubFor(get("/jwks").willReturn(okJson(new JWKSet(KEY.toPublicJWK()).toString())));
            // The person "signs in" at once as the login hint; the code carries what the token endpoint needs.
            server.stubFor(get(urlPathEqualTo("/authorize"))
                    .willReturn(aResponse().withStatus(302).withTransformers("response-template")
                            .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}"
                                    + "&code={{urlEncode request.query.nonce}}!{{urlEncode request.query.login_hint}}"
                                    + "!{{request.query.code_challenge}}!{{urlEncode request.query.redirect_uri}}")));
            server.stubFor(post("/token").willReturn(aResponse().withTransformers(TokenEndpoint.NAME)));
        }
        return server;
    }

    public static String issuer() {
        return "http://localhost:" + server().port();
    }

    /** The clock the provider stamps tokens with (the application's test clock). */
    public static void useClock(Clock testClock) {
        clock = testClock;
    }

    public static void tamper(String email, Tamper tamper) {
        TAMPERED.put(email, tamper);
    }

    public static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TokenEndpoint implements ResponseDefinitionTransformerV2 {

        static final String NAME = "oidc-token-endpoint";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            Map<String, String> form = new HashMap<>();
            for (String pair : request.getBodyAsString().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            if (!basic.equals(request.getHeader("Authorization"))) {
                return error(401, "invalid_client");
            }
            String[] code = form.getOrDefault("code", "").split("!");
            if (!"authorization_code".equals(form.get("grant_type")) || code.length != 4) {
                return error(400, "invalid_grant");
            }
            String nonce = URLDecoder.decode(code[0], StandardCharsets.UTF_8);
            String email = URLDecoder.decode(code[1], StandardCharsets.UTF_8);
            String redirectUri = URLDecoder.decode(code[3], StandardCharsets.UTF_8);
            if (!code[2].equals(challenge(form.getOrDefault("code_verifier", "")))
                    || !redirectUri.equals(form.get("redirect_uri"))) {
                return error(400, "invalid_grant");
            }
            Tamper tamper = TAMPERED.getOrDefault(email, new Tamper(claims -> { }, KEY));
            Instant now = clock.instant();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(CLIENT_ID)
                    .subject("user-" + email).claim("email", email).claim("email_verified", true)
                    .claim("nonce", nonce).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
            tamper.claims().accept(claims);
            try {
                SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(tamper.signingKey().getKeyID()).build(), claims.build());
                token.sign(new RSASSASigner(tamper.signingKey()));
                return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"at-1\", \"token_type\": \"Bearer\", \"expires_in\": 300, "
                                + "\"id_token\": \"" + token.serialize() + "\"}").build();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private static ResponseDefinition error(int status, String error) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody("{\"error\": \"" + error + "\"}").build();
        }

        private static String challenge(String verifier) {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
