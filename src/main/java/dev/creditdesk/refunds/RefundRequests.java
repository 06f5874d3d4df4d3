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
import dev.creditdesk.refunds.internal.EvidenceCheck;
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
import java.util.Map;
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
    private final dev.creditdesk.billing.Refunds refunds;
    private final dev.creditdesk.ledger.Ledger ledger;
    private final dev.creditdesk.notifications.Notifications notifications;
    private final dev.creditdesk.refunds.internal.EvidenceStore evidenceStore;
    private final EvidenceCheck evidenceCheck;

    RefundRequests(RefundRequestStore store, RequestFacts facts, Orders orders, Accounts accounts, Tasks tasks,
            Tenants tenants, Policies policies, BusinessCalendar calendar, Clock clock,
            dev.creditdesk.billing.Refunds refunds, dev.creditdesk.ledger.Ledger ledger,
            dev.creditdesk.notifications.Notifications notifications,
            dev.creditdesk.refunds.internal.EvidenceStore evidenceStore, EvidenceCheck evidenceCheck) {
        this.evidenceCheck = evidenceCheck;
        this.notifications = notifications;
        this.evidenceStore = evidenceStore;
        this.refunds = refunds;
        this.ledger = ledger;
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
        Evaluation evaluation = evaluate(tenant, order, intake.category(), intake.evidenceKinds(), task, now);
        Decision decision = evaluation.decision();
        String status = evaluation.status();
        Instant due = evaluation.due();
        RefundRequest request = new RefundRequest(Ids.newId(clock), order.accountId(), order.id(),
                intake.email().toLowerCase(Locale.ROOT), intake.orderNumber(), intake.transactionId(),
                intake.purchaseDate(), intake.category(), intake.reason(), intake.taskId(),
                List.copyOf(intake.evidenceKinds()), status,
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                decision == null ? null : decision.toJson(), due, now,
                "approved".equals(status) || "rejected".equals(status) ? now : null,
                "approved".equals(status) || "rejected".equals(status) ? "policy" : null, null, null);
        store.insert(tenantId, request, actor);
        if ("approved".equals(status)) {
            execute(tenantId, request, proposedRemedies(decision), "policy " + decision.policyId() + " "
                    + decision.policyVersion() + ", rule " + decision.ruleId(), "policy");
        }
        RefundRequest stored = require(tenantId, request.id());
        tell(tenantId, stored, "request_received", Map.of("next", switch (status) {
            case "in_review" -> "Our support team will review it by " + due.atZone(tenant.settings().timezone())
                    .toLocalDate() + ".";
            case "awaiting_information" -> "We need a little more information; a separate message says what.";
            default -> "We have already decided on it; a separate message tells you the result.";
        }));
        tellOutcome(tenantId, stored, decision == null ? null : decision.cite());
        return stored;
    }

    /** Emails the customer what the case now is: approved, rejected or waiting for information. */
    private void tellOutcome(UUID tenantId, RefundRequest request, String reason) {
        switch (request.status()) {
            case "approved" -> tell(tenantId, request, "approved", Map.of("reason", reason == null ? "" : reason,
                    "remedies", describe(request)));
            case "rejected" -> tell(tenantId, request, "rejected", Map.of("reason", reason == null ? "" : reason));
            case "awaiting_information" -> tell(tenantId, request, "information_needed", Map.of("missing",
                    String.join(", ", missing(request)).replace('_', ' ')));
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> missing(RefundRequest request) {
        return request.proposal() == null ? List.of()
                : (List<String>) request.proposal().getOrDefault("missing", List.of());
    }

    @SuppressWarnings("unchecked")
    private static String describe(RefundRequest request) {
        Map<String, Object> decision = request.decision();
        if (decision == null) {
            return "";
        }
        return ((List<Map<String, Object>>) decision.getOrDefault("remedies", List.of())).stream()
                .map(r -> switch (String.valueOf(r.get("type"))) {
                    case "refund", "refund_duplicate_charge" -> "a refund of " + r.get("amount")
                            + " to your original payment method";
                    case "restore_credits" -> "the credits of your failed task restored";
                    case "replacement_credits", "compensation_credits" -> r.get("credits") + " credits added to your account";
                    case "deliver_order" -> "your purchase delivered";
                    case "access_correction" -> "your access corrected";
                    default -> String.valueOf(r.getOrDefault("note", "a correction"));
                })
                .reduce((a, b) -> a + "; " + b).orElse("");
    }

    private void tell(UUID tenantId, RefundRequest request, String template, Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(extra);
        values.put("order", request.orderNumber() != null ? request.orderNumber() : request.transactionId());
        values.put("request", request.id().toString());
        values.put("received", request.receivedAt().toString());
        notifications.queue(tenantId, template, request.email(), values, request.id());
    }

    /** Tells the customer their money is on its way, and when it usually arrives. */
    @org.springframework.context.event.EventListener
    void on(dev.creditdesk.billing.RefundSucceeded succeeded) {
        store.findByRefund(succeeded.tenantId(), succeeded.refundId()).ifPresent(request -> {
            Tenant tenant = tenants.require(succeeded.tenantId());
            dev.creditdesk.billing.ProviderRefund refund = refunds.require(succeeded.tenantId(), succeeded.refundId());
            Instant now = clock.instant();
            java.time.ZoneId zone = tenant.settings().timezone();
            String country = tenant.settings().holidayCountry();
            tell(succeeded.tenantId(), request, "refund_sent", Map.of(
                    "amount", refund.amount().getAmount().toPlainString(),
                    "currency", refund.amount().getCurrencyUnit().getCode(),
                    "arrival_from", calendar.addBusinessDays(now, arrivalFrom, zone, country).atZone(zone).toLocalDate().toString(),
                    "arrival_to", calendar.addBusinessDays(now, arrivalTo, zone, country).atZone(zone).toLocalDate().toString()));
        });
    }

    @org.springframework.beans.factory.annotation.Value("${creditdesk.refunds.arrival-business-days-from:5}")
    private int arrivalFrom;

    @org.springframework.beans.factory.annotation.Value("${creditdesk.refunds.arrival-business-days-to:10}")
    private int arrivalTo;

    /**
     * A person's decision on a case under review or awaiting information: approve with remedies
     * (the policy's proposal when none are given) or reject with a reason. Departing from the
     * proposal needs a note. Everything it does commits together, or nothing does.
     */
    @Transactional
    public RefundRequest decide(UUID tenantId, UUID id, boolean approve, List<Remedy> remedies, String note,
            String actor) {
        RefundRequest request = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
        if (!"in_review".equals(request.status()) && !"awaiting_information".equals(request.status())) {
            throw ApiProblem.conflict("case-closed", "The case is already " + request.status()
                    + "; its decision stands");
        }
        List<Remedy> chosen = approve && (remedies == null || remedies.isEmpty())
                ? proposedRemedies(request.proposal()) : remedies == null ? List.of() : remedies;
        String proposed = request.outcome() == null ? "needs_review" : request.outcome();
        boolean proposedApproval = proposed.equals("full_refund") || proposed.equals("partial_refund")
                || proposed.equals("remedy");
        boolean departs = (approve && proposed.equals("no_refund")) || (!approve && proposedApproval)
                || chosen.stream().anyMatch(r -> r.amount() != null && request.proposedAmount() != null
                && r.amount().compareTo(request.proposedAmount()) != 0);
        if (departs && (note == null || note.isBlank())) {
            throw ApiProblem.unprocessable("note-required", "note", "is required when the decision departs from the "
                    + "policy's proposal (" + request.outcome() + ")");
        }
        if (approve && chosen.isEmpty()) {
            throw ApiProblem.invalid("remedies", "an approval needs at least one remedy");
        }
        if (!approve) {
            store.decide(tenantId, id, "rejected", actor, decisionJson(false, chosen, note), null, clock.instant());
        } else {
            execute(tenantId, request, chosen, note, actor);
        }
        RefundRequest decided = require(tenantId, id);
        tellOutcome(tenantId, decided, note != null && !note.isBlank() ? note
                : request.proposal() == null ? null : String.valueOf(request.proposal().get("cite")));
        return decided;
    }

    private void execute(UUID tenantId, RefundRequest request, List<Remedy> remedies, String note, String actor) {
        UUID refundId = null;
        Order order = orders.require(tenantId, request.orderId());
        for (Remedy remedy : remedies) {
            switch (remedy.type()) {
                case "refund", "refund_duplicate_charge" -> {
                    UUID chargeId = "refund_duplicate_charge".equals(remedy.type())
                            ? order.charges().stream().filter(dev.creditdesk.billing.Charge::duplicate)
                                    .map(dev.creditdesk.billing.Charge::id).findFirst().orElse(null)
                            : null;
                    if (remedy.amount() == null) {
                        throw ApiProblem.invalid("remedies", "a refund needs an amount");
                    }
                    org.joda.money.Money amount = org.joda.money.Money.of(order.total().getCurrencyUnit(),
                            remedy.amount(), java.math.RoundingMode.UNNECESSARY);
                    refundId = refunds.request(tenantId, order.id(), chargeId, amount,
                            "refund request " + request.id(), actor).id();
                    if ("refund".equals(remedy.type())) {
                        ledger.removeOrderCredits(tenantId, order.id(), remedy.credits(), removalReason(request.id()));
                    }
                }
                case "restore_credits" -> {
                    if (request.taskId() == null) {
                        throw ApiProblem.invalid("remedies", "restore_credits needs the request's task");
                    }
                    tasks.restore(tenantId, request.taskId(), "refund request " + request.id());
                }
                case "replacement_credits", "compensation_credits" -> {
                    if (remedy.credits() == null || remedy.credits() <= 0) {
                        throw ApiProblem.invalid("remedies", remedy.type() + " needs a positive number of credits");
                    }
                    ledger.grant(dev.creditdesk.ledger.Grant.free(tenantId, request.accountId(),
                            "replacement_credits".equals(remedy.type()) ? dev.creditdesk.ledger.BlockSource.REPLACEMENT
                                    : dev.creditdesk.ledger.BlockSource.COMPENSATION,
                            remedy.credits(), null, "refund request " + request.id()));
                }
                case "deliver_order" -> {
                    if (!order.delivered()) {
                        orders.deliver(tenantId, order.id());
                    }
                }
                case "access_correction" -> accounts.entitlements(tenantId, request.accountId()).suspensions()
                        .forEach(suspension -> accounts.lift(tenantId, request.accountId(), suspension.id(),
                                "access corrected by refund request " + request.id(), actor));
                case "other", "end_subscription" -> {
                    // Recorded with the decision; carried out by a person (or, later, by the module that owns it).
                }
                default -> throw ApiProblem.invalid("remedies", "unknown remedy '" + remedy.type() + "'");
            }
        }
        store.decide(tenantId, request.id(), "approved", actor, decisionJson(true, remedies, note), refundId,
                clock.instant());
    }

    /** The reason the ledger records for credits a case's refund removed, so a failed refund can give them back. */
    public static String removalReason(UUID requestId) {
        return "refund request " + requestId;
    }

    /** The remedies the policy proposed for a case, with its amount and credits (what an approval takes by default). */
    public List<Remedy> proposedRemedies(RefundRequest request) {
        return proposedRemedies(request.proposal());
    }

    /** The remedies a policy decision proposes, with its amount and the credits it removes. */
    private static List<Remedy> proposedRemedies(Decision decision) {
        return proposedRemedies(decision == null ? null : decision.toJson());
    }

    @SuppressWarnings("unchecked")
    private static List<Remedy> proposedRemedies(java.util.Map<String, Object> proposal) {
        if (proposal == null) {
            return List.of();
        }
        java.math.BigDecimal amount = proposal.get("amount") == null ? null
                : new java.math.BigDecimal(proposal.get("amount").toString());
        long credits = ((Number) proposal.getOrDefault("credits_to_remove", 0)).longValue();
        boolean full = "full_refund".equals(proposal.get("outcome"));
        return ((List<String>) proposal.getOrDefault("remedies", List.of())).stream()
                .map(type -> switch (type) {
                    case "refund" -> new Remedy(type, amount, full ? null : credits, null);
                    case "refund_duplicate_charge" -> new Remedy(type, amount, null, null);
                    default -> new Remedy(type, null, null, null);
                })
                .toList();
    }

    private static java.util.Map<String, Object> decisionJson(boolean approve, List<Remedy> remedies, String note) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("decision", approve ? "approve" : "reject");
        json.put("remedies", remedies.stream().map(r -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("type", r.type());
            if (r.amount() != null) {
                m.put("amount", r.amount().toPlainString());
            }
            if (r.credits() != null) {
                m.put("credits", r.credits());
            }
            if (r.note() != null) {
                m.put("note", r.note());
            }
            return m;
        }).toList());
        json.put("note", note);
        return json;
    }

    private record Evaluation(Decision decision, String status, Instant due) {
    }

    private Evaluation evaluate(Tenant tenant, Order order, String category, List<String> evidence, Task task,
            Instant now) {
        long earlierRefunds = store.approvedFor(tenant.id(), order.accountId());
        Facts requestFacts = facts.of(tenant, order, category, evidence, task, now, earlierRefunds);
        Optional<PolicyDocuments.Loaded> policy = tenant.policyId() == null ? Optional.empty()
                : policies.forRequest(tenant.id(), tenant.policyId(), requestFacts);
        Decision decision = policy.map(p -> p.evaluate(requestFacts)).orElse(null);
        String status = status(decision);
        Instant due = "in_review".equals(status) ? calendar.addBusinessDays(now,
                policy.map(p -> p.policy().reviewSlaBusinessDays()).orElse(3), tenant.settings().timezone(),
                tenant.settings().holidayCountry()) : null;
        return new Evaluation(decision, status, due);
    }

    /**
     * The customer answers a request for more information (with evidence): the case is evaluated
     * again with what it now has, and proceeds as a new request would.
     */
    @Transactional
    public RefundRequest answer(UUID tenantId, UUID id, String information, List<String> evidenceKinds, String actor) {
        RefundRequest request = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
        if (!"awaiting_information".equals(request.status())) {
            throw ApiProblem.conflict("not-awaiting-information", "The case is " + request.status()
                    + ", not waiting for information");
        }
        Tenant tenant = tenants.require(tenantId);
        Order order = orders.require(tenantId, request.orderId());
        java.util.LinkedHashSet<String> evidence = new java.util.LinkedHashSet<>(request.evidenceKinds());
        evidence.addAll(evidenceKinds);
        Task task = request.taskId() == null ? null : tasks.require(tenantId, request.taskId());
        Evaluation evaluation = evaluate(tenant, order, request.category(), List.copyOf(evidence), task, clock.instant());
        Decision decision = evaluation.decision();
        store.reevaluated(tenantId, id, List.copyOf(evidence), information, evaluation.status(),
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                decision == null ? null : decision.toJson(), evaluation.due());
        RefundRequest updated = require(tenantId, id);
        if ("approved".equals(evaluation.status())) {
            execute(tenantId, updated, proposedRemedies(decision), "policy " + decision.policyId() + " "
                    + decision.policyVersion() + ", rule " + decision.ruleId(), "policy");
        } else if ("rejected".equals(evaluation.status())) {
            store.decide(tenantId, id, "rejected", "policy", decisionJson(false, List.of(), decision.cite()), null,
                    clock.instant());
        }
        RefundRequest answered = require(tenantId, id);
        tellOutcome(tenantId, answered, decision == null ? null : decision.cite());
        return answered;
    }

    /** Keeps a file the customer gave, with its checksum, and records its kind on the case. */
    @Transactional
    public Evidence addEvidence(UUID tenantId, UUID requestId, String kind, String filename, String contentType,
            byte[] data) {
        RefundRequest request = store.lock(tenantId, requestId)
                .orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        if (!"in_review".equals(request.status()) && !"awaiting_information".equals(request.status())) {
            throw ApiProblem.conflict("case-closed", "The case is " + request.status() + "; it takes no more evidence");
        }
        String type = evidenceCheck.check(tenantId, requestId, contentType, filename, data);
        String sha256;
        try {
            sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Evidence evidence = new Evidence(Ids.newId(clock), requestId, kind, filename, type, data.length, sha256,
                clock.instant());
        evidenceStore.insert(tenantId, evidence, data);
        evidenceStore.addKind(tenantId, requestId, kind);
        return evidence;
    }

    public List<Evidence> evidence(UUID tenantId, UUID requestId) {
        require(tenantId, requestId);
        return evidenceStore.list(tenantId, requestId);
    }

    public byte[] evidenceData(UUID tenantId, UUID requestId, UUID evidenceId) {
        return evidenceStore.data(tenantId, requestId, evidenceId)
                .orElseThrow(() -> ApiProblem.notFound("evidence", evidenceId));
    }

    /** The customer withdraws a case that is still open. */
    @Transactional
    public RefundRequest withdraw(UUID tenantId, UUID id) {
        RefundRequest request = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
        if (!"in_review".equals(request.status()) && !"awaiting_information".equals(request.status())) {
            throw ApiProblem.conflict("case-closed", "The case is already " + request.status());
        }
        store.withdraw(tenantId, id, clock.instant());
        return require(tenantId, id);
    }

    /** Where cases opened for an outage come from (recorded as the case's creator and in its proposal). */
    public static final String OUTAGE_CHANNEL = "outage_compensation";

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
        Facts caseFacts = facts.of(tenant, order, category, List.of(), null, now,
                store.approvedFor(tenantId, accountId));
        Optional<PolicyDocuments.Loaded> policy = tenant.policyId() == null ? Optional.empty()
                : policies.forRequest(tenantId, tenant.policyId(), caseFacts);
        Decision decision = policy.map(p -> p.evaluate(caseFacts)).orElse(null);
        Map<String, Object> proposal = new java.util.LinkedHashMap<>();
        if (decision != null) {
            proposal.putAll(decision.toJson());
        } else {
            proposal.put("remedies", List.of("replacement_credits"));
        }
        proposal.put("channel", OUTAGE_CHANNEL);
        proposal.put("incident_id", incidentId.toString());
        Instant due = calendar.addBusinessDays(now, policy.map(p -> p.policy().reviewSlaBusinessDays()).orElse(3),
                tenant.settings().timezone(), tenant.settings().holidayCountry());
        RefundRequest request = new RefundRequest(Ids.newId(clock), accountId, orderId,
                account.email().toLowerCase(Locale.ROOT), order.orderNumber(), null,
                order.purchasedAt().atZone(tenant.settings().timezone()).toLocalDate(), category, reason, null,
                List.of(), "in_review", decision == null ? null : decision.policyId(),
                decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                proposal, due, now, null, null, null, null);
        store.insert(tenantId, request, OUTAGE_CHANNEL);
        return require(tenantId, request.id());
    }

    public RefundRequest require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
    }

    /**
     * The first request the customer made about an order before {@code before}: a chargeback opened
     * after it was not opened "before contacting us". Outage cases Creditdesk opened do not count.
     */
    public java.util.Optional<RefundRequest> firstForOrder(UUID tenantId, UUID orderId, Instant before) {
        return store.firstForOrder(tenantId, orderId, before, OUTAGE_CHANNEL);
    }

    public List<RefundRequest> list(UUID tenantId, String status, Instant dueBefore, int limit) {
        return store.list(tenantId, status, dueBefore, limit);
    }

    /** The queue by status and reason category (either may be null for any), soonest due first. */
    public List<RefundRequest> queue(UUID tenantId, String status, String category, int offset, int limit) {
        return store.list(tenantId, status, category, null, offset, limit);
    }

    /** The account's requests, newest first, at most {@code limit} (a case's timeline). */
    public List<RefundRequest> forAccount(UUID tenantId, UUID accountId, int limit) {
        return store.forAccount(tenantId, accountId, limit);
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
