package dev.creditdesk.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What to show of a tenant's audit log: every filter optional; {@code from} inclusive, {@code to}
 * exclusive. Actor, action and subject id match exactly.
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String subjectId,
        @Nullable Instant from, @Nullable Instant to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);

    public AuditQuery {
        actor = blankToNull(actor);
        action = blankToNull(action);
        subjectId = blankToNull(subjectId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
