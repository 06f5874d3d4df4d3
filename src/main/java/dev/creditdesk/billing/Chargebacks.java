package dev.creditdesk.billing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What chargebacks took back or hold on an order. Billing declares it and the disputes module
 * answers it (disputes depends on billing, never the other way), so that the one place refunds
 * are written can refuse to pay back money the bank already paid back.
 */
public interface Chargebacks {

    /**
     * {@code lost}: the amount of the order's lost disputes (the customer has it back from their
     * bank); {@code openDispute}: the id of a dispute still open on the order, or null.
     */
    record OnOrder(BigDecimal lost, String openDispute) {

        public static final OnOrder NONE = new OnOrder(BigDecimal.ZERO, null);
    }

    OnOrder forOrder(UUID tenantId, UUID orderId);
}
