package dev.creditdesk.console.web;

import dev.creditdesk.people.IdentityProvider;
import dev.creditdesk.people.IdentityProviderDraft;
import dev.creditdesk.people.IdentityProviders;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The tenant's identity provider, for admins: issuer, client id, client secret (never shown; left
 * empty it is kept), the email domains it signs in, on or off, and the redirect URI to register at
 * the provider. Everything goes through the people module's {@link IdentityProviders}, which checks
 * it and reads the issuer's discovery document before saving.
 */
@Controller
class IdentityProviderPageController {

    static final String PATH = "/console/people/sso";

    private final IdentityProviders providers;

    IdentityProviderPageController(IdentityProviders providers) {
        this.providers = providers;
    }

    record ProviderForm(String issuer, String clientId, String clientSecret, String emailDomains, String enabled) {

        ProviderForm {
            issuer = issuer == null ? "" : issuer;
            clientId = clientId == null ? "" : clientId;
            clientSecret = clientSecret == null ? "" : clientSecret;
            emailDomains = emailDomains == null ? "" : emailDomains;
            enabled = enabled == null ? "true" : enabled;
        }

        static ProviderForm of(Optional<IdentityProvider> saved) {
            return saved.map(p -> new ProviderForm(p.issuer(), p.clientId(), null, String.join("\n", p.emailDomains()),
                    Boolean.toString(p.enabled()))).orElse(new ProviderForm(null, null, null, null, null));
        }
    }

    @GetMapping(PATH)
    String page(@AuthenticationPrincipal ConsoleUser user, Model model, HttpServletRequest request) {
        requireAdmin(user);
        fill(model, user, request, null);
        return "console/identity-provider";
    }

    /** The form is never shown back with the secret it was sent with. */
    @PostMapping(PATH)
    String save(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute ProviderForm form, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        requireAdmin(user);
        model.asMap().remove("providerForm");
        try {
            providers.save(user.tenantId(), new IdentityProviderDraft(form.issuer(), form.clientId(),
                    form.clientSecret().isEmpty() ? null : form.clientSecret(),
                    Arrays.stream(form.emailDomains().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList(),
                    Boolean.valueOf(form.enabled())));
            model.addAttribute("done", "The identity provider is saved.");
            fill(model, user, request, null);
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldProblem field : problem.errors()) {
                errors.putIfAbsent(anchor(field.field()), field.field() + " " + field.message());
            }
            if (errors.isEmpty()) {
                errors.put("issuer", problem.getMessage());
            }
            response.setStatus(problem.status());
            model.addAttribute("errors", errors);
            fill(model, user, request, new ProviderForm(form.issuer(), form.clientId(), null, form.emailDomains(),
                    form.enabled()));
        }
        return "console/identity-provider";
    }

    @PostMapping(PATH + "/delete")
    String delete(@AuthenticationPrincipal ConsoleUser user, Model model, HttpServletRequest request) {
        requireAdmin(user);
        providers.delete(user.tenantId());
        model.addAttribute("done", "The identity provider is removed; people sign in with their password.");
        fill(model, user, request, null);
        return "console/identity-provider";
    }

    private void fill(Model model, ConsoleUser user, HttpServletRequest request, ProviderForm form) {
        Optional<IdentityProvider> saved = providers.find(user.tenantId());
        model.addAttribute("provider", saved.orElse(null));
        model.addAttribute("form", form == null ? ProviderForm.of(saved) : form);
        model.addAttribute("redirectUri", ServletUriComponentsBuilder.fromContextPath(request)
                .path(CompanySignInController.PATH + "/callback").build().toUriString());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    /** The form field a problem's field name belongs to ({@code email_domains[1]} → emailDomains). */
    private static String anchor(String field) {
        return switch (field.replaceAll("\\[\\d+]$", "")) {
            case "client_id" -> "clientId";
            case "client_secret" -> "clientSecret";
            case "email_domains" -> "emailDomains";
            default -> field;
        };
    }

    private static void requireAdmin(ConsoleUser user) {
        if (!user.admin()) {
            throw new ApiProblem(403, "forbidden", "Admins only",
                    "The identity provider is managed by an admin; you are signed in as "
                            + user.role().wireName() + ".");
        }
    }
}
