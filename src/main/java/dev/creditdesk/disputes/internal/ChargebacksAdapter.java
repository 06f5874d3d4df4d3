package dev.creditdesk.disputes.internal;

import dev.creditdesk.billing.Chargebacks;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers billing's question before every refund: what did chargebacks take back, is one open. */
@Component
class ChargebacksAdapter implements Chargebacks {

    private final DisputeStore store;

    ChargebacksAdapter(DisputeStore store) {
        this.store = store;
    }

    @Override
    public OnOrder forOrder(UUID tenantId, UUID orderId) {
        return store.chargebacks(tenantId, orderId);
    }
}
