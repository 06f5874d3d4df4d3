package dev.creditdesk.policy.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.InvalidFactException;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PublishedPolicy;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PolicyController {

    /** Policy documents are small; this bounds what one publish may hold. */
    private static final int MAX_DOCUMENT = 100_000;

    private final Policies policies;
    private final Tenants tenants;

    PolicyController(Policies policies, Tenants tenants) {
        this.policies = policies;
        this.tenants = tenants;
    }

    record PublishBody(@Schema(requiredMode = REQUIRED) String document, Boolean activate) {
    }

    record PolicyView(String object, String id, String version, @Nullable Instant effectiveFrom, @Nullable String title,
            boolean shipped, boolean active, @Nullable String publishedBy, @Nullable Instant publishedAt,
            @Nullable String document) {
        static PolicyView of(PublishedPolicy p, String activeId, boolean withDocument) {
            return new PolicyView("policy_version", p.id(), p.version(), p.effectiveFrom(), p.title(), p.shipped(),
                    p.id().equals(activeId), p.publishedBy(), p.publishedAt(), withDocument ? p.document() : null);
        }
    }

    /** The versions, with the tenant's active policy; one list object, never paged ({@code has_more} false). */
    record PolicyList(String object, @Nullable String activePolicy, List<PolicyView> data, boolean hasMore,
            @Nullable String nextCursor) {
        PolicyList(String activePolicy, List<PolicyView> data) {
            this("list", activePolicy, data, false, null);
        }
    }

    @Operation(operationId = "listPolicies", summary = "List the refund policies")
    @GetMapping("/v1/policies")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    PolicyList list(Caller caller) {
        String active = tenants.require(caller.tenantId()).policyId();
        return new PolicyList(active, policies.list(caller.tenantId()).stream()
                .map(p -> PolicyView.of(p, active, false)).toList());
    }

    @Operation(operationId = "listPolicyVersions", summary = "List the versions of a refund policy")
    @GetMapping("/v1/policies/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    PolicyList versions(Caller caller, @PathVariable String id) {
        String active = tenants.require(caller.tenantId()).policyId();
        List<PolicyView> versions = policies.list(caller.tenantId()).stream().filter(p -> p.id().equals(id))
                .map(p -> PolicyView.of(p, active, true)).toList();
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("policy", id);
        }
        return new PolicyList(active, versions);
    }

    /** Publishes a version; with {@code activate}, the tenant applies this policy from its effective date. */
    @ErrorAnswer(status = 422, when = "The document is not a valid policy")
    @Operation(operationId = "publishPolicy", summary = "Publish a refund policy version")
    @PostMapping("/v1/policies")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow(Role.ADMIN)
    PolicyView publish(Caller caller, @RequestBody PublishBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String document = Fields.requiredText(body.document(), "document", MAX_DOCUMENT, errors);
        Fields.throwIfAny(errors);
        PublishedPolicy published = policies.publish(caller.tenantId(), body.document(), caller.actor());
        String active = Boolean.TRUE.equals(body.activate())
                ? tenants.choosePolicy(caller.tenantId(), published.id()).policyId()
                : tenants.require(caller.tenantId()).policyId();
        return PolicyView.of(published, active, false);
    }

    @ErrorAnswer(status = 422, when = "The version cannot be activated")
    @Operation(operationId = "activatePolicy", summary = "Activate a refund policy version")
    @PostMapping("/v1/policies/{id}/activate")
    @Allow(Role.ADMIN)
    PolicyList activate(Caller caller, @PathVariable String id) {
        tenants.choosePolicy(caller.tenantId(), id);
        return versions(caller, id);
    }

    /**
     * Evaluates facts (the shape of a facts file; the tenant's timezone unless they say) with the
     * version in force when the request was made, and answers the decision with its trace. A fact
     * that cannot be read (null, the wrong type, out of range) is a 400 naming it.
     */
    @ErrorAnswer(status = 422, when = "The facts do not fit the policy")
    @Operation(operationId = "explainPolicy", summary = "Explain what a policy decides for given facts")
    @PostMapping("/v1/policies/{id}/explain")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    Map<String, Object> explain(Caller caller, @PathVariable String id,
            @RequestBody @Schema(description = "The facts, a JSON object as a policy reads them (see docs/policies.md)")
            Map<String, Object> body) {
        Tenant tenant = tenants.require(caller.tenantId());
        Facts facts;
        try {
            facts = PolicyDocuments.facts(body, tenant.settings().timezone().getId());
        } catch (InvalidFactException e) {
            throw ApiProblem.invalid(e.fact(), e.reason());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ApiProblem(422, "invalid-facts", "Invalid facts", e.getMessage());
        }
        PolicyDocuments.Loaded policy = policies.forRequest(caller.tenantId(), id, facts)
                .orElseThrow(() -> ApiProblem.notFound("policy in force at " + facts.requestedAt() + " named", id));
        Decision decision;
        try {
            decision = policy.evaluate(facts);
        } catch (RuntimeException e) {
            throw new ApiProblem(422, "invalid-facts", "Invalid facts", e.getMessage());
        }
        return decision.toJson();
    }
}
