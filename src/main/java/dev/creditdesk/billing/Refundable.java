package dev.creditdesk.billing;

import org.joda.money.Money;

/**
 * What can still be paid back on an order: its original charge ({@code paid}) minus refunds
 * succeeded or on their way ({@code refunded}) minus what chargebacks took back
 * ({@code chargedBack}: all the order's lost disputes; those on a duplicate charge count against it),
 * nothing at all while a dispute is open ({@code openDispute} names it); duplicate charges separately
 * ({@code duplicatesPaid}, {@code duplicatesLeft}). Neither {@code left} nor {@code duplicatesLeft}
 * exceeds what the order as a whole has left: all its charges minus all refunds and chargebacks.
 */
public record Refundable(Money paid, Money refunded, Money chargedBack, String openDispute, Money left,
        Money duplicatesPaid, Money duplicatesLeft) {

    public boolean blocked() {
        return openDispute != null;
    }

    /** Why nothing (or less than asked) can be refunded, in words a person reads. */
    public String why() {
        if (openDispute != null) {
            return "A chargeback (dispute " + openDispute + ") is open on this order; no refund may be sent until it"
                    + " is settled.";
        }
        if (chargedBack.isPositive()) {
            return "The order was charged back (" + format(chargedBack) + " lost in a dispute): the customer already"
                    + " has that money back from their bank. " + format(left) + " is left to refund"
                    + (duplicatesPaid.isPositive() ? " on its charge and " + format(duplicatesLeft)
                            + " on its duplicate charges." : ".");
        }
        return "Nothing is left to refund on this order: " + format(refunded) + " of " + format(paid)
                + " is refunded or on its way.";
    }

    private static String format(Money money) {
        return money.getAmount().toPlainString() + " " + money.getCurrencyUnit().getCode();
    }
}
