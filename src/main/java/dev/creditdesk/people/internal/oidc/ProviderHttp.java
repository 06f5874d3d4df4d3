package dev.creditdesk.people.internal.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.creditdesk.shared.PublicAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The three calls Creditdesk makes to a tenant's identity provider: its discovery document, its
 * signing keys (JWKS) and the token endpoint. The addresses come from a tenant, so each is checked
 * like webhook and mailbox hosts are: https to a public address only (unless
 * {@code allow-private-hosts}), no redirects followed, a timeout and a size limit on every answer.
 */
@Component
@EnableConfigurationProperties(IdentityProviderSettings.class)
public class ProviderHttp {

    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final IdentityProviderSettings settings;
    private final HttpClient http;

    ProviderHttp(IdentityProviderSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).build();
    }

    /** Why Creditdesk may not use {@code url} for a provider, or empty when it may. */
    public Optional<String> refuse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(settings.allowPrivateHosts() && scheme.equals("http"))) {
            return Optional.of("must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must be an https URL with a host, no user name and no fragment");
        }
        if (settings.allowPrivateHosts()) {
            return Optional.empty();
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return PublicAddresses.firstNonPublic(host).map(address -> "is on a private, loopback or reserved "
                + "network (" + host + " resolves to " + address.getHostAddress() + "); Creditdesk connects to "
                + "public addresses only");
    }

    /** Reads and checks the issuer's discovery document. */
    public Discovery discover(String issuer) throws ProviderUnavailable {
        String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        Map<String, Object> document = json(get(url, "discovery document"), "discovery document at " + url);
        if (!issuer.equals(document.get("issuer"))) {
            throw new ProviderUnavailable("The discovery document at " + url + " names the issuer \""
                    + document.get("issuer") + "\", not \"" + issuer + "\"; enter the issuer exactly as the provider "
                    + "gives it");
        }
        String authorization = endpoint(document, "authorization_endpoint", url);
        String token = endpoint(document, "token_endpoint", url);
        String jwks = endpoint(document, "jwks_uri", url);
        if (document.get("response_types_supported") instanceof List<?> types && !types.contains("code")) {
            throw new ProviderUnavailable("The provider does not offer the authorization-code flow "
                    + "(response_types_supported has no \"code\")");
        }
        if (document.get("code_challenge_methods_supported") instanceof List<?> methods && !methods.contains("S256")) {
            throw new ProviderUnavailable("The provider does not offer PKCE with S256 "
                    + "(code_challenge_methods_supported)");
        }
        return new Discovery(issuer, authorization, token, jwks);
    }

    /** The provider's current signing keys. */
    public JWKSet keys(String jwksUri) throws ProviderUnavailable {
        try {
            return JWKSet.parse(get(jwksUri, "signing keys (JWKS)"));
        } catch (ParseException e) {
            throw new ProviderUnavailable("The provider's signing keys at " + jwksUri + " are not a JWK set");
        }
    }

    /**
     * Exchanges an authorization code for the provider's id_token (client_secret_basic, with the
     * PKCE verifier). A refusal by the provider is reported with its {@code error}.
     */
    public String exchange(String tokenEndpoint, String clientId, String clientSecret, String code, String verifier,
            String redirectUri) throws ProviderUnavailable {
        Optional<String> refused = refuse(tokenEndpoint);
        if (refused.isPresent()) {
            throw new ProviderUnavailable("The provider's token endpoint " + tokenEndpoint + " " + refused.get());
        }
        String form = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                        "code_verifier", verifier).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Answer answer = send(request, "token endpoint");
        Map<String, Object> body = json(answer.body(), "token endpoint's answer");
        if (answer.status() != 200) {
            throw new ProviderUnavailable("The provider refused the sign-in code (" + answer.status()
                    + (body.get("error") instanceof String error ? ", " + error : "") + ")");
        }
        if (!(body.get("id_token") instanceof String idToken)) {
            throw new ProviderUnavailable("The provider's token endpoint answered without an id_token");
        }
        return idToken;
    }

    private String get(String url, String what) throws ProviderUnavailable {
        Optional<String> refused = refuse(url);
        if (refused.isPresent()) {
            throw new ProviderUnavailable("The provider's " + what + " address " + url + " " + refused.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                .header("Accept", "application/json").GET().build();
        Answer answer = send(request, what + " at " + url);
        if (answer.status() != 200) {
            throw new ProviderUnavailable("The provider's " + what + " at " + url + " answered " + answer.status()
                    + (answer.status() == 404 ? " (not found: is the issuer URL right?)" : ""));
        }
        return answer.body();
    }

    private record Answer(int status, String body) {
    }

    private Answer send(HttpRequest request, String what) throws ProviderUnavailable {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (bytes.length > MAX_ANSWER_BYTES) {
                    throw new ProviderUnavailable("The provider's " + what + " is larger than "
                            + MAX_ANSWER_BYTES / 1024 + " KB");
                }
                return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailable("The provider's " + what + " did not answer within "
                    + settings.timeout().toSeconds() + " seconds");
        } catch (IOException e) {
            throw new ProviderUnavailable("Cannot reach the provider's " + what + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailable("Interrupted while calling the provider's " + what);
        }
    }

    private static Map<String, Object> json(String body, String what) throws ProviderUnavailable {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new ProviderUnavailable("The provider's " + what + " is not a JSON object");
        }
    }

    private String endpoint(Map<String, Object> document, String name, String url) throws ProviderUnavailable {
        if (!(document.get(name) instanceof String value) || value.isBlank()) {
            throw new ProviderUnavailable("The discovery document at " + url + " has no " + name);
        }
        Optional<String> refused = refuse(value);
        if (refused.isPresent()) {
            throw new ProviderUnavailable("The discovery document's " + name + " " + value + " " + refused.get());
        }
        return value;
    }
}
