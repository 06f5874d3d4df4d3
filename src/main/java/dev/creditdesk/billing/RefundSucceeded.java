package dev.creditdesk.billing;

import java.util.UUID;

/** A provider confirmed a refund. Published in the transaction that records it. */
public record RefundSucceeded(UUID tenantId, UUID refundId, UUID orderId) {
}
