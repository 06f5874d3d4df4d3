package dev.creditdesk.billing;

import java.time.Instant;
import java.util.UUID;
import org.joda.money.Money;

/** A successful payment for an order; {@code duplicate} when the order was already paid. */
public record Charge(UUID id, UUID orderId, String provider, String transactionId, String providerChargeId,
        Money amount, boolean duplicate, Instant chargedAt) {
}
