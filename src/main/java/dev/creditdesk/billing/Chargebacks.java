package dev.creditdesk.billing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * What chargebacks took back or hold on an order. Billing declares it and the disputes module
 * answers it (disputes depends on billing, never the other way), so that the one place refunds
 * are written can refuse to pay back money the bank already paid back.
 */
public interface Chargebacks {

    /**
     * {@code lost}: the amount of the order's lost disputes (the customer has it back from their
     * bank); {@code lostByTransaction}: the part of it whose disputes name the charge they were on
     * (by transaction id); {@code openDispute}: the id of a dispute still open on the order, or null.
     */
    record OnOrder(BigDecimal lost, Map<String, BigDecimal> lostByTransaction, String openDispute) {

        public static final OnOrder NONE = new OnOrder(BigDecimal.ZERO, Map.of(), null);

        public OnOrder {
            lostByTransaction = Map.copyOf(lostByTransaction);
        }

        /**
         * What lost disputes took back from {@code charge}: those naming its transaction and, for
         * the order's original charge, those naming no charge (or one that is not the order's).
         */
        public BigDecimal lostOn(Charge charge, Iterable<Charge> orderCharges) {
            BigDecimal named = lostByTransaction.getOrDefault(charge.transactionId(), BigDecimal.ZERO);
            if (charge.duplicate()) {
                return named;
            }
            BigDecimal onCharges = BigDecimal.ZERO;
            for (Charge c : orderCharges) {
                onCharges = onCharges.add(lostByTransaction.getOrDefault(c.transactionId(), BigDecimal.ZERO));
            }
            return named.add(lost.subtract(onCharges).max(BigDecimal.ZERO));
        }
    }

    OnOrder forOrder(UUID tenantId, UUID orderId);
}
