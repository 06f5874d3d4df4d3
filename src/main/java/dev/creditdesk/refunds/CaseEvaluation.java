package dev.creditdesk.refunds;

import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Refundable;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.refunds.internal.RequestFacts;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tenants.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.money.Money;
import org.springframework.stereotype.Component;

/**
 * What the policy version in force proposes for a case, and the status that gives it: what the
 * policy may decide alone is decided (a refusal rejected, a refund or remedy approved, a request
 * for information, or a choice the policy leaves to the customer, waits for them), everything
 * else goes to a person, due after the policy's SLA in the tenant's business days. A refund (or
 * account credit) the money cannot allow is never approved alone: while a chargeback is open the
 * case goes to a person; when nothing is left to refund
 * (refunded or on its way, or charged back) a refund the policy would pay alone is rejected with
 * that reason; an amount above what is left is cut to it. The policy is the order's product's when
 * the catalog gives it one (its plan family), else the tenant's. Every evaluation keeps the facts it
 * read (a snapshot in the shape of a facts file).
 */
@Component
public class CaseEvaluation {

    private static final int DEFAULT_REVIEW_DAYS = 3;

    private final RequestFacts facts;
    private final Policies policies;
    private final Refunds refunds;
    private final RefundRequestStore store;
    private final BusinessCalendar calendar;
    private final Catalog catalog;

    CaseEvaluation(RequestFacts facts, Policies policies, Refunds refunds, RefundRequestStore store,
            BusinessCalendar calendar, Catalog catalog) {
        this.catalog = catalog;
        this.facts = facts;
        this.policies = policies;
        this.refunds = refunds;
        this.store = store;
        this.calendar = calendar;
    }

    /**
     * The evaluation of a case: the policy's {@code decision} (null when the tenant applies none),
     * the {@code status} it gives, {@code reviewDue} (when a person must have decided, if one
     * decides), {@code why} the money changed what the policy proposed (null when it did not) and
     * the {@code facts} the policy read, as a facts file writes them (null without a policy), and
     * the {@code money} the decision met when it moves money (null otherwise): a replay of the case
     * applies the same money to another version's decision.
     */
    public record Evaluation(Decision decision, CaseStatus status, Instant reviewDue, String why,
            Map<String, Object> facts, Refundable money) {

        Evaluation(Decision decision, CaseStatus status, Instant reviewDue, String why, Map<String, Object> facts) {
            this(decision, status, reviewDue, why, facts, null);
        }

        public Instant due() {
            return status == CaseStatus.IN_REVIEW ? reviewDue : null;
        }

        /** The proposal as a case keeps it: the policy's decision, and why the money changed it. */
        public Map<String, Object> proposal() {
            if (decision == null) {
                return null;
            }
            Map<String, Object> proposal = new LinkedHashMap<>(decision.toJson());
            if (why != null) {
                proposal.put("blocked", why);
            }
            if (money != null) {
                // what PolicyReplay.MoneyThen reads back
                Map<String, Object> met = new LinkedHashMap<>();
                met.put("left", money.left().getAmount().toPlainString());
                met.put("duplicates_left", money.duplicatesLeft().getAmount().toPlainString());
                met.put("dispute_open", money.blocked());
                proposal.put("money", met);
            }
            return proposal;
        }

        /** The reason a decision taken alone gives: the money's, or the clause the policy relied on. */
        public String reason() {
            return why != null ? why : decision == null ? null : decision.cite();
        }
    }

    public Evaluation evaluate(Tenant tenant, Order order, String category, List<String> evidence, Task task,
            Instant now) {
        return evaluate(tenant, order, category, evidence, task, now, now);
    }

    /**
     * The evaluation of a request made at {@code requestedAt} (its windows and outages are counted
     * to then), as things stand {@code now} (the money, the review's due time).
     */
    public Evaluation evaluate(Tenant tenant, Order order, String category, List<String> evidence, Task task,
            Instant requestedAt, Instant now) {
        String policyId = policyOf(tenant, order);
        Optional<PolicyDocuments.Loaded> policy = policyId == null ? Optional.empty()
                : policies.forRequest(tenant.id(), policyId, requestedAt, order.purchasedAt());
        Facts requestFacts = facts.of(tenant, order, category, evidence, task, requestedAt,
                store.approvedFor(tenant.id(), order.accountId()),
                policy.map(PolicyDocuments.Loaded::needs).orElse(PolicyNeeds.NONE));
        Decision decision = policy.map(p -> p.evaluate(requestFacts)).orElse(null);
        Map<String, Object> snapshot = policy.isPresent() ? PolicyDocuments.snapshot(requestFacts) : null;
        Instant reviewDue = calendar.addBusinessDays(now,
                policy.map(p -> p.policy().reviewSlaBusinessDays()).orElse(DEFAULT_REVIEW_DAYS),
                tenant.settings().timezone(), tenant.settings().holidayCountry());
        // account credit (a remedy with an amount) is money too: never more than the order has left
        boolean movesMoney = decision != null && decision.amount() != null
                && (decision.outcome().refunds() || decision.outcome() == Outcome.REMEDY);
        if (!movesMoney) {
            return new Evaluation(decision, status(decision), reviewDue, null, snapshot);
        }
        Refundable money = refunds.refundable(tenant.id(), order.id());
        Money left = decision.remedies().contains("refund_duplicate_charge") ? money.duplicatesLeft() : money.left();
        if (money.blocked()) {
            return new Evaluation(decision.forReview(), CaseStatus.IN_REVIEW, reviewDue, money.why(), snapshot, money);
        }
        if (!left.isPositive() || decision.amount().signum() <= 0) {
            CaseStatus status = decision.automatic() ? CaseStatus.REJECTED : CaseStatus.IN_REVIEW;
            return new Evaluation(decision, status, reviewDue, left.isPositive()
                    ? "The policy's refund comes to nothing: its non-refundable parts take the whole amount left."
                    : money.why(), snapshot, money);
        }
        BigDecimal amount = decision.amount();
        if (amount.compareTo(left.getAmount()) > 0) {
            decision = decision.withAmount(left.getAmount());
        }
        return new Evaluation(decision, status(decision), reviewDue, null, snapshot, money);
    }

    /** The policy of the order's plan family (its product's), or else the tenant's; null for none. */
    String policyOf(Tenant tenant, Order order) {
        return Optional.ofNullable(order.productId()).flatMap(product -> catalog.find(tenant.id(), product))
                .map(Product::policyId).orElse(tenant.policyId());
    }

    private static CaseStatus status(Decision decision) {
        if (decision == null || !decision.automatic()) {
            return CaseStatus.IN_REVIEW;
        }
        if (decision.outcome() == Outcome.NO_REFUND) {
            return CaseStatus.REJECTED;
        }
        if (decision.outcome() == Outcome.NEEDS_INFORMATION) {
            return CaseStatus.AWAITING_INFORMATION;
        }
        if (decision.outcome() == Outcome.NEEDS_REVIEW) {
            return CaseStatus.IN_REVIEW;
        }
        return decision.customerChooses() ? CaseStatus.AWAITING_CHOICE : CaseStatus.APPROVED;
    }
}
