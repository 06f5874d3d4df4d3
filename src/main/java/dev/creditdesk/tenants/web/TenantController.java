package dev.creditdesk.tenants.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.ShownOnce;
import dev.creditdesk.tenants.ApiKeyInfo;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.IssuedKey;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.TenantSettings;
import dev.creditdesk.tenants.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.IllegalCurrencyException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Provisioning, for the installation's operator key only. */
@RestController
@Allow(Role.OPERATOR)
class TenantController {

    private static final int MAX_NAME_LENGTH = 100;

    private final Tenants tenants;
    private final ApiKeys keys;
    private final BusinessCalendar calendar;

    TenantController(Tenants tenants, ApiKeys keys, BusinessCalendar calendar) {
        this.tenants = tenants;
        this.keys = keys;
        this.calendar = calendar;
    }

    record SettingsBody(String timezone, String holidayCountry, String currency, String supportEmail,
            @ArraySchema(schema = @Schema(implementation = DrawdownCriterion.class)) List<String> drawdownOrder) {
    }

    record CreateTenantBody(@Schema(requiredMode = REQUIRED) String name,
            @Schema(requiredMode = REQUIRED) SettingsBody settings, String policy) {
    }

    record UpdateTenantBody(SettingsBody settings, String policy) {
    }

    /** A tenant's key: the operator key is the installation's, never issued here. */
    record CreateKeyBody(
            @Schema(allowableValues = {"secret", "support", "admin"}, requiredMode = REQUIRED) String role) {
    }

    record SettingsView(String timezone, String holidayCountry, String currency, String supportEmail,
            @ArraySchema(schema = @Schema(implementation = DrawdownCriterion.class)) List<String> drawdownOrder) {
        static SettingsView of(TenantSettings s) {
            return new SettingsView(s.timezone().getId(), s.holidayCountry(), s.currency().getCode(),
                    s.supportEmail(), s.drawdownOrder().stream().map(DrawdownCriterion::wireName).toList());
        }
    }

    record KeyView(String object, UUID id, UUID tenantId, @Schema(implementation = Role.class) String role,
            @Nullable String key, String prefix, Instant createdAt, @Nullable Instant revokedAt) {
        static KeyView issued(IssuedKey key) {
            return new KeyView("api_key", key.id(), key.tenantId(), key.role().wireName(), key.secret(),
                    key.secret().substring(0, 16), key.createdAt(), null);
        }

        static KeyView listed(ApiKeyInfo key) {
            return new KeyView("api_key", key.id(), key.tenantId(), key.role().wireName(), null, key.prefix(),
                    key.createdAt(), key.revokedAt());
        }
    }

    record TenantView(String object, UUID id, String name, SettingsView settings, @Nullable String policy,
            Instant createdAt, @Nullable KeyView secretKey) {
        static TenantView of(Tenant tenant, IssuedKey key) {
            return new TenantView("tenant", tenant.id(), tenant.name(), SettingsView.of(tenant.settings()),
                    tenant.policyId(), tenant.createdAt(), key == null ? null : KeyView.issued(key));
        }
    }

