package dev.creditdesk.policy;

/** A fact written by hand that cannot be read: {@code fact} names it ({@code order.net}, {@code requested_at}). */
public class InvalidFactException extends IllegalArgumentException {

    private final String fact;
    private final String reason;

    public InvalidFactException(String fact, String reason) {
        super(fact + " " + reason);
        this.fact = fact;
        this.reason = reason;
    }

    public String fact() {
        return fact;
    }

    public String reason() {
        return reason;
    }
}
