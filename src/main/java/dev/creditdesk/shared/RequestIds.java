package dev.creditdesk.shared;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Request ids: the {@code Request-Id} answered on every response, logged and put in problem+json. */
public final class RequestIds {

    public static final String HEADER = "Request-Id";
    public static final String INCOMING_HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{8,64}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /** The caller's id when it is 8–64 letters, digits, {@code _ . -}; otherwise a new one. */
    public static String fromHeader(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : generate();
    }

    public static String generate() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }

    /** The id of the request being served on this thread, or null outside one. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
