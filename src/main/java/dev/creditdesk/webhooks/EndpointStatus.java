package dev.creditdesk.webhooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An endpoint receives events while enabled; disabled by its tenant, or by us after persistent failure. */
public enum EndpointStatus {
    ENABLED, DISABLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EndpointStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
