package dev.creditdesk.refunds;

import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.refunds.internal.RequestFacts;
import dev.creditdesk.tenants.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Past orders as past cases: for each order of the policy purchased in a period, the facts of a
 * request of a given category made a number of days after the purchase, and what the version in
 * force then decides on them. The facts are gathered as the records stand now (the credits used
 * so far, refunds since), with the windows and the outages counted to that day; docs/policies.md
 * says what that means for a replay. Orders whose day is still to come are left out. Each order's
 * facts are read in a short read-only transaction of their own, as the replay asks for it: like
 * {@link PastDecisions}, no snapshot is held for the whole replay.
 */
@Component
class OrdersAsIf {

    private final Orders orders;
    private final Policies policies;
    private final RequestFacts facts;
    private final RefundRequestStore requests;
    private final CaseEvaluation evaluation;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;

    OrdersAsIf(Orders orders, Policies policies, RequestFacts facts, RefundRequestStore requests,
            CaseEvaluation evaluation, JsonMapper json, PlatformTransactionManager transactions) {
        this.orders = orders;
        this.policies = policies;
        this.facts = facts;
        this.requests = requests;
        this.evaluation = evaluation;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** The cases, oldest purchase first, and how many orders there are to look at. */
    interface Cases extends Iterator<PolicyReplay.PastCase> {
        long total();
    }

    Cases open(Tenant tenant, String policyId, PolicyDocuments.Loaded candidate, Instant from, Instant to,
            String category, int day, int maxOrders, Instant now) {
        List<UUID> ids = orders.purchasedBetween(tenant.id(), from, to, maxOrders);
        return new Cases() {
            private final Iterator<UUID> next = ids.iterator();
            private PolicyReplay.PastCase ahead;

            @Override
            public long total() {
                return ids.size();
            }

            @Override
            public boolean hasNext() {
                while (ahead == null && next.hasNext()) {
                    UUID id = next.next();
                    ahead = readOnly.execute(status -> asIf(tenant, policyId, candidate,
                            orders.require(tenant.id(), id), category, day, now).orElse(null));
                }
                return ahead != null;
            }

            @Override
            public PolicyReplay.PastCase next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PolicyReplay.PastCase found = ahead;
                ahead = null;
                return found;
            }
        };
    }

    private Optional<PolicyReplay.PastCase> asIf(Tenant tenant, String policyId, PolicyDocuments.Loaded candidate,
            Order order, String category, int day, Instant now) {
        Instant requestedAt = order.purchasedAt().plus(Duration.ofDays(day));
        if (requestedAt.isAfter(now) || !policyId.equals(evaluation.policyOf(tenant, order))) {
            return Optional.empty();
        }
        Optional<PolicyDocuments.Loaded> inForce = policies.forRequest(tenant.id(), policyId, requestedAt,
                order.purchasedAt());
        if (inForce.isEmpty()) {
            return Optional.empty();
        }
        Set<dev.creditdesk.policy.UsageQuery> usage = new HashSet<>(inForce.get().needs().usage());
        usage.addAll(candidate.needs().usage());
        Set<String> prices = new HashSet<>(inForce.get().needs().planPrices());
        prices.addAll(candidate.needs().planPrices());
        Facts gathered = facts.of(tenant, order, category, List.of(), null, requestedAt,
                requests.approvedFor(tenant.id(), order.accountId()), new PolicyNeeds(usage, prices));
        PolicyReplay.Verdict before = PolicyReplay.Verdict.of(inForce.get().evaluate(gathered));
        return Optional.of(new PolicyReplay.PastCase(order.id().toString(), requestedAt, before,
                json.writeValueAsString(PolicyDocuments.snapshot(gathered))));
    }
}
