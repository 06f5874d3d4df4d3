package dev.creditdesk.refunds;

import java.time.Instant;
import java.util.UUID;

/**
 * An internal note on a case: the team's remark, written by {@code author} (an actor string).
 * Never in an email to the customer nor on their status page.
 */
public record CaseNote(UUID id, UUID requestId, String body, String author, Instant createdAt) {
}
