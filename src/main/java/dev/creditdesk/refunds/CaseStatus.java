package dev.creditdesk.refunds;

import java.util.Locale;

/**
 * Where a case stands. Open cases are in review or wait for the customer (their information, or
 * their choice among the remedies the policy offers); approved, rejected, withdrawn and merged (a
 * duplicate joined with another request about the same order) close it.
 * The moves allowed between them are in {@link #mayMoveTo}, and nothing else moves a case.
 */
public enum CaseStatus {
    IN_REVIEW,
    AWAITING_INFORMATION,
    AWAITING_CHOICE,
    APPROVED,
    REJECTED,
    WITHDRAWN,
    /** A duplicate joined with another request about the same order, which answers it (final). */
    MERGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a wire name, or null when there is none such. */
    public static CaseStatus fromWire(String value) {
        for (CaseStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        return null;
    }

    public boolean open() {
        return this == IN_REVIEW || this == AWAITING_INFORMATION || this == AWAITING_CHOICE;
    }

    /**
     * The transitions of a case: an open case is evaluated again (in review, waiting for
     * information), decided (approved, rejected) or withdrawn; an approval whose refund failed goes
     * back to review; rejected, withdrawn and merged are final.
     */
    public boolean mayMoveTo(CaseStatus next) {
        return switch (this) {
            case IN_REVIEW, AWAITING_INFORMATION, AWAITING_CHOICE -> true;
            case APPROVED -> next == IN_REVIEW;
            case REJECTED, WITHDRAWN, MERGED -> false;
        };
    }
}
