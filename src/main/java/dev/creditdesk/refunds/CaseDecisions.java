package dev.creditdesk.refunds;

import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.refunds.CaseEvaluation.Evaluation;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.shared.AfterCommit;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The state machine of a case. Every change of status goes through {@link #move}, which checks
 * the transition ({@link CaseStatus#mayMoveTo}) and appends it to the case's history (who, when,
 * from, to, why): opened by intake, decided by the policy alone or by a person, evaluated again
 * with the customer's information, withdrawn, or sent back to review when its refund failed.
 * Everything a decision does commits together, or nothing does. Each public change announces the
 * case once it is complete: {@code refund_request.created} when opened, then
 * {@code refund_request.decided} when it is approved or rejected (by the policy alone or a person),
 * {@code refund_request.information_needed} or {@code refund_request.choice_needed} when it waits
 * for the customer,
 * {@code refund_request.withdrawn}, {@code refund_request.merged} when a duplicate is merged into
 * another request about the same order, and {@code refund_request.reopened} when an approved case goes
 * back to review because its refund failed.
 */
@Service
public class CaseDecisions {

    /** Who the policy is when it decides alone. */
    public static final String POLICY = "policy";
    private static final Logger log = LoggerFactory.getLogger(CaseDecisions.class);
    private static final Set<String> PROPOSED_APPROVALS = Set.of("full_refund", "partial_refund", "remedy");

    private final RefundRequestStore store;
    private final CaseEvaluation evaluation;
    private final RemedyExecution execution;
    private final CaseMessages messages;
    private final Orders orders;
    private final Tasks tasks;
    private final Tenants tenants;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RefundCategories categories;
    private final MeterRegistry meters;

    CaseDecisions(RefundRequestStore store, CaseEvaluation evaluation, RemedyExecution execution,
            CaseMessages messages, Orders orders, Tasks tasks, Tenants tenants, Clock clock,
            ApplicationEventPublisher events, RefundCategories categories, MeterRegistry meters) {
        this.meters = meters;
        this.categories = categories;
        this.events = events;
        this.store = store;
        this.evaluation = evaluation;
        this.execution = execution;
        this.messages = messages;
        this.orders = orders;
        this.tasks = tasks;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Records a new case in the status its evaluation gives; what the policy decided alone is carried out now. */
    @Transactional
    public RefundRequest open(UUID tenantId, RefundRequest draft, Evaluation evaluated, String createdBy) {
        return open(tenantId, draft, evaluated, evaluated == null ? null : evaluated.facts(), createdBy);
    }

    /**
     * Records a new case as {@link #open(UUID, RefundRequest, Evaluation, String)} does, its first
     * proposal keeping {@code facts} (what the policy read; null for none). With {@code evaluated}
     * null the case opens as drafted and nothing is decided alone.
     */
    @Transactional
    public RefundRequest open(UUID tenantId, RefundRequest draft, Evaluation evaluated, Map<String, Object> facts,
            String createdBy) {
        store.insert(tenantId, draft, createdBy);
        store.recordMove(tenantId, draft.id(), null, draft.status(), createdBy,
                evaluated == null ? "opened" : reasonOf(evaluated), draft.receivedAt());
        if (evaluated != null) {
            decideAlone(tenantId, require(tenantId, draft.id()), evaluated);
        }
        RefundRequest opened = require(tenantId, draft.id());
        store.recordProposal(tenantId, opened, facts, "received", createdBy, draft.receivedAt());
        announce(tenantId, EventType.REFUND_REQUEST_CREATED, opened.id());
        announceStatus(tenantId, opened);
        return opened;
    }

    /**
     * A person's decision on an open case: approve with remedies (when none are given, the
     * proposal's option {@code option}, 1-based, or its first consistent one) or reject with a
     * reason. Departing from the proposal, or removing fewer credits with a refund than the policy
     * would, needs a note.
     */
    @Transactional
    public RefundRequest decide(UUID tenantId, UUID id, boolean approve, List<Remedy> remedies, Integer option,
            String note, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (!request.open()) {
            throw closed(request);
        }
        List<Remedy> chosen = !approve ? List.of() : remedies.isEmpty() ? proposed(request, option) : remedies;
        if (approve && chosen.isEmpty()) {
            throw ApiProblem.invalid("remedies", "an approval needs at least one remedy");
        }
        RemedyExecution.checkConsistent(chosen);
        String departure = departure(tenantId, request, approve, chosen);
        boolean noted = note != null && !note.isBlank();
        if (departure != null && !noted) {
            throw ApiProblem.unprocessable("note-required", "note", "is required when " + departure);
        }
        Instant now = clock.instant();
        if (approve) {
            RemedyExecution.Applied applied = execution.apply(tenantId, request, chosen, actor);
            move(tenantId, request, CaseStatus.APPROVED, actor, note, now);
            store.decided(tenantId, id, actor, CaseDecision.approval(applied.remedies(), note).toJson(),
                    applied.refundId(), now);
        } else {
            move(tenantId, request, CaseStatus.REJECTED, actor, note, now);
            store.decided(tenantId, id, actor, CaseDecision.rejection(note).toJson(), null, now);
        }
        RefundRequest decided = require(tenantId, id);
        reportDecision(tenantId, decided, actor, approve ? chosen : List.of());
        messages.outcome(tenantId, decided, noted ? note
                : request.proposal() == null ? null : String.valueOf(request.proposal().get("cite")));
        announce(tenantId, EventType.REFUND_REQUEST_DECIDED, id);
        return decided;
    }

    /**
     * The customer answers a request for more information (with evidence): the case is evaluated
     * again with what it now has, and proceeds as a new request would.
     */
    @Transactional
    public RefundRequest answer(UUID tenantId, UUID id, String information, List<String> evidenceKinds,
            String actor) {
        return answer(tenantId, id, information, evidenceKinds, null, actor);
    }

    /**
     * The same, the answer naming the task the request is about ({@code taskId}, null when it names
     * none): a task of the order's account, kept on the case and read by the policy.
     */
    @Transactional
    public RefundRequest answer(UUID tenantId, UUID id, String information, List<String> evidenceKinds,
            UUID taskId, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (request.status() != CaseStatus.AWAITING_INFORMATION) {
            throw ApiProblem.conflict("not-awaiting-information", "The case is " + request.status().wireName()
                    + ", not waiting for information");
        }
        Tenant tenant = tenants.require(tenantId);
        Order order = orders.require(tenantId, request.orderId());
        LinkedHashSet<String> evidence = new LinkedHashSet<>(request.evidenceKinds());
        evidence.addAll(evidenceKinds);
        if (taskId != null) {
            Task named = tasks.find(tenantId, taskId).filter(t -> t.accountId().equals(request.accountId()))
                    .orElseThrow(() -> ApiProblem.invalid("task_id", "is not a task of the customer's account"));
            store.taskNamed(tenantId, id, named.id());
        }
        UUID taskOfCase = taskId != null ? taskId : request.taskId();
        Task task = taskOfCase == null ? null : tasks.require(tenantId, taskOfCase);
        Instant now = clock.instant();
        Evaluation evaluated = evaluation.evaluate(tenant, order, request.category(), List.copyOf(evidence), task, now);
        Decision decision = evaluated.decision();
        store.reevaluated(tenantId, id, List.copyOf(evidence), information,
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                evaluated.proposal(), evaluated.due());
        move(tenantId, request, evaluated.status(), actor, "the customer's information, evaluated again: "
                + reasonOf(evaluated), now);
        decideAlone(tenantId, require(tenantId, id), evaluated);
        RefundRequest answered = require(tenantId, id);
        store.recordProposal(tenantId, answered, evaluated.facts(), "the customer's information", actor, now);
        messages.outcome(tenantId, answered, evaluated.reason());
        announceStatus(tenantId, answered);
        return answered;
    }

    /**
     * Evaluates an open case again, as of when it was made, with what is known now (evidence
     * uploaded since, outages recorded since, chargebacks opened or settled, the money left), and
     * keeps the new proposal in its history. It never decides alone: a case in review stays there
     * with the new proposal for a person; one waiting for information goes to review once the
     * policy needs nothing more.
     */
    @Transactional
    public RefundRequest reevaluate(UUID tenantId, UUID id, String trigger, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (!request.open()) {
            throw ApiProblem.conflict("case-closed", "The case is already " + request.status().wireName()
                    + "; its proposal is kept as it was decided");
        }
        Tenant tenant = tenants.require(tenantId);
        Order order = orders.require(tenantId, request.orderId());
        Task task = request.taskId() == null ? null : tasks.require(tenantId, request.taskId());
        Instant now = clock.instant();
        Evaluation evaluated = evaluation.evaluate(tenant, order, request.category(), request.evidenceKinds(), task,
                request.receivedAt(), now);
        Decision decision = evaluated.decision();
        Map<String, Object> proposal = evaluated.proposal();
        if (proposal != null && request.proposal() != null && request.proposal().containsKey("channel")) {
            proposal.put("channel", request.proposal().get("channel"));
            proposal.put("incident_id", request.proposal().get("incident_id"));
        }
        boolean waiting = request.status() == CaseStatus.AWAITING_INFORMATION
                || request.status() == CaseStatus.AWAITING_CHOICE;
        boolean toReview = waiting && evaluated.status() != request.status();
        Instant due = toReview ? evaluated.reviewDue() : request.dueAt();
        store.reevaluated(tenantId, id, request.evidenceKinds(), null,
                decision == null ? null : decision.policyId(), decision == null ? null : decision.policyVersion(),
                decision == null ? null : decision.outcome().wireName(), decision == null ? null : decision.amount(),
                proposal == null ? request.proposal() : proposal, due);
        if (toReview) {
            move(tenantId, request, CaseStatus.IN_REVIEW, actor, trigger + "; evaluated again: " + reasonOf(evaluated),
                    now);
        }
        RefundRequest reevaluated = require(tenantId, id);
        store.recordProposal(tenantId, reevaluated, evaluated.facts(), trigger, actor, now);
        return reevaluated;
    }

    /**
     * Support corrects an open case's reason category (one the customer's email only let intake
     * guess): the case keeps its status and is evaluated again with the new category; its history
     * says who changed it from what.
     */
    @Transactional
    public RefundRequest recategorise(UUID tenantId, UUID id, String category, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (!request.open()) {
            throw closed(request);
        }
        Tenant tenant = tenants.require(tenantId);
        Order order = orders.require(tenantId, request.orderId());
        categories.check(tenant, category, request.receivedAt(), order.purchasedAt());
        if (category.equals(request.category())) {
            return request;
        }
        String why = CATEGORY_CHANGED + request.category() + " to " + category;
        store.recategorised(tenantId, id, category);
        store.recordMove(tenantId, id, request.status(), request.status(), actor, why, clock.instant());
        return reevaluate(tenantId, id, why, actor);
    }

    /** How a category correction starts in a case's history. */
    public static final String CATEGORY_CHANGED = "category changed from ";

    /** Evaluates every open case about an order again (a chargeback opened or settled on it). */
    @Transactional
    public void reevaluateOrder(UUID tenantId, UUID orderId, String trigger, String actor) {
        store.openForOrder(tenantId, orderId).forEach(id -> reevaluate(tenantId, id, trigger, actor));
    }

    /** Open cases received since {@code since}, oldest first, at most {@code limit}. */
    public List<UUID> openSince(UUID tenantId, Instant since, int limit) {
        return store.openSince(tenantId, since, limit);
    }

    /** The case's proposals, oldest first: the first at intake, then each evaluation again. */
    public List<CaseProposal> proposals(UUID tenantId, UUID id) {
        require(tenantId, id);
        return store.proposals(tenantId, id);
    }

    /**
     * The customer picks option {@code option} (1-based) of a case waiting for their choice: it is
     * applied as an approval would apply it, and the case is approved.
     */
    @Transactional
    public RefundRequest choose(UUID tenantId, UUID id, int option, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (request.status() != CaseStatus.AWAITING_CHOICE) {
            throw ApiProblem.conflict("not-awaiting-choice", "The case is " + request.status().wireName()
                    + ", not waiting for the customer's choice");
        }
        List<Remedy> chosen = proposed(request, option);
        Instant now = clock.instant();
        String why = "the customer chose option " + option;
        RemedyExecution.Applied applied = execution.apply(tenantId, request, chosen, actor);
        move(tenantId, request, CaseStatus.APPROVED, actor, why, now);
        store.decided(tenantId, id, actor, CaseDecision.approval(applied.remedies(), why).toJson(), applied.refundId(),
                now);
        RefundRequest decided = require(tenantId, id);
        messages.outcome(tenantId, decided, request.proposal() == null ? null
                : String.valueOf(request.proposal().get("cite")));
        announce(tenantId, EventType.REFUND_REQUEST_DECIDED, id);
        return decided;
    }

    /** The customer withdraws a case that is still open. */
    @Transactional
    public RefundRequest withdraw(UUID tenantId, UUID id, String actor) {
        RefundRequest request = lock(tenantId, id);
        if (!request.open()) {
            throw ApiProblem.conflict("case-closed", "The case is already " + request.status().wireName());
        }
        Instant now = clock.instant();
        move(tenantId, request, CaseStatus.WITHDRAWN, actor, "withdrawn by the customer", now);
        store.decided(tenantId, id, "customer", null, null, now);
        announce(tenantId, EventType.REFUND_REQUEST_WITHDRAWN, id);
        return require(tenantId, id);
    }

    /**
     * Merges the duplicate {@code id} into {@code intoId}: both open requests of the same account
     * about the same order, {@code intoId} not itself merged. The duplicate ends merged, both
     * histories say who merged them, when and why, and the customer is told once, on the
     * duplicate's thread, that it is answered on the other. A refusal changes nothing.
     */
    @Transactional
    public RefundRequest merge(UUID tenantId, UUID id, UUID intoId, String actor, String why) {
        if (id.equals(intoId)) {
            throw ApiProblem.invalid("into", "must be another request than the one merged");
        }
        boolean idFirst = id.compareTo(intoId) < 0; // lock in one order, so two opposite merges cannot deadlock
        RefundRequest first = lockForMerge(tenantId, idFirst ? id : intoId, intoId);
        RefundRequest second = lockForMerge(tenantId, idFirst ? intoId : id, intoId);
        RefundRequest request = idFirst ? first : second;
        RefundRequest into = idFirst ? second : first;
        if (!into.accountId().equals(request.accountId()) || !into.orderId().equals(request.orderId())) {
            throw ApiProblem.unprocessable("other-order", "into", "must be a request of the same account about the"
                    + " same order");
        }
        if (!request.open()) {
            throw closedFor("id", "The request is already " + request.status().wireName() + "; it cannot be merged");
        }
        if (!into.open()) {
            throw closedFor("into", "The request " + into.id() + " is already " + into.status().wireName()
                    + "; nothing can be merged into it");
        }
        Instant now = clock.instant();
        String reason = why == null || why.isBlank() ? "" : ": " + why.strip();
        if (!store.merge(tenantId, id, request.status(), intoId, actor, "merged into " + intoId + reason, now)) {
            throw ApiProblem.conflict("case-changed", "The case changed meanwhile; nothing was changed");
        }
        store.recordMove(tenantId, intoId, into.status(), into.status(), actor, "request " + id + " merged into this"
                + reason, now);
        messages.merged(tenantId, request, into);
        announce(tenantId, EventType.REFUND_REQUEST_MERGED, id);
        return require(tenantId, id);
    }

    /** The requests merged into {@code id}, oldest first. */
    public List<RefundRequest> mergedInto(UUID tenantId, UUID id) {
        return store.mergedInto(tenantId, id);
    }

    /**
     * A refund its provider failed sends its approved case back to review, due again at
     * {@code due}; returns the case, if a case's refund it was.
     */
    @Transactional
    public Optional<UUID> refundFailed(UUID tenantId, UUID refundId, String why, Instant due) {
        Optional<RefundRequest> found = store.findByRefund(tenantId, refundId)
                .map(r -> lock(tenantId, r.id()))
                .filter(r -> r.status() == CaseStatus.APPROVED && refundId.equals(r.refundId()));
        found.ifPresent(request -> {
            move(tenantId, request, CaseStatus.IN_REVIEW, "billing", "the refund failed: " + why, clock.instant());
            store.refundFailed(tenantId, request.id(), why, due);
            announce(tenantId, EventType.REFUND_REQUEST_REOPENED, request.id());
        });
        return found.map(RefundRequest::id);
    }

    /** The case's moves, oldest first. */
    public List<CaseEvent> history(UUID tenantId, UUID id) {
        require(tenantId, id);
        return store.history(tenantId, id);
    }

    /**
     * The remedies of the proposal's option {@code option} (1-based), or of its first option that
     * can be applied as proposed, with the proposal's amount.
     */
    public List<Remedy> proposed(RefundRequest request, Integer option) {
        List<List<Map<String, Object>>> options = request.optionDetails();
        if (option != null && (option < 1 || option > options.size())) {
            throw ApiProblem.invalid("option", options.isEmpty() ? "the proposal offers no options"
                    : "must be between 1 and " + options.size() + ", the proposal's options");
        }
        List<List<Map<String, Object>>> candidates = option == null ? options : List.of(options.get(option - 1));
        ApiProblem first = null;
        for (List<Map<String, Object>> details : candidates) {
            try {
                List<Remedy> remedies = new ArrayList<>();
                for (Map<String, Object> detail : details) {
                    remedies.add(proposedRemedy(request, detail));
                }
                RemedyExecution.checkConsistent(remedies);
                return List.copyOf(remedies);
            } catch (ApiProblem problem) {
                first = first == null ? problem : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return List.of();
    }

    private static Remedy proposedRemedy(RefundRequest request, Map<String, Object> detail) {
        String type = String.valueOf(detail.get("type"));
        try {
            return Remedy.proposed(detail, request.proposalAmount());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("remedies", "the proposal's " + type + " cannot be applied as proposed ("
                    + e.getMessage() + "); give the remedies");
        }
    }

    /** What the policy decided alone, carried out: an approval applies the proposal, a rejection says why. */
    private void decideAlone(UUID tenantId, RefundRequest request, Evaluation evaluated) {
        Instant now = clock.instant();
        if (request.status() == CaseStatus.APPROVED) {
            Decision decision = evaluated.decision();
            RemedyExecution.Applied applied = execution.apply(tenantId, request, proposed(request, null), POLICY);
            store.decided(tenantId, request.id(), POLICY, CaseDecision.approval(applied.remedies(), "policy "
                    + decision.policyId() + " " + decision.policyVersion() + ", rule " + decision.ruleId()).toJson(),
                    applied.refundId(), now);
            reportDecision(tenantId, require(tenantId, request.id()), POLICY, applied.remedies());
        } else if (request.status() == CaseStatus.REJECTED) {
            store.decided(tenantId, request.id(), POLICY, CaseDecision.rejection(evaluated.reason()).toJson(), null,
                    now);
            reportDecision(tenantId, require(tenantId, request.id()), POLICY, List.of());
        }
    }

    /**
     * A decision once committed: counted in {@code creditdesk.refund_requests.decisions} (tenant,
     * status, by policy or a person) and logged with the ids, the policy's rule and the money, never
     * the customer's words or address.
     */
    private void reportDecision(UUID tenantId, RefundRequest decided, String actor, List<Remedy> remedies) {
        String by = POLICY.equals(actor) ? "policy" : "person";
        BigDecimal refunded = remedies.stream().map(Remedy::amount).filter(a -> a != null)
                .reduce(BigDecimal::add).orElse(null);
        Map<String, Object> proposal = decided.proposal();
        Object rule = proposal == null ? null : proposal.get("rule");
        AfterCommit.run(() -> {
            Counter.builder("creditdesk.refund_requests.decisions")
                    .description("Refund requests decided (approved or rejected), by whom")
                    .tag("tenant", tenantId.toString()).tag("status", decided.status().wireName()).tag("by", by)
                    .register(meters).increment();
            LoggingEventBuilder line = log.atInfo().addKeyValue("tenant", tenantId)
                    .addKeyValue("refund_request", decided.id())
                    .addKeyValue("account", decided.accountId()).addKeyValue("order", decided.orderId())
                    .addKeyValue("outcome", decided.status().wireName()).addKeyValue("decided_by", by)
                    .addKeyValue("policy", decided.policyId()).addKeyValue("policy_version", decided.policyVersion())
                    .addKeyValue("rule", rule == null ? null : String.valueOf(rule))
                    .addKeyValue("proposed", decided.outcome());
            if (!remedies.isEmpty()) {
                line = line.addKeyValue("remedies", String.join(",", remedies.stream().map(Remedy::type).toList()));
            }
            if (refunded != null) {
                line = line.addKeyValue("amount", refunded.toPlainString());
            }
            if (decided.refundId() != null) {
                line = line.addKeyValue("refund", decided.refundId());
            }
            line.log("Refund request decided");
        });
    }

    /** Why a decision needs a note, or null when it follows the proposal. */
    private String departure(UUID tenantId, RefundRequest request, boolean approve, List<Remedy> chosen) {
        String proposed = request.outcome() == null ? "needs_review" : request.outcome();
        String departs = "the decision departs from the policy's proposal (" + request.outcome() + ")";
        if ((approve && proposed.equals("no_refund")) || (!approve && PROPOSED_APPROVALS.contains(proposed))) {
            return departs;
        }
        for (Remedy remedy : chosen) {
            if (remedy.amount() != null && request.proposedAmount() != null
                    && remedy.amount().compareTo(request.proposedAmount()) != 0) {
                return departs;
            }
        }
        for (Remedy remedy : chosen) {
            if (remedy instanceof Remedy.Refund refund && refund.credits() != null) {
                RemedyExecution.PolicyCredits policy = execution.policyCredits(tenantId, request, refund.amount());
                if (refund.credits() < policy.credits()) {
                    return "a refund removes fewer credits (" + refund.credits() + ") than the policy's default ("
                            + policy.credits() + (policy.everything() ? ", everything the order has left"
                            : ", the credits it pays for") + "): the customer keeps credits";
                }
            }
        }
        return null;
    }

    /** What the case's status now tells the product: decided, waiting for information, or nothing new (in review). */
    private void announceStatus(UUID tenantId, RefundRequest request) {
        switch (request.status()) {
            case APPROVED, REJECTED -> announce(tenantId, EventType.REFUND_REQUEST_DECIDED, request.id());
            case AWAITING_INFORMATION -> announce(tenantId, EventType.REFUND_REQUEST_INFORMATION_NEEDED, request.id());
            case AWAITING_CHOICE -> announce(tenantId, EventType.REFUND_REQUEST_CHOICE_NEEDED, request.id());
            case IN_REVIEW, WITHDRAWN, MERGED -> {
            }
        }
    }

    private void announce(UUID tenantId, EventType type, UUID requestId) {
        events.publishEvent(ResourceChanged.of(tenantId, type, requestId));
    }

    private void move(UUID tenantId, RefundRequest request, CaseStatus to, String actor, String reason, Instant at) {
        if (!request.status().mayMoveTo(to)) {
            throw closed(request);
        }
        if (!store.move(tenantId, request.id(), request.status(), to, actor, reason, at)) {
            throw ApiProblem.conflict("case-changed", "The case changed meanwhile; nothing was changed");
        }
    }

    private static ApiProblem closedFor(String field, String detail) {
        return new ApiProblem(409, "case-closed", "Conflict", detail, List.of(new FieldProblem(field, detail)));
    }

    private static ApiProblem closed(RefundRequest request) {
        return ApiProblem.conflict("case-closed", "The case is already " + request.status().wireName()
                + "; its decision stands");
    }

    private static String reasonOf(Evaluation evaluated) {
        Decision decision = evaluated.decision();
        String reason = evaluated.reason();
        return decision == null ? "no policy applies" : "policy " + decision.policyId() + " "
                + decision.policyVersion() + ", rule " + decision.ruleId() + (reason == null ? "" : ": " + reason);
    }

    /** One of a merge's two requests: an unknown target is a mistake in the field {@code into}. */
    private RefundRequest lockForMerge(UUID tenantId, UUID id, UUID intoId) {
        return store.lock(tenantId, id).orElseThrow(() -> id.equals(intoId)
                ? ApiProblem.invalid("into", "no refund request " + intoId)
                : ApiProblem.notFound("refund request", id));
    }

    private RefundRequest lock(UUID tenantId, UUID id) {
        return store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
    }

    private RefundRequest require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
    }
}
