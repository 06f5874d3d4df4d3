package dev.creditdesk.refunds;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The reasons a customer may give for a refund request; policies read them as {@code request.category}. */
public enum RefundCategory {
    CHANGE_OF_MIND, UNUSED_CREDITS, PARTIAL_USE, CANCELLATION, QUALITY, DUPLICATE_CHARGE, SERVICE_UNAVAILABLE,
    FRAUD, NOT_DELIVERED, FAILED_TASK, BILLING_ERROR, ACCOUNT_ERROR, LEGAL_RIGHT, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every category's wire name, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(RefundCategory::wireName).toList();
    }
}
