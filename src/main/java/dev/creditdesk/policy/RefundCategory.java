package dev.creditdesk.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reasons every tenant accepts for a refund request, with the title a form shows; policies
 * read them as {@code request.category}. A policy may declare more of its own
 * ({@link Policy#categories()}).
 */
public enum RefundCategory {
    CHANGE_OF_MIND("I changed my mind"),
    UNUSED_CREDITS("I did not use my credits"),
    PARTIAL_USE("I used only part of what I bought"),
    CANCELLATION("I cancelled"),
    QUALITY("The results were not good enough"),
    DUPLICATE_CHARGE("I was charged twice"),
    SERVICE_UNAVAILABLE("The service was unavailable"),
    FRAUD("I did not make this purchase"),
    NOT_DELIVERED("I did not receive what I paid for"),
    FAILED_TASK("A generation failed but used my credits"),
    BILLING_ERROR("I was billed wrongly"),
    ACCOUNT_ERROR("Something is wrong with my account"),
    LEGAL_RIGHT("I have a legal right to a refund"),
    OTHER("Something else");

    private final String title;

    RefundCategory(String title) {
        this.title = title;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** Every category's wire name, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(RefundCategory::wireName).toList();
    }
}
