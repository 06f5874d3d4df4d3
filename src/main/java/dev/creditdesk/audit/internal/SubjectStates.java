package dev.creditdesk.audit.internal;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PublishedPolicy;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.ApiKeyInfo;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.TenantSettings;
import dev.creditdesk.tenants.Tenants;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The state of the subjects whose changes matter most, read through their modules' public APIs,
 * as small maps: taken before the handler runs and again before the request commits, they are the
 * entry's before and after. Only what says where a subject stands; never a secret. A subject that
 * does not exist (yet, or any more) has no state.
 */
@Component
public class SubjectStates {

    private final RefundRequests refundRequests;
    private final Disputes disputes;
    private final Accounts accounts;
    private final Incidents incidents;
    private final Policies policies;
    private final Tenants tenants;
    private final ApiKeys keys;

    SubjectStates(RefundRequests refundRequests, Disputes disputes, Accounts accounts, Incidents incidents,
            Policies policies, Tenants tenants, ApiKeys keys) {
        this.refundRequests = refundRequests;
        this.disputes = disputes;
        this.accounts = accounts;
        this.incidents = incidents;
        this.policies = policies;
        this.tenants = tenants;
        this.keys = keys;
    }

    /** The subject's state now, or null when it has none worth recording (or cannot be read). */
    public @Nullable Map<String, Object> of(@Nullable UUID tenantId, @Nullable String subjectType,
            @Nullable String subjectId, Map<String, String> pathVariables) {
        if (subjectType == null) {
            return null;
        }
        try {
            return switch (subjectType) {
                case "refund_request" -> id(subjectId).flatMap(id -> refundRequests.find(tenantId, id))
                        .map(SubjectStates::refundRequest).orElse(null);
                case "dispute" -> id(subjectId).flatMap(id -> disputes.find(tenantId, id))
                        .map(SubjectStates::dispute).orElse(null);
                case "incident" -> id(subjectId).map(id -> incident(incidents.require(tenantId, id))).orElse(null);
                case "suspension" -> suspension(tenantId, pathVariables.get("id"), subjectId);
                case "policy" -> tenantId == null ? null : policy(tenantId);
                case "tenant" -> id(subjectId).flatMap(tenants::find).map(SubjectStates::tenant).orElse(null);
                case "api_key" -> apiKey(tenantId, pathVariables.get("id"), subjectId);
                default -> null;
            };
        } catch (ApiProblem | IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<UUID> id(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> refundRequest(RefundRequest r) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", r.status().wireName());
        state.put("outcome", r.outcome());
        state.put("category", r.category());
        state.put("decided_by", r.decidedBy());
        return state;
    }

    private static Map<String, Object> dispute(Dispute d) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", d.status());
        state.put("outcome", d.outcome() == null ? null : d.outcome().wireName());
        state.put("evidence_due_by", d.evidenceDueBy() == null ? null : d.evidenceDueBy().toString());
        return state;
    }

    private static Map<String, Object> incident(Incident i) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", i.status());
        state.put("title", i.title());
        state.put("ended_at", i.endedAt() == null ? null : i.endedAt().toString());
        return state;
    }

    private Map<String, Object> suspension(UUID tenantId, String accountId, String suspensionId) {
        Optional<UUID> account = id(accountId);
        Optional<UUID> suspension = id(suspensionId);
        if (account.isEmpty() || suspension.isEmpty() || accounts.find(tenantId, account.get()).isEmpty()) {
            return null;
        }
        Optional<Suspension> active = accounts.entitlements(tenantId, account.get()).suspensions().stream()
                .filter(s -> s.id().equals(suspension.get())).findFirst();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", active.isPresent() ? "active" : "lifted");
        active.ifPresent(s -> {
            state.put("entitlement", s.entitlement().name().toLowerCase(java.util.Locale.ROOT));
            state.put("reason", s.reason());
        });
        return state;
    }

    private Map<String, Object> policy(UUID tenantId) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("applies", tenants.require(tenantId).policyId());
        policies.list(tenantId).stream().filter(p -> !p.shipped())
                .max(Comparator.comparing(PublishedPolicy::publishedAt))
                .ifPresent(p -> state.put("latest_published", p.id() + " " + p.version()));
        return state;
    }

    private static Map<String, Object> tenant(Tenant t) {
        TenantSettings s = t.settings();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", t.name());
        state.put("policy", t.policyId());
        state.put("timezone", s.timezone().getId());
        state.put("holiday_country", s.holidayCountry());
        state.put("currency", s.currency().getCode());
        state.put("support_email", s.supportEmail());
        state.put("drawdown_order", s.drawdownOrder().stream().map(Object::toString).toList());
        return state;
    }

    /** A key by its prefix and status; under {@code /v1/tenants/{id}} the operator names the tenant in the path. */
    private Map<String, Object> apiKey(UUID tenantId, String pathTenant, String keyId) {
        Optional<UUID> key = id(keyId);
        UUID tenant = tenantId != null ? tenantId : id(pathTenant).orElse(null);
        if (key.isEmpty() || tenant == null) {
            return null;
        }
        return keys.list(tenant).stream().filter(k -> k.id().equals(key.get())).findFirst()
                .map(SubjectStates::apiKey).orElse(null);
    }

    private static Map<String, Object> apiKey(ApiKeyInfo k) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("role", k.role().wireName());
        state.put("prefix", k.prefix());
        state.put("status", k.revokedAt() == null ? "active" : "revoked");
        return state;
    }
}
