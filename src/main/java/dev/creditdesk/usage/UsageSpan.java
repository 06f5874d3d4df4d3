package dev.creditdesk.usage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An aggregate's question: usage of {@code kind} that occurred at or after {@code from} (null: the
 * account's whole history) and at or before {@code to}. A span that starts at or after its end
 * is empty: it counts nothing.
 */
public record UsageSpan(String kind, @Nullable Instant from, Instant to) {
}
