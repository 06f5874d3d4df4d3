package dev.creditdesk.notifications;

import java.util.Locale;
import java.util.Optional;

/**
 * Which messages of the outbox to show: pending (not tried yet), failing (a send failed: retrying,
 * or given up), sent, cancelled. The one place that says what each means in the table.
 */
public enum OutboxFilter {
    PENDING("status = 'pending' and last_error is null"),
    FAILING("(status = 'pending' and last_error is not null or status = 'failed')"),
    SENT("status = 'sent'"),
    CANCELLED("status = 'cancelled'");

    final String condition;

    OutboxFilter(String condition) {
        this.condition = condition;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OutboxFilter> of(String wireName) {
        for (OutboxFilter filter : values()) {
            if (filter.wireName().equals(wireName)) {
                return Optional.of(filter);
            }
        }
        return Optional.empty();
    }
}
