package dev.creditdesk.subscriptions;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.billing.NewCharge;
import dev.creditdesk.billing.NewOrder;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.subscriptions.internal.SubscriptionStore;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.joda.money.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscription lifecycle: create, renew, cancel at period end, end. A period lasts the plan's
 * interval: a calendar month or a calendar year. Each renewal, each
 * cancellation and the end are announced ({@code subscription.renewed}, {@code .cancelled},
 * {@code .ended}) whichever way they came (API, renewal job, Stripe, a lost chargeback).
 */
@Service
public class Subscriptions {

    private final SubscriptionStore store;
    private final Orders orders;
    private final Catalog catalog;
    private final Accounts accounts;
    private final Tenants tenants;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Subscriptions(SubscriptionStore store, Orders orders, Catalog catalog, Accounts accounts, Tenants tenants,
            Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.orders = orders;
        this.catalog = catalog;
        this.accounts = accounts;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Starts a subscription at {@code startedAt}: its first period's order and included credits. */
    @Transactional
    public Subscription create(UUID tenantId, UUID accountId, String planId, String provider,
            String providerSubscriptionId, Instant startedAt, PeriodPayment payment, String actor) {
        return create(tenantId, accountId, planId, provider, providerSubscriptionId, startedAt, payment,
                new TreeMap<>(), actor);
    }

    /** Starts a subscription bought on the web, carrying the integrator's {@code metadata}. */
    @Transactional
    public Subscription create(UUID tenantId, UUID accountId, String planId, String provider,
            String providerSubscriptionId, Instant startedAt, PeriodPayment payment,
            SortedMap<String, String> metadata, String actor) {
        return create(tenantId, accountId, planId, provider, providerSubscriptionId, startedAt, payment, metadata,
                Order.WEB, actor);
    }

    /** Starts a subscription bought through sales {@code channel}, carrying the integrator's {@code metadata}. */
    @Transactional
    public Subscription create(UUID tenantId, UUID accountId, String planId, String provider,
            String providerSubscriptionId, Instant startedAt, PeriodPayment payment,
            SortedMap<String, String> metadata, String channel, String actor) {
        accounts.require(tenantId, accountId);
        Product plan = plan(tenantId, planId);
        if (providerSubscriptionId != null
                && store.findByProviderId(tenantId, provider, providerSubscriptionId).isPresent()) {
            throw ApiProblem.conflict("subscription-exists", "Subscription " + providerSubscriptionId + " is recorded")
                    .with("field", "provider_subscription_id");
        }
        Instant end = periodEnd(tenantId, plan, startedAt);
        Subscription subscription = new Subscription(Ids.newId(clock), accountId, planId, provider,
                providerSubscriptionId, "active", false, startedAt, end, 1, clock.instant(), null, null, null, null,
                null, null, metadata, channel, null);
        store.insert(tenantId, subscription);
        recordPeriod(tenantId, subscription, plan, startedAt, end, payment, actor);
        return require(tenantId, subscription.id());
    }

    /** Subscriptions newest first (when created), by account and status when given. */
    public ListPage<Subscription> page(UUID tenantId, UUID accountId, String status, String startingAfter,
            int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after)
                .filter(s -> accountId == null || s.accountId().equals(accountId)).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, accountId, status, after, limit + 1), limit, Subscription::id);
    }

    /**
     * Renews for the next period: a new order and fresh credits expiring at its end. The last
     * period's unused included credits expire at that period's end, as their block says.
     */
    @Transactional
    public Subscription renew(UUID tenantId, UUID subscriptionId, PeriodPayment payment, String actor) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.active()) {
            throw ApiProblem.conflict("subscription-ended", "An ended subscription does not renew");
        }
        if (subscription.cancelAtPeriodEnd()) {
            throw ApiProblem.conflict("subscription-canceled", "A subscription cancelled at period end does not renew");
        }
        Product plan = plan(tenantId, subscription.planId());
        Instant start = subscription.pausedUntil() != null && subscription.pausedUntil().isAfter(
                subscription.currentPeriodEnd()) ? subscription.pausedUntil() : subscription.currentPeriodEnd();
        Instant end = periodEnd(tenantId, plan, start);
        recordPeriod(tenantId, subscription, plan, start, end, payment, actor,
                subscription.suspended() ? withheldReason(subscription) : null);
        store.advancePeriod(tenantId, subscriptionId, start, end);
        announce(tenantId, EventType.SUBSCRIPTION_RENEWED, subscriptionId);
        return require(tenantId, subscriptionId);
    }

    /**
     * Suspends the subscription for {@code source} (a dispute): it stops renewing by itself, and a
     * period the provider still charges for is recorded with its credits withheld. Suspending one
     * already suspended answers 409.
     */
    @Transactional
    public Subscription suspend(UUID tenantId, UUID subscriptionId, String source, String sourceId) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (subscription.suspended()) {
            throw ApiProblem.conflict("subscription-suspended", "The subscription is already suspended by "
                    + subscription.suspensionSource() + " " + subscription.suspensionSourceId());
        }
        store.setSuspension(tenantId, subscriptionId, clock.instant(), source, sourceId);
        return require(tenantId, subscriptionId);
    }

    /**
     * Lifts the suspension {@code source} put on: periods withheld meanwhile are delivered, and a
     * manual subscription renews again (the renewal job catches up). Another source's suspension
     * is left alone.
     */
    @Transactional
    public Subscription resume(UUID tenantId, UUID subscriptionId, String source, String sourceId) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.suspended() || !source.equals(subscription.suspensionSource())
                || !sourceId.equals(subscription.suspensionSourceId())) {
            return subscription;
        }
        store.setSuspension(tenantId, subscriptionId, null, null, null);
        String withheld = withheldReason(subscription);
        // with the account's access suspended otherwise, withheld periods wait for POST /v1/orders/{id}/deliver
        boolean deliverable = accounts.entitlements(tenantId, subscription.accountId()).allows(Entitlement.ACCESS);
        for (Order period : orders.forSubscription(tenantId, subscriptionId)) {
            if (deliverable && !period.delivered() && withheld.equals(period.undeliveredReason())) {
                orders.deliver(tenantId, period.id());
            }
        }
        return require(tenantId, subscriptionId);
    }

    private void announce(UUID tenantId, EventType type, UUID subscriptionId) {
        events.publishEvent(ResourceChanged.of(tenantId, type, subscriptionId));
    }

    private static String withheldReason(Subscription subscription) {
        return "subscription suspended by " + subscription.suspensionSource() + " "
                + subscription.suspensionSourceId();
    }

    /** Cancels at period end: no refund, no renewal; access and credits stay until the period ends. */
    @Transactional
    public Subscription cancel(UUID tenantId, UUID subscriptionId) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.active()) {
            throw ApiProblem.conflict("subscription-ended", "The subscription has already ended");
        }
        if (!subscription.cancelAtPeriodEnd()) {
            store.cancelAtPeriodEnd(tenantId, subscriptionId, clock.instant());
            announce(tenantId, EventType.SUBSCRIPTION_CANCELLED, subscriptionId);
        }
        return require(tenantId, subscriptionId);
    }

    /**
     * Pauses the subscription for {@code months} calendar months after its current period (or
     * after the pause it is in): it does not renew meanwhile, and its next period starts when the
     * pause ends. An ended subscription, or one cancelled at period end, cannot be paused (409).
     */
    @Transactional
    public Subscription pause(UUID tenantId, UUID subscriptionId, int months) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.active()) {
            throw ApiProblem.conflict("subscription-ended", "An ended subscription cannot be paused");
        }
        if (subscription.cancelAtPeriodEnd()) {
            throw ApiProblem.conflict("subscription-canceled", "A subscription cancelled at period end cannot be paused");
        }
        Instant from = subscription.pausedUntil() != null && subscription.pausedUntil().isAfter(
                subscription.currentPeriodEnd()) ? subscription.pausedUntil() : subscription.currentPeriodEnd();
        ZoneId zone = tenants.require(tenantId).settings().timezone();
        store.setPausedUntil(tenantId, subscriptionId, from.atZone(zone).plusMonths(months).toInstant());
        return require(tenantId, subscriptionId);
    }

    /**
     * Reinstates a subscription cancelled at period end: it renews again. One that has already
     * ended cannot be (409): it needs a new subscription and payment.
     */
    @Transactional
    public Subscription reinstate(UUID tenantId, UUID subscriptionId) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.active()) {
            throw ApiProblem.conflict("subscription-ended", "The subscription has already ended; a new one is needed");
        }
        if (subscription.cancelAtPeriodEnd()) {
            store.reinstate(tenantId, subscriptionId);
        }
        return require(tenantId, subscriptionId);
    }

    /** Moves the subscription to another plan of the catalog; its next periods are of that plan. */
    @Transactional
    public Subscription changePlan(UUID tenantId, UUID subscriptionId, String planId) {
        Subscription subscription = store.lock(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (!subscription.active()) {
            throw ApiProblem.conflict("subscription-ended", "The subscription has already ended");
        }
        plan(tenantId, planId);
        store.changePlan(tenantId, subscriptionId, planId);
        return require(tenantId, subscriptionId);
    }

    /** Ends the subscription now (the provider ended it, or its cancelled period is over). */
    @Transactional
    public Subscription end(UUID tenantId, UUID subscriptionId, String reason) {
        store.lock(tenantId, subscriptionId).orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
        if (store.end(tenantId, subscriptionId, reason, clock.instant())) {
            announce(tenantId, EventType.SUBSCRIPTION_ENDED, subscriptionId);
        }
        return require(tenantId, subscriptionId);
    }

    public Optional<Subscription> find(UUID tenantId, UUID subscriptionId) {
        return store.find(tenantId, subscriptionId);
    }

    public Subscription require(UUID tenantId, UUID subscriptionId) {
        return store.find(tenantId, subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("subscription", subscriptionId));
    }

    public Optional<Subscription> findByProviderId(UUID tenantId, String provider, String providerSubscriptionId) {
        return store.findByProviderId(tenantId, provider, providerSubscriptionId);
    }

    /** The periods of each of {@code subscriptionIds} (for a page of subscriptions, in two queries). */
    public Map<UUID, List<Order>> periods(UUID tenantId, List<UUID> subscriptionIds) {
        return orders.forSubscriptions(tenantId, subscriptionIds);
    }

    public List<Order> periods(UUID tenantId, UUID subscriptionId) {
        return orders.forSubscription(tenantId, subscriptionId);
    }

    private void recordPeriod(UUID tenantId, Subscription subscription, Product plan, Instant start, Instant end,
            PeriodPayment payment, String actor) {
        recordPeriod(tenantId, subscription, plan, start, end, payment, actor, null);
    }

    private void recordPeriod(UUID tenantId, Subscription subscription, Product plan, Instant start, Instant end,
            PeriodPayment payment, String actor, String withheldBecause) {
        Money net = payment.net() == null ? plan.price() : payment.net();
        Money zero = net.multipliedBy(0);
        Money tax = payment.tax() == null ? zero : payment.tax();
        Money fee = payment.fee() == null ? zero : payment.fee();
        Money total = net.plus(tax).plus(fee);
        String transactionId = payment.transactionId() == null
                ? subscription.provider() + ":" + subscription.id() + ":" + start.getEpochSecond()
                : payment.transactionId();
        String orderNumber = payment.orderNumber() == null
                ? "SUB-" + subscription.id().toString().substring(24) + "-" + start.getEpochSecond()
                : payment.orderNumber();
        Instant paidAt = payment.paidAt() == null ? clock.instant() : payment.paidAt();
        NewOrder period = new NewOrder(subscription.accountId(), orderNumber, plan.id(),
                OrderKind.SUBSCRIPTION_PERIOD, subscription.id(), start, end, paidAt, net, tax, fee, total,
                plan.credits(), plan.bonusCredits(), end,
                new NewCharge(subscription.provider(), transactionId, payment.providerChargeId(), total, paidAt),
                new TreeMap<>(), subscription.channel());
        if (withheldBecause == null) {
            orders.record(tenantId, period, actor);
        } else {
            orders.recordWithheld(tenantId, period, actor, withheldBecause);
        }
    }

    private Product plan(UUID tenantId, String planId) {
        Product plan = catalog.find(tenantId, planId).orElseThrow(() ->
                ApiProblem.unprocessable("unknown-plan", "plan_id", "is not a product in the catalog"));
        if (plan.kind() != Product.Kind.PLAN) {
            throw ApiProblem.unprocessable("not-a-plan", "plan_id", "is a credit package, not a plan");
        }
        return plan;
    }

    /**
     * One calendar month (a monthly plan) or year (a yearly plan) later in the tenant's timezone
     * (31 January → 28 or 29 February; 29 February 2028 → 28 February 2029).
     */
    private Instant periodEnd(UUID tenantId, Product plan, Instant start) {
        ZoneId zone = tenants.require(tenantId).settings().timezone();
        Product.Interval interval = plan.interval() == null ? Product.Interval.MONTH : plan.interval();
        return start.atZone(zone).plusMonths(interval.months()).toInstant();
    }
}
