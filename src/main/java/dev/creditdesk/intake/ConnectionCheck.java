package dev.creditdesk.intake;

import org.jspecify.annotations.Nullable;

/** What a test connection found: ok, or the problem in words (never the password). */
public record ConnectionCheck(boolean ok, @Nullable String problem) {

    public static ConnectionCheck passed() {
        return new ConnectionCheck(true, null);
    }

    public static ConnectionCheck failed(String problem) {
        return new ConnectionCheck(false, problem);
    }
}
