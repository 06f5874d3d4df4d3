package dev.creditdesk.billing;

import java.util.UUID;

/** A provider refused or failed a refund; whoever decided it must look again. */
public record RefundFailed(UUID tenantId, UUID refundId, UUID orderId, String reason) {
}
