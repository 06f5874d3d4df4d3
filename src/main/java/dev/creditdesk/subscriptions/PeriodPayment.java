package dev.creditdesk.subscriptions;

import java.time.Instant;
import org.joda.money.Money;

/**
 * The payment for one period: its order number and transaction id, and its amounts (null: the
 * plan's price, without tax or fee).
 */
public record PeriodPayment(String orderNumber, String transactionId, String providerChargeId, Money net, Money tax,
        Money fee, Instant paidAt) {

    public static PeriodPayment atPlanPrice(String orderNumber, String transactionId, Instant paidAt) {
        return new PeriodPayment(orderNumber, transactionId, null, null, null, null, paidAt);
    }
}
