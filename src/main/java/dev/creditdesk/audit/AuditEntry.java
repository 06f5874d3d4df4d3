package dev.creditdesk.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One entry of the audit log, as it was written; it never changes. */
public record AuditEntry(UUID id, @Nullable UUID tenantId, Instant at, String actor, String action,
        @Nullable String subjectType, @Nullable String subjectId, @Nullable Map<String, Object> before,
        @Nullable Map<String, Object> after, @Nullable String requestId, Channel channel) {

    /** Where the change came from. */
    public enum Channel {
        API,
        CONSOLE,
        SYSTEM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Channel fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
