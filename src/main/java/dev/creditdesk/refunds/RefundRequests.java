package dev.creditdesk.refunds;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.refunds.internal.RequestFacts;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Intake and evaluation of refund requests. A request must name an order the account owns: the
 * email and the order must belong together, and a mismatch answers exactly as an unknown order
 * does, so the endpoint never reveals whose orders exist. The policy version in force evaluates it;
 * what the policy may decide alone is decided at once, the rest waits in the review queue, due
 * after the policy's SLA in the tenant's business days.
 */
@Service
public class RefundRequests {

    /** Reasons a customer may give; policies read them as {@code request.category}. */
    public static final List<String> CATEGORIES = List.of("change_of_mind", "unused_credits", "partial_use",
            "cancellation", "quality", "duplicate_charge", "service_unavailable", "fraud", "not_delivered",
            "failed_task", "billing_error", "account_error", "legal_right", "other");

    /** What the customer (through the product's backend) says. */
    public record Intake(String email, String orderNumber, String transactionId, LocalDate purchaseDate,
            String category, String reason, UUID taskId, List<String> evidenceKinds) {
    }

    private final RefundRequestStore store;
    private final RequestFacts facts;
    private final Orders orders;
    private final Accounts accounts;
    private final Tasks tasks;
    private final Tenants tenants;
    private final Policies policies;
    private final BusinessCalendar calendar;
    private final Clock clock;

    RefundRequests(RefundRequestStore store, RequestFacts facts, Orders orders, Accounts accounts, Tasks tasks,
            Tenants tenants, Policies policies, BusinessCalendar calendar, Clock clock) {
        this.store = store;
        this.facts = facts;
        this.orders = orders;
        this.accounts = accounts;
        this.tasks = tasks;
        this.tenants = tenants;
        this.policies = policies;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Transactional
    public RefundRequest submit(UUID tenantId, Intake intake, String actor) {
        Tenant tenant = tenants.require(tenantId);
        Order order = findOrder(tenantId, intake)
                .filter(o -> accounts.find(tenantId, o.accountId()).map(Account::email)
                        .map(email -> email.equalsIgnoreCase(intake.email())).orElse(false))
                .orElseThrow(() -> ApiProblem.unprocessable("order-not-found",
                        intake.orderNumber() != null ? "order_number" : "transaction_id",
                        "no order of the account with this email matches"));
        LocalDate purchased = order.purchasedAt().atZone(tenant.settings().timezone()).toLocalDate();
        if (!purchased.equals(intake.purchaseDate())) {
            throw ApiProblem.unprocessable("purchase-date-mismatch", "purchase_date",
                    "does not match the order's purchase date");
        }
        Task task = null;
        if (intake.taskId() != null) {
            task = tasks.require(tenantId, intake.taskId());
            if (!task.accountId().equals(order.accountId())) {
                throw ApiProblem.notFound("task", intake.taskId());
            }
        }
        Instant now = clock.instant();
        long earlierRefunds = store.list(tenantId, "approved", null, 1000).stream()
                .filter(r -> r.accountId().equals(order.accountId())).count();
        Facts requestFacts = facts.of(tenant, order, intake.category(), intake.evidenceKinds(), task, now,
                earlierRefunds);
        Optional<PolicyDocuments.Loaded> policy = tenant.policyId() == null ? Optional.empty()
                : policies.forRequest(tenantId, tenant.policyId(), requestFacts);
        Decision decision = policy.map(p -> p.evaluate(requestFacts)).orElse(null);
        String status = status(decision);
        Instant due = "in_review".equals(status) ? calendar.addBusinessDays(now,
                policy.map(p -> p.policy().reviewSlaBusinessDays()).orElse(3), tenant.settings().timezone(),
                tenant.settings().holidayCountry()) : null;
        RefundRequest request = new RefundRequest(Ids.newId(clock), order.accountId(), order.id(),
                intake.email().toLowerCase(Locale.ROOT), intake.orderNumber(), intake.transactionId(),
                intake.purchaseDate(), intake.category(), intake.reason(), intake.taskId(), status,
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                decision == null ? null : decision.toJson(), due, now,
                "approved".equals(status) || "rejected".equals(status) ? now : null);
        store.insert(tenantId, request, actor);
        return request;
    }

    public RefundRequest require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
    }

    public List<RefundRequest> list(UUID tenantId, String status, Instant dueBefore, int limit) {
        return store.list(tenantId, status, dueBefore, limit);
    }

    /**
     * What the policy may decide alone is decided now: a refusal is rejected, a refund or remedy
     * approved, a request for information waits for the customer. Everything else goes to a person.
     */
    private static String status(Decision decision) {
        if (decision == null || !decision.automatic()) {
            return "in_review";
        }
        if (decision.outcome() == Outcome.NO_REFUND) {
            return "rejected";
        }
        if (decision.outcome() == Outcome.NEEDS_INFORMATION) {
            return "awaiting_information";
        }
        return decision.outcome() == Outcome.NEEDS_REVIEW ? "in_review" : "approved";
    }

    private Optional<Order> findOrder(UUID tenantId, Intake intake) {
        if (intake.orderNumber() != null) {
            return orders.findByNumber(tenantId, intake.orderNumber());
        }
        for (String provider : List.of("stripe", "manual")) {
            Optional<Order> order = orders.findCharge(tenantId, provider, intake.transactionId())
                    .map(charge -> orders.require(tenantId, charge.orderId()));
            if (order.isPresent()) {
                return order;
            }
        }
        return Optional.empty();
    }
}
