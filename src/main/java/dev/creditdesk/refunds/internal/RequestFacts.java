package dev.creditdesk.refunds.internal;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.incidents.Unavailability;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.OrderCredits;
import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.refunds.DisputeFacts;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskStatus;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.usage.Usage;
import dev.creditdesk.usage.UsageSpan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The facts a policy reads about one request, from the records: the order's amounts and charges,
 * its credits in the ledger, the account's history, the task named, the full outages during the
 * order's service period (incidents), and the chargebacks on it (answered by the disputes module
 * through {@link DisputeFacts}), the subscription the order paid a period of, the account's country,
 * the order's sales channel and payment provider.
 */
@Component
public class RequestFacts {

    private final Orders orders;
    private final Ledger ledger;
    private final DisputeFacts disputes;
    private final Incidents incidents;
    private final Refunds refunds;
    private final Catalog catalog;
    private final BusinessCalendar calendar;
    private final Usage usage;
    private final Subscriptions subscriptions;
    private final Accounts accounts;

    RequestFacts(Orders orders, Ledger ledger, DisputeFacts disputes, Incidents incidents, Refunds refunds,
            Catalog catalog, BusinessCalendar calendar, Usage usage, Subscriptions subscriptions, Accounts accounts) {
        this.calendar = calendar;
        this.usage = usage;
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.refunds = refunds;
        this.catalog = catalog;
        this.orders = orders;
        this.ledger = ledger;
        this.disputes = disputes;
        this.incidents = incidents;
    }

