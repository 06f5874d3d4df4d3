package dev.creditdesk.shared;

/** Upper bounds that protect the service and catch unit mistakes (cents sent as credits). */
public final class Limits {

    /** Largest number of credits in one grant, order or task: 100 million. */
    public static final long MAX_CREDITS = 100_000_000L;
    /** Largest request body accepted by the API. */
    public static final int MAX_BODY_BYTES = 1_048_576;
    /** Largest evidence file (a screenshot, a police report), uploaded as the raw body. */
    public static final int MAX_EVIDENCE_BYTES = 5 * 1_048_576;

    /** The body limit of a path: evidence uploads may be larger than JSON requests. */
    public static int maxBodyBytes(String path) {
        return path.endsWith("/evidence") ? MAX_EVIDENCE_BYTES : MAX_BODY_BYTES;
    }
    /** Longest task hold. */
    public static final long MAX_HOLD_TTL_SECONDS = 86_400L;

    private Limits() {
    }
}
