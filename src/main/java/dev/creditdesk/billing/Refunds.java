package dev.creditdesk.billing;

import dev.creditdesk.billing.internal.OrderStore;
import dev.creditdesk.billing.internal.RefundStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.joda.money.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds to the original payment method. {@link #request} only writes the refund, in the
 * caller's transaction (so it commits with whatever else was decided, such as removing credits);
 * the refund submitter sends it to the provider afterwards.
 */
@Service
public class Refunds {

    private final RefundStore store;
    private final OrderStore orders;
    private final Map<String, PaymentProvider> providers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Refunds(RefundStore store, OrderStore orders, List<PaymentProvider> providers, ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.orders = orders;
        this.providers = providers.stream().collect(Collectors.toMap(PaymentProvider::name, Function.identity()));
        this.events = events;
        this.clock = clock;
    }

    /**
     * Writes a refund of {@code amount} from the order's original charge, or from {@code chargeId}
     * (a duplicate charge). Never more than what that charge has left to refund.
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
        Money remaining = refundable(tenantId, charge);
        if (amount.isGreaterThan(remaining)) {
            throw ApiProblem.unprocessable("refund-exceeds-remaining", "amount", "must be at most "
                    + remaining.getAmount().toPlainString() + ", what is left to refund on the charge")
                    .with("refundable", remaining.getAmount().toPlainString());
        }
        if (!amount.isPositive()) {
            throw ApiProblem.invalid("amount", "must be more than zero");
        }
        if (!providers.containsKey(charge.provider())) {
            throw new IllegalStateException("no payment provider named " + charge.provider());
        }
        Instant now = clock.instant();
        ProviderRefund refund = new ProviderRefund(Ids.newId(clock), orderId, charge.id(), charge.provider(), amount,
                ProviderRefund.Status.REQUESTED, null, reason, null, 0, actor, now, null, null);
        store.insert(tenantId, refund, now);
        return refund;
    }

    /** What is left to refund on a charge: its amount minus refunds succeeded or on their way. */
    public Money refundable(UUID tenantId, Charge charge) {
        BigDecimal committed = store.committedForCharge(tenantId, charge.id());
        Money left = charge.amount().minus(committed);
        return left.isNegative() ? charge.amount().multipliedBy(0) : left;
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
        if (status == ProviderRefund.Status.SUCCEEDED) {
            if (!isDuplicateCharge(tenantId, refund)) {
                orders.addRefunded(tenantId, refund.orderId(), refund.amount().getAmount());
            }
            events.publishEvent(new RefundSucceeded(tenantId, refundId, refund.orderId()));
        } else {
            events.publishEvent(new RefundFailed(tenantId, refundId, refund.orderId(),
                    failureReason == null ? status.wireName() : failureReason));
        }
        return store.find(tenantId, refundId).orElseThrow();
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
        events.publishEvent(new RefundSucceeded(tenantId, refund.id(), charge.orderId()));
        return refund;
    }

    public ProviderRefund require(UUID tenantId, UUID refundId) {
        return store.find(tenantId, refundId).orElseThrow(() -> ApiProblem.notFound("refund", refundId));
    }

    public Optional<ProviderRefund> findByProviderId(UUID tenantId, String provider, String providerRefundId) {
        return store.findByProviderId(tenantId, provider, providerRefundId);
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
