package dev.creditdesk.billing;

import java.time.Instant;
import org.joda.money.Money;

/** A payment to record: the provider ({@code manual} or {@code stripe}) and its transaction id. */
public record NewCharge(String provider, String transactionId, String providerChargeId, Money amount,
        Instant chargedAt) {
}
