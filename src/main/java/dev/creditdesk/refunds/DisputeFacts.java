package dev.creditdesk.refunds;

import java.time.Instant;
import java.util.UUID;

/**
 * What a policy reads about chargebacks. Refunds declares it and the disputes module answers it,
 * because disputes must read refund requests (a chargeback after a request suspends nothing) and
 * the dependency may only go one way.
 */
public interface DisputeFacts {

    /** The latest dispute on an order as it stood at {@code at}: {@code status} "none" when there is none. */
    record OrderDispute(boolean open, boolean openedBeforeRequest, String status) {

        public static final OrderDispute NONE = new OrderDispute(false, false, "none");
    }

    OrderDispute forOrder(UUID tenantId, UUID orderId, Instant at);

    /** Disputes the account has opened, ever. */
    long countForAccount(UUID tenantId, UUID accountId);
}
