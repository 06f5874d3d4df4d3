package dev.creditdesk.refunds;

import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.RefundCategory;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.Tenant;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The reason categories a tenant accepts: the built-in ones ({@link RefundCategory}) and those the
 * version of its policy that answers the request declares. Intake refuses any other, so that a
 * category reaches only a policy that knows it.
 */
@Component
public class RefundCategories {

    private final Policies policies;

    RefundCategories(Policies policies) {
        this.policies = policies;
    }

    /** What a request made at {@code requestedAt} about a purchase made at {@code purchasedAt} may name. */
    public List<Policy.Category> accepted(Tenant tenant, Instant requestedAt, Instant purchasedAt) {
        if (tenant.policyId() == null) {
            return builtIn();
        }
        return policies.forRequest(tenant.id(), tenant.policyId(), requestedAt, purchasedAt)
                .map(PolicyDocuments.Loaded::policy).map(Policy::acceptedCategories)
                .orElseGet(RefundCategories::builtIn);
    }

    /** Refuses a category the tenant does not accept (400, field {@code category}, listing those it does). */
    public void check(Tenant tenant, String category, Instant requestedAt, Instant purchasedAt) {
        List<String> ids = accepted(tenant, requestedAt, purchasedAt).stream().map(Policy.Category::id).toList();
        if (!ids.contains(category)) {
            throw ApiProblem.invalid("category", "must be one of " + String.join(", ", ids))
                    .with("allowed", ids);
        }
    }

    private static List<Policy.Category> builtIn() {
        return Arrays.stream(RefundCategory.values()).map(c -> new Policy.Category(c.wireName(), c.title())).toList();
    }
}
