package dev.creditdesk.disputes;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderDisputeUpdated;
import dev.creditdesk.disputes.internal.DisputeStore;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.OrderCredits;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.AfterCommit;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chargeback lifecycle. A dispute opened before the customer asked us about the order
 * suspends what the policy in force lists (credits, subscription, download, access); one opened
 * after a refund request links to it and suspends nothing. The first transition out of open settles
 * it, once: won lifts exactly what was suspended; lost revokes the order's credits, ends its
 * subscription and marks it charged back. Announces {@code dispute.opened} and, when it settles,
 * {@code dispute.closed}, after what each did (credits, entitlements, subscription, order).
 */
@Service
public class Disputes {

    static final String SOURCE = "dispute";
    private static final Logger log = LoggerFactory.getLogger(Disputes.class);

    private final DisputeStore store;
    private final Orders orders;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Subscriptions subscriptions;
    private final RefundRequests refundRequests;
    private final CaseDecisions caseDecisions;
    private final Policies policies;
    private final Tenants tenants;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Disputes(DisputeStore store, Orders orders, Ledger ledger, Accounts accounts, Subscriptions subscriptions,
            RefundRequests refundRequests, CaseDecisions caseDecisions, Policies policies, Tenants tenants,
            Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.caseDecisions = caseDecisions;
        this.store = store;
        this.orders = orders;
        this.ledger = ledger;
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.refundRequests = refundRequests;
        this.policies = policies;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Records a dispute and suspends what the policy says; a provider id seen before answers 409. */
    @Transactional
    public Dispute open(UUID tenantId, NewDispute command, String actor) {
        if (command.providerDisputeId() != null
                && store.findByProviderId(tenantId, command.provider(), command.providerDisputeId()).isPresent()) {
            throw ApiProblem.conflict("dispute-exists", "Dispute " + command.providerDisputeId() + " is recorded")
                    .with("field", "provider_dispute_id");
        }
        Order order = orders.require(tenantId, command.orderId());
        Instant now = clock.instant();
        Tenant tenant = tenants.require(tenantId);
        Optional<Policy> policy = tenant.policyId() == null ? Optional.empty()
                : policies.inForce(tenantId, tenant.policyId(), command.openedAt()).map(PolicyDocuments.Loaded::policy);
        Optional<RefundRequest> earlier = refundRequests.firstForOrder(tenantId, order.id(), command.openedAt());
        Dispute.Outcome outcome = Dispute.outcomeOf(command.status());
        Set<String> suspend = earlier.isPresent() || outcome != Dispute.Outcome.OPEN ? Set.of()
                : policy.map(p -> p.chargebacks().suspend()).orElse(Set.of());
        Dispute dispute = new Dispute(Ids.newId(clock), order.id(), order.accountId(), command.provider(),
                command.providerDisputeId(), command.transactionId(), command.status(), outcome, command.reason(),
                command.amount(), command.evidenceDueBy(), command.openedAt(),
                outcome == Dispute.Outcome.OPEN ? null : now, earlier.map(RefundRequest::id).orElse(null),
                policy.map(Policy::id).orElse(null), policy.map(Policy::version).orElse(null),
                suspend.isEmpty() ? null : policy.get().chargebacks().cite(), actor, now, now, List.of());
        store.insert(tenantId, dispute);
        suspend(tenantId, dispute, order, suspend, actor);
        if (outcome == Dispute.Outcome.LOST) {
            settleLost(tenantId, dispute, order, actor);
        }
        caseDecisions.reevaluateOrder(tenantId, order.id(), "chargeback " + outcome.wireName(), actor);
        events.publishEvent(ResourceChanged.of(tenantId, EventType.DISPUTE_OPENED, dispute.id()));
        if (outcome != Dispute.Outcome.OPEN) {
            events.publishEvent(ResourceChanged.of(tenantId, EventType.DISPUTE_CLOSED, dispute.id()));
        }
        report(tenantId, dispute, outcome, "opened", suspend.isEmpty() ? null : String.join(",", suspend));
        return require(tenantId, dispute.id());
    }

    /**
     * Moves a dispute to the provider's new {@code status}. Leaving open settles it; a closed
     * dispute never reopens (a late or replayed event changes nothing) and cannot change outcome.
     */
    @Transactional
    public Dispute update(UUID tenantId, UUID disputeId, String status, Instant evidenceDueBy, String actor) {
        Dispute dispute = store.lock(tenantId, disputeId)
                .orElseThrow(() -> ApiProblem.notFound("dispute", disputeId));
        Dispute.Outcome next = status == null ? dispute.outcome() : Dispute.outcomeOf(status);
        if (!dispute.open()) {
            if (next != dispute.outcome() && next != Dispute.Outcome.OPEN) {
                throw ApiProblem.conflict("dispute-closed", "The dispute was already " + dispute.outcome().wireName());
            }
            return dispute;
        }
        Instant now = clock.instant();
        store.update(tenantId, disputeId, status == null ? dispute.status() : status, next, evidenceDueBy,
                next == Dispute.Outcome.OPEN ? null : now, now);
        Order order = orders.require(tenantId, dispute.orderId());
        if (next == Dispute.Outcome.WON) {
            settleWon(tenantId, dispute, actor);
        } else if (next == Dispute.Outcome.LOST) {
            settleLost(tenantId, dispute, order, actor);
        }
        if (next != Dispute.Outcome.OPEN) {
            caseDecisions.reevaluateOrder(tenantId, order.id(), "chargeback " + next.wireName(), actor);
            events.publishEvent(ResourceChanged.of(tenantId, EventType.DISPUTE_CLOSED, disputeId));
        }
        report(tenantId, dispute, next, next == Dispute.Outcome.OPEN ? "updated" : "settled", null);
        return require(tenantId, disputeId);
    }

    /** One log line per dispute opened, updated or settled, once committed: ids, the outcome, the amount, what was suspended. */
    private static void report(UUID tenantId, Dispute dispute, Dispute.Outcome outcome, String what, String suspended) {
        AfterCommit.run(() -> log.atInfo().addKeyValue("tenant", tenantId).addKeyValue("dispute", dispute.id())
                .addKeyValue("order", dispute.orderId()).addKeyValue("account", dispute.accountId())
                .addKeyValue("provider", dispute.provider()).addKeyValue("outcome", outcome.wireName())
                .addKeyValue("reason", dispute.reason())
                .addKeyValue("amount", dispute.amount().getAmount().toPlainString())
                .addKeyValue("currency", dispute.amount().getCurrencyUnit().getCode())
                .addKeyValue("policy", dispute.policyId()).addKeyValue("cite", dispute.policyCite())
                .addKeyValue("suspended", suspended)
                .log("Dispute " + what));
    }

    /** Stripe's charge.dispute.* events, in the webhook's transaction; a dispute on a charge not ours is kept by billing only. */
    @EventListener
    void onProviderDispute(ProviderDisputeUpdated event) {
        if (event.orderId() == null || event.status() == null || !Dispute.STATUSES.contains(event.status())) {
            return;
        }
        String actor = event.provider() + ":" + event.eventType();
        Optional<UUID> known = store.findByProviderId(event.tenantId(), event.provider(), event.providerDisputeId());
        if (known.isPresent()) {
            Dispute d = store.find(event.tenantId(), known.get()).orElseThrow();
            if (!d.open() && Dispute.outcomeOf(event.status()) != d.outcome()) {
                log.warn("Dispute {} is {}; ignoring {} with status {}", d.id(), d.outcome().wireName(),
                        event.eventType(), event.status());
                return;
            }
            update(event.tenantId(), known.get(), event.status(), event.evidenceDueBy(), actor);
            return;
        }
        Order order = orders.require(event.tenantId(), event.orderId());
        open(event.tenantId(), new NewDispute(order.id(), event.provider(), event.providerDisputeId(),
                event.transactionId(), event.status(), event.reason() == null ? "general" : event.reason(),
                event.amount() == null ? order.total() : event.amount(), event.evidenceDueBy(),
                event.openedAt() == null ? clock.instant() : event.openedAt()), actor);
    }

    public Optional<Dispute> find(UUID tenantId, UUID disputeId) {
        return store.find(tenantId, disputeId);
    }

    public Dispute require(UUID tenantId, UUID disputeId) {
        return store.find(tenantId, disputeId).orElseThrow(() -> ApiProblem.notFound("dispute", disputeId));
    }

    /** Newest first (a {@code limit} without cursor, for pages that show the latest few). */
    public List<Dispute> list(UUID tenantId, String state, UUID orderId, UUID accountId, int limit) {
        return store.list(tenantId, state, orderId, accountId, null, limit);
    }

    /**
     * Newest first by (opened_at, id); filters null for any. {@code startingAfter} is the
     * {@code next_cursor} of the previous page: the id of one of the tenant's disputes.
     */
    public ListPage<Dispute> page(UUID tenantId, String state, UUID orderId, UUID accountId, String startingAfter,
            int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Dispute cursor = after == null ? null : store.find(tenantId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.list(tenantId, state, orderId, accountId, cursor, limit + 1), limit, Dispute::id);
    }

    /**
     * A page of disputes for people, newest first, both ways ({@link Keyset}); {@code state} as in
     * {@link #page}. A cursor that names no dispute of the tenant reads as the first page.
     */
    public Keyset<Dispute> window(UUID tenantId, String state, Keyset.Cursor cursor, int limit) {
        UUID at = cursor.backwards() ? cursor.before() : cursor.after();
        Dispute from = at == null ? null : store.find(tenantId, at).orElse(null);
        if (from == null) {
            cursor = Keyset.Cursor.FIRST;
        }
        List<Dispute> rows = cursor.backwards() ? store.listBefore(tenantId, state, from, limit + 1)
                : store.list(tenantId, state, null, null, from, limit + 1);
        return Keyset.of(rows, limit, cursor, Dispute::id);
    }

    /**
     * What recording the provider's {@code status} would do to an open dispute now, as
     * {@link #update} would do it: the suspensions a win lifts, or the credits a loss revokes
     * (everything the order still has), the subscription it ends and the order it marks. Changes nothing.
     */
    public Settlement preview(UUID tenantId, UUID disputeId, String status) {
        Dispute dispute = require(tenantId, disputeId);
        Dispute.Outcome next = Dispute.outcomeOf(status);
        List<Dispute.DisputeSuspension> inForce = dispute.suspensions().stream().filter(s -> s.settledAt() == null)
                .toList();
        if (!dispute.open() || next == Dispute.Outcome.OPEN) {
            return new Settlement(dispute, next, inForce, 0, null);
        }
        Order order = orders.require(tenantId, dispute.orderId());
        if (next == Dispute.Outcome.WON) {
            return new Settlement(dispute, next, inForce, 0, null);
        }
        OrderCredits credits = ledger.orderCredits(tenantId, order.id());
        UUID endsSubscription = order.subscriptionId() != null
                && subscriptions.require(tenantId, order.subscriptionId()).active() ? order.subscriptionId() : null;
        return new Settlement(dispute, next, inForce, credits.unused() + credits.bonusUnused(), endsSubscription);
    }

    /**
     * What closing a dispute with {@code outcome} does: won lifts each of {@code inForce}; lost
     * revokes {@code creditsRevoked} credits of the order (those suspended among them), ends
     * {@code endsSubscription} when there is one, and marks the order charged back. Open: nothing.
     */
    public record Settlement(Dispute dispute, Dispute.Outcome outcome, List<Dispute.DisputeSuspension> inForce,
            long creditsRevoked, UUID endsSubscription) {
    }

    private void suspend(UUID tenantId, Dispute dispute, Order order, Set<String> kinds, String actor) {
        Instant now = clock.instant();
        String why = "chargeback " + (dispute.providerDisputeId() == null ? dispute.id() : dispute.providerDisputeId())
                + " under review";
        String sourceId = dispute.id().toString();
        if (kinds.contains("credits") && !store.suspendedByAnother(tenantId, "credits", order.id())) {
            long credits = ledger.suspendOrderCredits(tenantId, order.id(), why, SOURCE, sourceId);
            store.recordSuspension(tenantId, dispute.id(), "credits", order.id(), credits, now);
        }
        if (kinds.contains("subscription") && order.subscriptionId() != null) {
            Subscription subscription = subscriptions.require(tenantId, order.subscriptionId());
            if (subscription.active() && !subscription.suspended()) {
                subscriptions.suspend(tenantId, subscription.id(), SOURCE, sourceId);
                store.recordSuspension(tenantId, dispute.id(), "subscription", subscription.id(), 0, now);
            }
        }
        for (Entitlement entitlement : List.of(Entitlement.DOWNLOAD, Entitlement.ACCESS)) {
            if (kinds.contains(entitlement.wireName())) {
                Suspension s = accounts.suspend(tenantId, order.accountId(), entitlement, why, SOURCE, sourceId,
                        actor);
                store.recordSuspension(tenantId, dispute.id(), entitlement.wireName(), s.id(), 0, now);
            }
        }
    }

    private void settleWon(UUID tenantId, Dispute dispute, String actor) {
        Instant now = clock.instant();
        for (Dispute.DisputeSuspension s : dispute.suspensions()) {
            if (s.settledAt() != null) {
                continue;
            }
            switch (s.kind()) {
                case "credits" -> ledger.liftOrderSuspension(tenantId, s.targetId(), "chargeback won");
                case "subscription" -> subscriptions.resume(tenantId, s.targetId(), SOURCE, dispute.id().toString());
                default -> liftAccountSuspension(tenantId, dispute.accountId(), s.targetId(), "chargeback won", actor);
            }
            store.settleSuspension(tenantId, dispute.id(), s.kind(), "lifted", now);
        }
    }

    private void settleLost(UUID tenantId, Dispute dispute, Order order, String actor) {
        Instant now = clock.instant();
        ledger.removeOrderCredits(tenantId, order.id(), null, "chargeback lost");
        if (order.subscriptionId() != null) {
            // periods paid by other charges while it was suspended are the customer's: delivered, then it ends
            subscriptions.resume(tenantId, order.subscriptionId(), SOURCE, dispute.id().toString());
            if (subscriptions.require(tenantId, order.subscriptionId()).active()) {
                subscriptions.end(tenantId, order.subscriptionId(), "chargeback lost");
            }
        }
        orders.markChargedBack(tenantId, order.id());
        for (Dispute.DisputeSuspension s : require(tenantId, dispute.id()).suspensions()) {
            if (s.settledAt() != null) {
                continue;
            }
            String settlement = switch (s.kind()) {
                case "credits" -> "revoked";
                case "subscription" -> "ended";
                default -> {
                    liftAccountSuspension(tenantId, dispute.accountId(), s.targetId(), "chargeback lost; the "
                            + "order's credits are revoked", actor);
                    yield "lifted";
                }
            };
            store.settleSuspension(tenantId, dispute.id(), s.kind(), settlement, now);
        }
    }

    /** Support may have lifted it by hand meanwhile; then there is nothing left to lift. */
    private void liftAccountSuspension(UUID tenantId, UUID accountId, UUID suspensionId, String reason,
            String actor) {
        boolean active = accounts.entitlements(tenantId, accountId).suspensions().stream()
                .anyMatch(s -> s.id().equals(suspensionId));
        if (active) {
            accounts.lift(tenantId, accountId, suspensionId, reason, actor);
        }
    }
}
