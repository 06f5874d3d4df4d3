package dev.creditdesk.refunds;

import org.jspecify.annotations.Nullable;

/**
 * What the review queue shows: by status and reason category (null for any), only cases nobody
 * works ({@code unassigned}) or those of one {@code assignee} (an actor string; null for anyone's),
 * only those in review past their due date ({@code overdue}).
 */
public record QueueFilter(@Nullable CaseStatus status, @Nullable String category, boolean unassigned,
        @Nullable String assignee, boolean overdue) {

    public QueueFilter {
        if (unassigned && assignee != null) {
            throw new IllegalArgumentException("a case is either unassigned or someone's");
        }
    }
}
