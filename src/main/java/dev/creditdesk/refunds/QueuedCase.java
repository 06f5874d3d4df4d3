package dev.creditdesk.refunds;

import org.jspecify.annotations.Nullable;

/**
 * A case in the queue, with who works it (an actor string, null for nobody) and how many of the
 * tenant's requests, this one included, name its order: more than one marks a duplicate.
 */
public record QueuedCase(RefundRequest request, @Nullable String assignee, int sameOrder) {

    public boolean duplicate() {
        return sameOrder > 1;
    }
}
