package dev.creditdesk.shared.web.ratelimit;

/** Which bucket a request drew from; named in the 429's problem so the caller knows which limit it hit. */
enum LimitKind {

    API_KEY("key:", "api-key", "requests with this API key"),
    CLIENT_ADDRESS("address:", "client-address", "requests without a valid API key from your address"),
    WEBHOOK("webhook:", "webhook", "webhook deliveries from your address"),
    FORM("form:", "form", "form submissions");

    private final String prefix;
    private final String wireName;
    private final String counted;

    LimitKind(String prefix, String wireName, String counted) {
        this.prefix = prefix;
        this.wireName = wireName;
        this.counted = counted;
    }

    String bucketId(String subject) {
        return prefix + subject;
    }

    String wireName() {
        return wireName;
    }

    /** What the bucket counts, for the problem's detail. */
    String counted() {
        return counted;
    }
}
