package dev.creditdesk.billing;

import java.time.Instant;
import java.util.UUID;
import org.joda.money.Money;

/** One change of an account's credit in money: what was added (or used), the balance after it, and why. */
public record AccountCreditEntry(UUID id, UUID accountId, Money amount, Money balanceAfter, String reason,
        String createdBy, Instant createdAt) {
}
