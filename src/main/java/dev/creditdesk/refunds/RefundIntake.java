package dev.creditdesk.refunds;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.refunds.CaseEvaluation.Evaluation;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Intake of refund requests. A request must name an order the account owns: the email and the
 * order must belong together, and a mismatch answers exactly as an unknown order does, so the
 * endpoint never reveals whose orders exist. The category must be one the tenant accepts
 * ({@link RefundCategories}). A request that passes is always recorded and answered; the
 * evaluation says what happens next.
 */
@Service
public class RefundIntake {

    /** Where cases opened for an outage come from (recorded as the case's creator and in its proposal). */
    public static final String OUTAGE_CHANNEL = "outage_compensation";

    /** What the customer (through the product's backend) says. */
    public record Intake(String email, String orderNumber, String transactionId, LocalDate purchaseDate,
            String category, String reason, UUID taskId, List<String> evidenceKinds,
            SortedMap<String, String> metadata) {

        public Intake(String email, String orderNumber, String transactionId, LocalDate purchaseDate,
                String category, String reason, UUID taskId, List<String> evidenceKinds) {
            this(email, orderNumber, transactionId, purchaseDate, category, reason, taskId, evidenceKinds,
                    new TreeMap<>());
        }
    }

    private final CaseEvaluation evaluation;
    private final CaseDecisions decisions;
    private final CaseMessages messages;
    private final Orders orders;
    private final Accounts accounts;
    private final Tasks tasks;
    private final Tenants tenants;
    private final RefundCategories categories;
    private final Clock clock;

    RefundIntake(CaseEvaluation evaluation, CaseDecisions decisions, CaseMessages messages, Orders orders,
            Accounts accounts, Tasks tasks, Tenants tenants, RefundCategories categories, Clock clock) {
        this.categories = categories;
        this.evaluation = evaluation;
        this.decisions = decisions;
        this.messages = messages;
        this.orders = orders;
        this.accounts = accounts;
        this.tasks = tasks;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Transactional
    public RefundRequest submit(UUID tenantId, Intake intake, String actor) {
        Tenant tenant = tenants.require(tenantId);
        Order order = findOrder(tenantId, intake)
                .filter(o -> accounts.emailMatches(tenantId, o.accountId(), intake.email(), o.purchasedAt()))
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
        categories.check(tenant, intake.category(), now, order.purchasedAt());
        Evaluation evaluated = evaluation.evaluate(tenant, order, intake.category(), intake.evidenceKinds(), task, now);
        Decision decision = evaluated.decision();
        RefundRequest draft = new RefundRequest(Ids.newId(clock), order.accountId(), order.id(),
                intake.email().toLowerCase(Locale.ROOT), intake.orderNumber(), intake.transactionId(),
                intake.purchaseDate(), intake.category(), intake.reason(), intake.taskId(),
                List.copyOf(intake.evidenceKinds()), evaluated.status(),
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                evaluated.proposal(), evaluated.due(), now, null, null, null, null, intake.metadata(), null);
        RefundRequest stored = decisions.open(tenantId, draft, evaluated, actor);
        messages.received(tenantId, stored);
        messages.outcome(tenantId, stored, evaluated.reason());
        return stored;
    }

    /**
     * Opens a case for support on the customer's behalf after an outage: category
     * service_unavailable, the policy's evaluation as its proposal (with the incident named), and
     * always in review, due after the policy's SLA, whatever the policy could decide alone. The
     * customer is not emailed: nobody asked yet, and support may decide to offer something else.
     */
    @Transactional
    public RefundRequest openOutageCase(UUID tenantId, UUID accountId, UUID orderId, UUID incidentId, String reason) {
        Tenant tenant = tenants.require(tenantId);
        Order order = orders.require(tenantId, orderId);
        if (!order.accountId().equals(accountId)) {
            throw ApiProblem.notFound("order", orderId);
        }
        Account account = accounts.require(tenantId, accountId);
        Instant now = clock.instant();
        String category = "service_unavailable";
        Evaluation evaluated = evaluation.evaluate(tenant, order, category, List.of(), null, now);
        Decision decision = evaluated.decision();
        Map<String, Object> proposal = new LinkedHashMap<>();
        if (decision != null) {
            proposal.putAll(evaluated.proposal());
        } else {
            proposal.put("remedies", List.of("replacement_credits"));
        }
        proposal.put("channel", OUTAGE_CHANNEL);
        proposal.put("incident_id", incidentId.toString());
        RefundRequest draft = new RefundRequest(Ids.newId(clock), accountId, orderId,
                account.email().toLowerCase(Locale.ROOT), order.orderNumber(), null,
                order.purchasedAt().atZone(tenant.settings().timezone()).toLocalDate(), category, reason, null,
                List.of(), CaseStatus.IN_REVIEW, decision == null ? null : decision.policyId(),
                decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                proposal, evaluated.reviewDue(), now, null, null, null, null, new TreeMap<>(), null);
        return decisions.open(tenantId, draft, null, evaluated.facts(), OUTAGE_CHANNEL);
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