    /**
     * The facts of a request, with the usage aggregates and catalog prices {@code needs} names
     * (what the policy version that answers it reads).
     */
    public Facts of(Tenant tenant, Order order, String category, List<String> evidence, Task task, Instant requestedAt,
            long accountRefunds, PolicyNeeds needs) {
        OrderCredits credits = ledger.orderCredits(tenant.id(), order.id());
        List<Order> accountOrders = orders.forAccount(tenant.id(), order.accountId());
        BigDecimal duplicateAmount = order.charges().stream().filter(Charge::duplicate)
                .map(c -> c.amount().getAmount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        Instant lastCharge = order.charges().stream().map(Charge::chargedAt).max(Comparator.naturalOrder())
                .orElse(order.purchasedAt());
        DisputeFacts.OrderDispute dispute = disputes.forOrder(tenant.id(), order.id(), requestedAt);
        boolean firstPurchase = accountOrders.stream().noneMatch(o -> o.purchasedAt().isBefore(order.purchasedAt()));
        Unavailability outage = outage(tenant, order, requestedAt);
        String holidayCountry = tenant.settings().holidayCountry();
        Facts.Builder builder = Facts.builder(tenant.settings().timezone(), requestedAt)
                .businessDays(date -> calendar.isBusinessDay(holidayCountry, date))
                .anchor(Anchor.PURCHASE, order.purchasedAt())
                .anchor(Anchor.RENEWAL, order.kind() == OrderKind.SUBSCRIPTION_PERIOD ? order.periodStart() : null)
                .anchor(Anchor.CHARGE, lastCharge)
                .put("request", "category", category)
                .put("request", "evidence", evidence)
                .put("request", "has_task", task != null)
                .put("request", "task_failed", task != null && task.status() == TaskStatus.FAILED)
                .put("request", "credits_consumed_by_task", task == null ? 0L : task.creditsUsed() - task.creditsRestored())
                .put("request", "channel", order.channel())
                .put("order", "net", order.net().getAmount())
                .put("order", "tax", order.tax().getAmount())
                .put("order", "fee", order.fee().getAmount())
                .put("order", "total", order.total().getAmount())
                .put("order", "currency", order.total().getCurrencyUnit().getCode())
                .put("order", "credits", order.credits())
                .put("order", "bonus_credits", order.bonusCredits())
                .put("order", "used", credits.used())
                .put("order", "held", credits.held())
                .put("order", "unused", credits.unused())
                .put("order", "bonus_unused", credits.bonusUnused())
                .put("order", "delivered", order.delivered())
                .put("order", "duplicate_charges", order.duplicateCharges())
                .put("order", "duplicate_amount", duplicateAmount)
                // refunds on their way count: money already promised back is not refundable twice
                .put("order", "refunded", refunds.refundable(tenant.id(), order.id()).refunded().getAmount())
                .put("order", "kind", order.kind().wireName())
                .put("order", "plan", order.productId() == null ? "" : order.productId())
                .put("order", "is_first_purchase", firstPurchase)
                .put("order", "is_subscription", order.kind() == OrderKind.SUBSCRIPTION_PERIOD)
                .put("account", "orders", (long) accountOrders.size())
                .put("account", "lifetime_used", ledger.consumed(tenant.id(), order.accountId()))
                .put("account", "lifetime_refunds", accountRefunds)
                .put("account", "disputes", disputes.countForAccount(tenant.id(), order.accountId()))
                .put("outage", "longest_hours", outage.longestHours())
                .put("outage", "total_hours", outage.totalHours())
                .put("dispute", "open", dispute.open())
                .put("dispute", "opened_before_request", dispute.openedBeforeRequest())
                .put("dispute", "status", dispute.status());
        salesAndCountry(tenant, order, builder);
        // the subscription's anchors first: usage windows may count from them
        subscription(tenant, order, requestedAt, builder);
        usage(builder, tenant.id(), order.accountId(), requestedAt, needs);
        for (String plan : needs.planPrices()) {
            catalog.find(tenant.id(), plan).ifPresent(product -> builder.planPrice(plan, product.price().getAmount()));
        }
        return builder.build();
    }

    /**
     * The usage aggregates the policy reads, over the whole account (tasks and reported events), each
     * from where its window starts (given the anchors already set) up to the request, in one query.
     */
    private void usage(Facts.Builder builder, UUID tenantId, UUID accountId, Instant requestedAt, PolicyNeeds needs) {
        if (needs.usage().isEmpty()) {
            return;
        }
        List<UsageQuery> queries = List.copyOf(needs.usage());
        List<UsageTotal> totals = usage.totals(tenantId, accountId, queries.stream()
                .map(q -> new UsageSpan(q.kind(), builder.usageFrom(q.window()), requestedAt)).toList());
        for (int i = 0; i < queries.size(); i++) {
            builder.usage(queries.get(i), totals.get(i));
        }
    }

    /**
     * Where the order was sold and paid, and where the customer is: {@code order.channel},
     * {@code order.provider} (of the charge that paid it; "" without one), {@code account.country}
     * ("" when unknown), {@code account.active_subscription}.
     */
    private void salesAndCountry(Tenant tenant, Order order, Facts.Builder builder) {
        String country = accounts.find(tenant.id(), order.accountId()).map(a -> a.country()).orElse(null);
        boolean activeSubscription = !subscriptions.page(tenant.id(), order.accountId(), "active", null, 1).data()
                .isEmpty();
        builder.put("order", "channel", order.channel())
                .put("order", "provider", order.charges().isEmpty() ? "" : order.charges().get(0).provider())
                .put("account", "country", country == null ? "" : country)
                .put("account", "active_subscription", activeSubscription);
    }

    /**
     * The {@code subscription} struct and its anchors, for an order that paid a subscription period;
     * for any other order interval and status {@code none}, period and months 0, flags false, and no
     * subscription anchors. The subscription is read as it stands now (status, cancellation).
     */
    private void subscription(Tenant tenant, Order order, Instant requestedAt, Facts.Builder builder) {
        Subscription subscription = order.subscriptionId() == null ? null
                : subscriptions.find(tenant.id(), order.subscriptionId()).orElse(null);
        if (subscription == null || order.kind() != OrderKind.SUBSCRIPTION_PERIOD) {
            builder.put("subscription", "interval", "none").put("subscription", "status", "none")
                    .put("subscription", "period", 0L).put("subscription", "is_renewal", false)
                    .put("subscription", "cancel_at_period_end", false).put("subscription", "cancelled", false)
                    .put("subscription", "months_elapsed", 0L).put("subscription", "months_left", 0L);
            return;
        }
        List<Order> periods = subscriptions.periods(tenant.id(), subscription.id());
        int index = 0;
        while (index < periods.size() && !periods.get(index).id().equals(order.id())) {
            index++;
        }
        long period = index + 1L;
        Product.Interval interval = catalog.find(tenant.id(), subscription.planId()).map(Product::interval)
                .orElse(Product.Interval.MONTH);
        boolean ended = !subscription.active();
        Instant start = periods.isEmpty() ? order.periodStart() : periods.get(0).periodStart();
        PaidTerm term = order.periodStart() == null || order.periodEnd() == null ? null
                : new PaidTerm(order.periodStart(), order.periodEnd(), tenant.settings().timezone());
        builder.put("subscription", "interval", interval.wireName())
                .put("subscription", "status", subscription.status())
                .put("subscription", "period", period)
                .put("subscription", "is_renewal", period > 1)
                .put("subscription", "cancel_at_period_end", subscription.cancelAtPeriodEnd())
                .put("subscription", "cancelled", subscription.cancelAtPeriodEnd() || ended)
                .put("subscription", "months_elapsed", term == null ? 0L : term.elapsed(requestedAt))
                .put("subscription", "months_left", term == null ? 0L : term.left(requestedAt))
                .anchor(Anchor.SUBSCRIPTION_START, start)
                .anchor(Anchor.CANCELLATION, subscription.canceledAt() != null ? subscription.canceledAt()
                        : ended ? subscription.endedAt() : null);
    }

    /**
     * Full outages over the order's service period, up to the request: a subscription period from
     * its start to its end, anything else from its purchase on.
     */
    private Unavailability outage(Tenant tenant, Order order, Instant requestedAt) {
        boolean period = order.kind() == OrderKind.SUBSCRIPTION_PERIOD && order.periodStart() != null;
        Instant from = period ? order.periodStart() : order.purchasedAt();
        Instant to = period && order.periodEnd() != null && order.periodEnd().isBefore(requestedAt)
                ? order.periodEnd() : requestedAt;
        return incidents.unavailability(tenant.id(), from, to.isBefore(from) ? from : to, requestedAt);
    }
}