    @ErrorAnswer(status = 422, when = "The policy named is unknown")
    @Operation(operationId = "createTenant", summary = "Create a tenant",
            description = "Operator only. Answers the tenant with its first secret key, shown once.")
    @PostMapping("/v1/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce
    TenantView create(@RequestBody CreateTenantBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String name = body.name() == null ? null : body.name().trim();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldProblem("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        TenantSettings settings = settings(body.settings(), null, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        Tenants.CreatedTenant created = tenants.create(name, settings, blankToNull(body.policy()));
        return TenantView.of(created.tenant(), created.secretKey());
    }

    /** The installation's tenants, newest first; {@code name} looks one up. */
    @Operation(operationId = "listTenants", summary = "List tenants",
            description = "Operator only. Newest first; `name` looks one up.")
    @GetMapping("/v1/tenants")
    ListPage<TenantView> list(@RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Tenant> page = tenants.page(name, startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(t -> TenantView.of(t, null)).toList(), page.hasMore(),
                page.nextCursor());
    }

    @Operation(operationId = "getTenant", summary = "Retrieve a tenant")
    @GetMapping("/v1/tenants/{id}")
    TenantView get(@PathVariable String id) {
        return TenantView.of(tenants.require(Ids.parseOrNotFound("tenant", id)), null);
    }

    @ErrorAnswer(status = 422, when = "The policy named is unknown")
    @Operation(operationId = "updateTenant", summary = "Update a tenant's settings")
    @PostMapping("/v1/tenants/{id}")
    TenantView update(@PathVariable String id, @RequestBody UpdateTenantBody body) {
        Tenant tenant = tenants.require(Ids.parseOrNotFound("tenant", id));
        List<FieldProblem> errors = new ArrayList<>();
        TenantSettings settings = body.settings() == null ? tenant.settings()
                : settings(body.settings(), tenant.settings(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        if (body.settings() != null) {
            tenants.updateSettings(tenant.id(), settings);
        }
        if (body.policy() != null) {
            tenants.choosePolicy(tenant.id(), blankToNull(body.policy()));
        }
        return TenantView.of(tenants.require(tenant.id()), null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Operation(operationId = "createApiKey", summary = "Issue an API key", description = "The key is shown once.")
    @PostMapping("/v1/tenants/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce
    KeyView issueKey(@PathVariable String id, @RequestBody CreateKeyBody body) {
        Tenant tenant = tenants.require(Ids.parseOrNotFound("tenant", id));
        Role role = tenantRole(body.role());
        return KeyView.issued(keys.issue(tenant.id(), role));
    }

    @Operation(operationId = "listApiKeys", summary = "List a tenant's API keys")
    @GetMapping("/v1/tenants/{id}/keys")
    ListPage<KeyView> listKeys(@PathVariable String id, @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        Tenant tenant = tenants.require(Ids.parseOrNotFound("tenant", id));
        ListPage<ApiKeyInfo> page = keys.page(tenant.id(), startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(KeyView::listed).toList(), page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    @PostMapping("/v1/tenants/{id}/keys/{keyId}/revoke")
    KeyView revokeKey(@PathVariable String id, @PathVariable String keyId) {
        Tenant tenant = tenants.require(Ids.parseOrNotFound("tenant", id));
        return KeyView.listed(keys.revoke(tenant.id(), Ids.parseOrNotFound("api key", keyId)));
    }

    private static Role tenantRole(String role) {
        if (role != null) {
            for (Role candidate : List.of(Role.SECRET, Role.SUPPORT, Role.ADMIN)) {
                if (candidate.wireName().equals(role)) {
                    return candidate;
                }
            }
        }
        throw ApiProblem.invalid("role", "must be one of secret, support, admin");
    }

    /** Reads settings; fields left out keep {@code base}'s value, or are required when there is none. */
    private TenantSettings settings(SettingsBody body, TenantSettings base, List<FieldProblem> errors) {
        if (body == null) {
            if (base == null) {
                errors.add(new FieldProblem("settings", "is required"));
            }
            return base;
        }
        ZoneId timezone = base == null ? null : base.timezone();
        if (body.timezone() != null) {
            try {
                timezone = ZoneId.of(body.timezone());
            } catch (DateTimeException e) {
                errors.add(new FieldProblem("settings.timezone", "is not a known IANA timezone such as Europe/Berlin"));
            }
        } else if (base == null) {
            errors.add(new FieldProblem("settings.timezone", "is required"));
        }
        String country = base == null ? null : base.holidayCountry();
        if (body.holidayCountry() != null) {
            country = body.holidayCountry().toUpperCase(Locale.ROOT);
            if (!country.matches("[A-Z]{2}") || !calendar.knows(country)) {
                errors.add(new FieldProblem("settings.holiday_country",
                        "is not an ISO 3166 two-letter country code with a holiday calendar"));
            }
        } else if (base == null) {
            errors.add(new FieldProblem("settings.holiday_country", "is required"));
        }
        CurrencyUnit currency = base == null ? null : base.currency();
        if (body.currency() != null) {
            try {
                currency = CurrencyUnit.of(body.currency().toUpperCase(Locale.ROOT));
            } catch (IllegalCurrencyException e) {
                errors.add(new FieldProblem("settings.currency", "is not a known ISO 4217 currency code"));
            }
        } else if (base == null) {
            errors.add(new FieldProblem("settings.currency", "is required"));
        }
        String email = base == null ? null : base.supportEmail();
        if (body.supportEmail() != null) {
            email = Fields.requiredEmail(body.supportEmail(), "settings.support_email", errors);
        } else if (base == null) {
            errors.add(new FieldProblem("settings.support_email", "is required"));
        }
        List<DrawdownCriterion> drawdown = base == null ? DrawdownCriterion.DEFAULT_ORDER : base.drawdownOrder();
        if (body.drawdownOrder() != null) {
            List<DrawdownCriterion> parsed = new ArrayList<>();
            Set<DrawdownCriterion> seen = new HashSet<>();
            for (String name : body.drawdownOrder()) {
                DrawdownCriterion criterion = DrawdownCriterion.fromWire(name);
                if (criterion == null || !seen.add(criterion)) {
                    errors.add(new FieldProblem("settings.drawdown_order",
                            "must list distinct steps among soonest_expiry, non_refundable_first, "
                                    + "refundable_first, oldest_first, newest_first"));
                    break;
                }
                parsed.add(criterion);
            }
            drawdown = parsed;
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new TenantSettings(timezone, country, currency, email, drawdown);
    }
}
