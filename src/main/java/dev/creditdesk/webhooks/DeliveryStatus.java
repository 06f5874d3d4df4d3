package dev.creditdesk.webhooks;

import java.util.Locale;

/** Pending until an attempt succeeds, or until the retries run out (failed). */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
