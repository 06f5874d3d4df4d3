package dev.creditdesk.shared;

/** Upper bounds that protect the service and catch unit mistakes (cents sent as credits). */
public final class Limits {

    /** Largest number of credits in one grant, order or task: 100 million. */
    public static final long MAX_CREDITS = 100_000_000L;
    /** Largest request body accepted by the API. */
    public static final int MAX_BODY_BYTES = 1_048_576;
    /** Longest task hold. */
    public static final long MAX_HOLD_TTL_SECONDS = 86_400L;

    private Limits() {
    }
}
