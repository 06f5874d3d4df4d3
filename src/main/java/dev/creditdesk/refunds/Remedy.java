package dev.creditdesk.refunds;

import java.math.BigDecimal;

/**
 * One remedy of an approval: {@code refund} (an amount to the original payment method, removing
 * {@code credits} of the order's credits, or all it has left when {@code credits} is null and the
 * refund is full), {@code refund_duplicate_charge}, {@code restore_credits} (the task's consumed
 * credits), {@code replacement_credits} ({@code credits} new credits), {@code deliver_order},
 * {@code access_correction} or {@code other} (with a note).
 */
public record Remedy(String type, BigDecimal amount, Long credits, String note) {
}
