package dev.creditdesk.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * A request's path as a log line may show it. Some paths carry a secret (a sign-in link's or a
 * confirmation link's token: {@code /console/invitation/<token>}, {@code /portal/<tenant>/confirm/<token>}),
 * and a log must never hold one: any segment long enough to be a token and not an id is replaced.
 * The query string is left out altogether.
 */
final class LoggedPath {

    private static final Pattern UUID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final int LONGEST_PLAIN_SEGMENT = 23;

    private LoggedPath() {
    }

    static String of(HttpServletRequest request) {
        return redact(request.getRequestURI());
    }

    static String redact(String path) {
        if (path == null) {
            return "";
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].length() > LONGEST_PLAIN_SEGMENT && !UUID.matcher(segments[i]).matches()) {
                segments[i] = "[redacted]";
            }
        }
        return String.join("/", segments);
    }
}
