package dev.creditdesk.people.web;

import dev.creditdesk.people.IdentityProvider;
import dev.creditdesk.people.IdentityProviderDraft;
import dev.creditdesk.people.IdentityProviders;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's identity provider (OpenID Connect) for console sign-in: the tenant's admins only. */
@RestController
@Allow(Role.ADMIN)
class IdentityProviderController {

    private final IdentityProviders providers;

    IdentityProviderController(IdentityProviders providers) {
        this.providers = providers;
    }

    record IdentityProviderBody(
            @Schema(description = "The provider's issuer URL, exactly as its discovery document gives it",
                    example = "https://login.example.com/realms/staff") String issuer,
            @Schema(description = "The client id the provider gave Creditdesk") String clientId,
            @Schema(description = "Required when creating; left out, the saved one is kept. Never shown again")
            @Nullable String clientSecret,
            @Schema(description = "The domains of the work emails this provider signs in; each belongs to one "
                    + "tenant only", example = "[\"example.com\"]") List<String> emailDomains,
            @Schema(description = "Default: true") @Nullable Boolean enabled) {
    }

    record IdentityProviderView(@Schema(allowableValues = "identity_provider") String object, String issuer,
            String clientId, boolean clientSecretSet, List<String> emailDomains, boolean enabled,
            @Schema(description = "The address to register at the provider as the redirect URI, after the "
                    + "console's own address") String redirectPath,
            Instant createdAt, Instant updatedAt) {
        static IdentityProviderView of(IdentityProvider p) {
            return new IdentityProviderView("identity_provider", p.issuer(), p.clientId(), true, p.emailDomains(),
                    p.enabled(), "/console/sign-in/company/callback", p.createdAt(), p.updatedAt());
        }
    }

    record DeletedView(@Schema(allowableValues = "identity_provider") String object, boolean deleted) {
    }

    @Operation(operationId = "getIdentityProvider", summary = "Retrieve the identity provider",
            description = "The provider people sign in to the console with, without its client secret "
                    + "(`client_secret_set`).")
    @ErrorAnswer(status = 404, when = "The tenant has no identity provider")
    @GetMapping("/v1/identity-provider")
    IdentityProviderView get(Caller caller) {
        return IdentityProviderView.of(providers.require(caller.tenantId()));
    }

    @Operation(operationId = "putIdentityProvider", summary = "Create or replace the identity provider",
            description = "Issuer URL, client id, client secret (stored encrypted; left out on a replace, the saved "
                    + "one is kept), the email domains it signs in, and whether it is enabled. The issuer's "
                    + "discovery document is read before saving: an issuer that cannot be reached, or whose "
                    + "document does not fit, is refused naming `issuer`. Issuers on private networks are refused.")
    @PutMapping("/v1/identity-provider")
    IdentityProviderView put(Caller caller, @RequestBody IdentityProviderBody body) {
        return IdentityProviderView.of(providers.save(caller.tenantId(), new IdentityProviderDraft(body.issuer(),
                body.clientId(), body.clientSecret(), body.emailDomains(), body.enabled())));
    }

    @Operation(operationId = "deleteIdentityProvider", summary = "Delete the identity provider",
            description = "People sign in with their password (or a key) again; sessions already open stay.")
    @ErrorAnswer(status = 404, when = "The tenant has no identity provider")
    @DeleteMapping("/v1/identity-provider")
    DeletedView delete(Caller caller) {
        providers.delete(caller.tenantId());
        return new DeletedView("identity_provider", true);
    }
}
