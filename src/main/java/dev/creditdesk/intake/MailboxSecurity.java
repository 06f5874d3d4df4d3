package dev.creditdesk.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the connection to the IMAP server is protected. */
public enum MailboxSecurity {
    /** TLS from the first byte (IMAPS, usually port 993). */
    SSL(993),
    /** Plain IMAP upgraded with STARTTLS before logging in, which is required (usually port 143). */
    STARTTLS(143),
    /** No encryption: only for a server on a trusted network (and the demo's local server). */
    NONE(143);

    private final int defaultPort;

    MailboxSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MailboxSecurity> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
