package dev.creditdesk.intake;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's mailbox settings as an admin sends them. A field left out takes its default
 * (port: the security's, folder: INBOX, enabled: true, patterns: the defaults, day_first: true);
 * the password may be left out when a mailbox is already saved, which keeps it.
 */
public record MailboxDraft(@Nullable String host, @Nullable Integer port, @Nullable String security,
        @Nullable String username, @Nullable String password, @Nullable String folder, @Nullable Boolean enabled,
        @Nullable List<String> orderPatterns, @Nullable List<String> transactionPatterns, @Nullable Boolean dayFirst) {
}
