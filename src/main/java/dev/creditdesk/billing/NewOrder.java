package dev.creditdesk.billing;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.joda.money.Money;

/**
 * A purchase to record. {@code creditsExpireAt} is when its credits expire (a subscription
 * period's end), null for credits that keep. Amounts share one currency and total = net + tax + fee.
 * {@code channel} is the sales channel ({@link Order#WEB} unless said).
 */
public record NewOrder(UUID accountId, String orderNumber, String productId, OrderKind kind, UUID subscriptionId,
        Instant periodStart, Instant periodEnd, Instant purchasedAt, Money net, Money tax, Money fee, Money total,
        long credits, long bonusCredits, Instant creditsExpireAt, NewCharge charge,
        SortedMap<String, String> metadata, String channel) {

    /** A purchase bought on the web. */
    public NewOrder(UUID accountId, String orderNumber, String productId, OrderKind kind, UUID subscriptionId,
            Instant periodStart, Instant periodEnd, Instant purchasedAt, Money net, Money tax, Money fee, Money total,
            long credits, long bonusCredits, Instant creditsExpireAt, NewCharge charge,
            SortedMap<String, String> metadata) {
        this(accountId, orderNumber, productId, kind, subscriptionId, periodStart, periodEnd, purchasedAt, net, tax,
                fee, total, credits, bonusCredits, creditsExpireAt, charge, metadata, Order.WEB);
    }

    /** A purchase without metadata (renewals, provider events, imports). */
    public NewOrder(UUID accountId, String orderNumber, String productId, OrderKind kind, UUID subscriptionId,
            Instant periodStart, Instant periodEnd, Instant purchasedAt, Money net, Money tax, Money fee, Money total,
            long credits, long bonusCredits, Instant creditsExpireAt, NewCharge charge) {
        this(accountId, orderNumber, productId, kind, subscriptionId, periodStart, periodEnd, purchasedAt, net, tax,
                fee, total, credits, bonusCredits, creditsExpireAt, charge, new TreeMap<>());
    }

    public NewOrder {
        if (channel == null) {
            channel = Order.WEB;
        }
        if (!total.isEqual(net.plus(tax).plus(fee))) {
            throw new IllegalArgumentException("total must equal net + tax + fee");
        }
    }
}
