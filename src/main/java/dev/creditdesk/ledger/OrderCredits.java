package dev.creditdesk.ledger;

/**
 * An order's credits now: purchased credits {@code used} (consumed) and {@code held} by tasks in
 * flight, purchased credits {@code unused} (left, suspended ones included), and bonus credits left.
 */
public record OrderCredits(long used, long held, long unused, long bonusUnused) {
}
