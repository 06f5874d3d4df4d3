package dev.creditdesk.policy;

import java.util.Locale;

/** What a rule proposes. {@code REMEDY} approves with remedies other than money (restored credits…). */
public enum Outcome {
    FULL_REFUND,
    PARTIAL_REFUND,
    NO_REFUND,
    NEEDS_REVIEW,
    NEEDS_INFORMATION,
    REMEDY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String value) {
        for (Outcome outcome : values()) {
            if (outcome.wireName().equals(value)) {
                return outcome;
            }
        }
        return null;
    }

    public boolean refunds() {
        return this == FULL_REFUND || this == PARTIAL_REFUND;
    }
}
