package dev.creditdesk.disputes.internal;

import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.refunds.DisputeFacts;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers the refund policy's dispute facts from the disputes recorded. */
@Component
class DisputeFactsAdapter implements DisputeFacts {

    private final DisputeStore store;

    DisputeFactsAdapter(DisputeStore store) {
        this.store = store;
    }

    @Override
    public OrderDispute forOrder(UUID tenantId, UUID orderId, Instant at) {
        return store.latestForOrder(tenantId, orderId, at)
                .map(d -> new OrderDispute(d.outcome() == Dispute.Outcome.OPEN, d.refundRequestId() == null,
                        d.status()))
                .orElse(OrderDispute.NONE);
    }

    @Override
    public long countForAccount(UUID tenantId, UUID accountId) {
        return store.countForAccount(tenantId, accountId);
    }
}
