package dev.creditdesk.ledger;

import java.util.UUID;

/** A hold outlived its TTL and its credits went back to the account. Published in that transaction. */
public record HoldExpired(UUID tenantId, UUID holdId, UUID accountId, String reference) {
}
