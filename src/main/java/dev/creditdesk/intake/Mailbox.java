package dev.creditdesk.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's support mailbox as saved (never its password) and how its last poll went.
 *
 * @param orderPatterns       the tenant's own order number patterns; empty means the defaults
 * @param transactionPatterns the tenant's own transaction id patterns; empty means the defaults
 * @param lastError           what went wrong on the last poll, in words; null after a good one
 */
public record Mailbox(UUID tenantId, String host, int port, MailboxSecurity security, String username, String folder,
        boolean enabled, List<String> orderPatterns, List<String> transactionPatterns, boolean dayFirst,
        @Nullable Instant lastPolledAt, @Nullable String lastError, int failures, Instant createdAt,
        Instant updatedAt) {

    public Mailbox {
        orderPatterns = List.copyOf(orderPatterns);
        transactionPatterns = List.copyOf(transactionPatterns);
    }
}
