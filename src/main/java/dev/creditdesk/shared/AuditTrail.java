package dev.creditdesk.shared;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The append-only audit log, as modules write to it: each call adds one entry in the caller's
 * transaction, so the entry exists exactly when the change does. Requests need no call (every
 * successful mutating request is recorded with its actor, action, subject and the subject's state
 * before and after); this is for work without a request: webhooks from a payment provider, mail
 * routing, scheduled jobs. States are small maps of what changed; anything that looks like a
 * secret (a password, token, key or secret field) is replaced by {@code [redacted]}.
 */
public interface AuditTrail {

    /**
     * Records a change made by background work. {@code actor} says what did it: {@code stripe},
     * {@code system:<what>}; {@code action} is a stable dotted name ({@code dispute.provider_update}).
     */
    void system(UUID tenantId, String actor, String action, String subjectType, String subjectId,
            @Nullable Map<String, ?> before, @Nullable Map<String, ?> after);
}
