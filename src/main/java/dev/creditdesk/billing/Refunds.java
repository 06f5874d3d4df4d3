package dev.creditdesk.billing;

import dev.creditdesk.billing.internal.OrderStore;
import dev.creditdesk.billing.internal.RefundStore;
import dev.creditdesk.shared.AfterCommit;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.joda.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds to the original payment method. {@link #request} only writes the refund, in the
 * caller's transaction (so it commits with whatever else was decided, such as removing credits);
 * the refund submitter sends it to the provider afterwards. A refund's terminal state is announced
 * once ({@code refund.succeeded}, {@code refund.failed}) before the domain event its listeners act on.
 */
@Service
public class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    private final RefundStore store;
    private final OrderStore orders;
    private final Map<String, PaymentProvider> providers;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<Chargebacks> chargebacks;
    private final Clock clock;
    private final MeterRegistry meters;

    Refunds(RefundStore store, OrderStore orders, List<PaymentProvider> providers, ApplicationEventPublisher events,
            ObjectProvider<Chargebacks> chargebacks, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.orders = orders;
        this.providers = providers.stream().collect(Collectors.toMap(PaymentProvider::name, Function.identity()));
        this.events = events;
        this.chargebacks = chargebacks;
        this.clock = clock;
    }

    /**
     * Writes a refund of {@code amount} from the order's original charge, or from {@code chargeId}
     * (a duplicate charge). Never more than what that charge has left to refund — its amount minus
     * refunds succeeded or on their way minus what lost chargebacks on it took back — nor more than
     * the order as a whole has left (all it paid minus all refunds and all lost chargebacks), and
     * nothing while a dispute on the order is open: every refund is written here, so no path can
     * pay twice.
     */
    @Transactional
    public ProviderRefund request(UUID tenantId, UUID orderId, UUID chargeId, Money amount, String reason,
            String actor) {
        orders.lock(tenantId, orderId);
        Order order = orders.find(tenantId, orderId).orElseThrow(() -> ApiProblem.notFound("order", orderId));
        Charge charge = (chargeId == null
                ? order.charges().stream().filter(c -> !c.duplicate()).findFirst()
                : order.charges().stream().filter(c -> c.id().equals(chargeId)).findFirst())
                .orElseThrow(() -> ApiProblem.unprocessable("unknown-charge", "charge_id", "is not a charge of this order"));
        if (!amount.getCurrencyUnit().equals(charge.amount().getCurrencyUnit())) {
            throw ApiProblem.unprocessable("currency-mismatch", "amount", "must be in "
                    + charge.amount().getCurrencyUnit().getCode());
        }
        if (!amount.isPositive()) {
            throw ApiProblem.invalid("amount", "must be more than zero");
        }
        Chargebacks.OnOrder disputes = chargebacks(tenantId, order.id());
        Refundable refundable = refundable(tenantId, order, disputes);
        if (refundable.blocked()) {
            throw ApiProblem.conflict("dispute-open", refundable.why()).with("dispute_id", refundable.openDispute());
        }
        Money remaining = left(tenantId, order, charge, disputes);
        if (amount.isGreaterThan(remaining)) {
            if (refundable.chargedBack().isPositive()) {
                throw ApiProblem.conflict("charged-back", refundable.why())
                        .with("refundable", remaining.getAmount().toPlainString())
                        .with("charged_back", refundable.chargedBack().getAmount().toPlainString());
            }
            throw ApiProblem.unprocessable("refund-exceeds-remaining", "amount", "must be at most "
                    + remaining.getAmount().toPlainString() + ", what is left to refund on the charge")
                    .with("refundable", remaining.getAmount().toPlainString());
        }
        if (!providers.containsKey(charge.provider())) {
            throw new IllegalStateException("no payment provider named " + charge.provider());
        }
        Instant now = clock.instant();
        ProviderRefund refund = new ProviderRefund(Ids.newId(clock), orderId, charge.id(), charge.provider(), amount,
                ProviderRefund.Status.REQUESTED, null, reason, null, 0, actor, now, null, null);
        store.insert(tenantId, refund, now);
        AfterCommit.run(() -> log.atInfo().addKeyValue("tenant", tenantId).addKeyValue("refund", refund.id())
                .addKeyValue("order", orderId).addKeyValue("provider", refund.provider())
                .addKeyValue("amount", amount.getAmount().toPlainString())
                .addKeyValue("currency", amount.getCurrencyUnit().getCode()).addKeyValue("requested_by", actor)
                .log("Refund requested"));
        return refund;
    }

    /**
     * What is left to refund on a charge: its amount minus refunds succeeded or on their way minus
     * what lost chargebacks on it took back, never more than the order as a whole has left, and
     * nothing while a dispute on the order is open.
     */
    public Money refundable(UUID tenantId, Charge charge) {
        Order order = orders.find(tenantId, charge.orderId())
                .orElseThrow(() -> ApiProblem.notFound("order", charge.orderId()));
        return left(tenantId, order, charge, chargebacks(tenantId, order.id()));
    }

    /** What can still be paid back on the order, and why not more. */
    public Refundable refundable(UUID tenantId, UUID orderId) {
        Order order = orders.find(tenantId, orderId).orElseThrow(() -> ApiProblem.notFound("order", orderId));
        return refundable(tenantId, order, chargebacks(tenantId, orderId));
    }

    private Chargebacks.OnOrder chargebacks(UUID tenantId, UUID orderId) {
        return chargebacks.getIfAvailable(() -> (t, o) -> Chargebacks.OnOrder.NONE).forOrder(tenantId, orderId);
    }

    private Refundable refundable(UUID tenantId, Order order, Chargebacks.OnOrder disputes) {
        Money zero = order.total().multipliedBy(0);
        Money paid = zero;
        Money refunded = zero;
        Money left = zero;
        Money duplicatesPaid = zero;
        Money duplicatesLeft = zero;
        boolean original = false;
        for (Charge charge : order.charges()) {
            if (charge.duplicate()) {
                duplicatesPaid = duplicatesPaid.plus(charge.amount());
                duplicatesLeft = duplicatesLeft.plus(left(tenantId, order, charge, disputes));
            } else if (!original) {
                original = true;
                paid = charge.amount();
                refunded = zero.plus(store.committedForCharge(tenantId, charge.id()));
                left = left(tenantId, order, charge, disputes);
            }
        }
        return new Refundable(paid, refunded, zero.plus(disputes.lost()), disputes.openDispute(), left,
                duplicatesPaid, min(duplicatesLeft, orderLeft(tenantId, order, disputes)));
    }

    /** What {@code charge} has left to refund, within what its order has left; nothing under an open dispute. */
    private Money left(UUID tenantId, Order order, Charge charge, Chargebacks.OnOrder disputes) {
        Money zero = charge.amount().multipliedBy(0);
        if (disputes.openDispute() != null) {
            return zero;
        }
        Money onCharge = charge.amount().minus(store.committedForCharge(tenantId, charge.id()))
                .minus(disputes.lostOn(charge, order.charges()));
        Money left = min(onCharge, orderLeft(tenantId, order, disputes));
        return left.isNegative() ? zero : left;
    }

    private static Money min(Money a, Money b) {
        return a.isGreaterThan(b) ? b : a;
    }

    /** All the order's charges paid, minus all their refunds succeeded or on their way, minus all lost chargebacks. */
    private Money orderLeft(UUID tenantId, Order order, Chargebacks.OnOrder disputes) {
        Money left = order.total().multipliedBy(0).minus(disputes.lost());
        for (Charge charge : order.charges()) {
            left = left.plus(charge.amount()).minus(store.committedForCharge(tenantId, charge.id()));
        }
        return left;
    }

    /** Sends a requested refund to its provider; the refund submitter calls it holding the refund's row lock. */
    public ProviderRefund submit(UUID tenantId, UUID refundId) {
        ProviderRefund refund = store.lock(tenantId, refundId).orElseThrow();
        if (refund.status() != ProviderRefund.Status.REQUESTED) {
            return refund;
        }
        Charge charge = orders.charges(tenantId, refund.orderId()).stream()
                .filter(c -> c.id().equals(refund.chargeId())).findFirst().orElseThrow();
        PaymentProvider.Submission result = providers.get(refund.provider()).submit(tenantId, refund, charge);
        Instant now = clock.instant();
        if (result.retry()) {
            store.retryLater(tenantId, refundId, result.failureReason(), now.plus(backoff(refund.attempts())));
            return store.find(tenantId, refundId).orElseThrow();
        }
        store.submitted(tenantId, refundId, ProviderRefund.Status.PENDING, result.providerRefundId(),
                result.failureReason(), now);
        if (result.status().terminal()) {
            return settle(tenantId, refundId, result.status(), result.providerRefundId(), result.failureReason());
        }
        return store.find(tenantId, refundId).orElseThrow();
    }

    /**
     * A refund whose submission threw instead of answering (data the provider call needs is missing,
     * a bug) waits its backoff like a refused one, so the refunds due after it are still sent.
     */
    @Transactional
    public void postpone(UUID tenantId, UUID refundId, String why) {
        ProviderRefund refund = store.lock(tenantId, refundId).orElseThrow();
        if (refund.status() == ProviderRefund.Status.REQUESTED) {
            store.retryLater(tenantId, refundId, why, clock.instant().plus(backoff(refund.attempts())));
        }
    }

    /** An operator confirms a manual refund was paid out. */
    @Transactional
    public ProviderRefund markSent(UUID tenantId, UUID refundId) {
        ProviderRefund refund = store.lock(tenantId, refundId).orElseThrow(() -> ApiProblem.notFound("refund", refundId));
        if (!"manual".equals(refund.provider())) {
            throw ApiProblem.conflict("not-manual", "Only manual refunds are marked sent; " + refund.provider()
                    + " reports its own");
        }
        if (refund.status() != ProviderRefund.Status.PENDING) {
            throw ApiProblem.conflict("refund-" + refund.status().wireName(),
                    "The refund is " + refund.status().wireName() + ", not pending");
        }
        return settle(tenantId, refundId, ProviderRefund.Status.SUCCEEDED, null, null);
    }

    /**
     * Records what the provider reports about one of our refunds. Terminal states are final:
     * a late or repeated report changes nothing.
     */
    @Transactional
    public ProviderRefund settle(UUID tenantId, UUID refundId, ProviderRefund.Status status, String providerRefundId,
            String failureReason) {
        ProviderRefund refund = store.lock(tenantId, refundId).orElseThrow(() -> ApiProblem.notFound("refund", refundId));
        if (refund.status().terminal() || status == ProviderRefund.Status.REQUESTED) {
            return refund;
        }
        if (!status.terminal()) {
            store.submitted(tenantId, refundId, status, providerRefundId, failureReason, clock.instant());
            return store.find(tenantId, refundId).orElseThrow();
        }
        store.complete(tenantId, refundId, status, providerRefundId, failureReason, clock.instant());
        reportSettled(tenantId, refund, status, failureReason);
        if (status == ProviderRefund.Status.SUCCEEDED) {
            if (!isDuplicateCharge(tenantId, refund)) {
                orders.addRefunded(tenantId, refund.orderId(), refund.amount().getAmount());
            }
            events.publishEvent(ResourceChanged.of(tenantId, EventType.REFUND_SUCCEEDED, refundId));
            events.publishEvent(new RefundSucceeded(tenantId, refundId, refund.orderId()));
        } else {
            events.publishEvent(ResourceChanged.of(tenantId, EventType.REFUND_FAILED, refundId));
            events.publishEvent(new RefundFailed(tenantId, refundId, refund.orderId(),
                    failureReason == null ? status.wireName() : failureReason));
        }
        return store.find(tenantId, refundId).orElseThrow();
    }

    /**
     * A refund's end once committed: a failed or canceled one counts in {@code creditdesk.refunds.failed}
     * (tenant, provider); every end is logged with the amount and the provider's reason.
     */
    private void reportSettled(UUID tenantId, ProviderRefund refund, ProviderRefund.Status status, String reason) {
        AfterCommit.run(() -> {
            boolean failed = status != ProviderRefund.Status.SUCCEEDED;
            if (failed) {
                Counter.builder("creditdesk.refunds.failed")
                        .description("Refunds their provider failed or canceled")
                        .tag("tenant", tenantId.toString()).tag("provider", refund.provider())
                        .register(meters).increment();
            }
            (failed ? log.atWarn() : log.atInfo()).addKeyValue("tenant", tenantId).addKeyValue("refund", refund.id())
                    .addKeyValue("order", refund.orderId()).addKeyValue("provider", refund.provider())
                    .addKeyValue("outcome", status.wireName())
                    .addKeyValue("amount", refund.amount().getAmount().toPlainString())
                    .addKeyValue("currency", refund.amount().getCurrencyUnit().getCode())
                    .addKeyValue("reason", reason)
                    .log(failed ? "Refund failed at its provider" : "Refund succeeded");
        });
    }

    /** A refund made at the provider directly (say, from Stripe's dashboard): recorded as succeeded. */
    @Transactional
    public ProviderRefund recordExternal(UUID tenantId, Charge charge, Money amount, String providerRefundId) {
        Optional<ProviderRefund> known = store.findByProviderId(tenantId, charge.provider(), providerRefundId);
        if (known.isPresent()) {
            return known.get();
        }
        Instant now = clock.instant();
        ProviderRefund refund = new ProviderRefund(Ids.newId(clock), charge.orderId(), charge.id(), charge.provider(),
                amount, ProviderRefund.Status.SUCCEEDED, providerRefundId, "refunded at " + charge.provider(), null, 0,
                charge.provider(), now, now, now);
        store.insert(tenantId, refund, null);
        if (!charge.duplicate()) {
            orders.addRefunded(tenantId, charge.orderId(), amount.getAmount());
        }
        events.publishEvent(ResourceChanged.of(tenantId, EventType.REFUND_SUCCEEDED, refund.id()));
        events.publishEvent(new RefundSucceeded(tenantId, refund.id(), charge.orderId()));
        return refund;
    }

    public Optional<ProviderRefund> find(UUID tenantId, UUID refundId) {
        return store.find(tenantId, refundId);
    }

    public ProviderRefund require(UUID tenantId, UUID refundId) {
        return store.find(tenantId, refundId).orElseThrow(() -> ApiProblem.notFound("refund", refundId));
    }

    public Optional<ProviderRefund> findByProviderId(UUID tenantId, String provider, String providerRefundId) {
        return store.findByProviderId(tenantId, provider, providerRefundId);
    }

    /** Refunds newest first (when requested), by order and by account when given. */
    public ListPage<ProviderRefund> page(UUID tenantId, UUID orderId, UUID accountId, String startingAfter,
            int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after).filter(r -> orderId == null || r.orderId().equals(orderId))
                .isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, orderId, accountId, after, limit + 1), limit, ProviderRefund::id);
    }

    public List<ProviderRefund> forOrder(UUID tenantId, UUID orderId) {
        return store.forOrder(tenantId, orderId);
    }

    private boolean isDuplicateCharge(UUID tenantId, ProviderRefund refund) {
        return orders.charges(tenantId, refund.orderId()).stream()
                .anyMatch(c -> c.id().equals(refund.chargeId()) && c.duplicate());
    }

    /** 1, 2, 4 … minutes, at most an hour. */
    private static java.time.Duration backoff(int attempts) {
        return java.time.Duration.ofMinutes(Math.min(60, 1L << Math.min(attempts, 6)));
    }
}
