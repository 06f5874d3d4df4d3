package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before anything else reads the path, a request whose path is not spelled plainly:
 * percent-encoded letters, digits or {@code -._~} (nothing needs them encoded, so only a trick
 * does), encoded {@code / \ ; %} or control characters, malformed escapes, {@code ;} parameters,
 * backslashes, {@code .} or {@code ..} segments and empty segments ({@code //}). Every path the
 * application serves has exactly one spelling, so whatever reads it (security chains, filters,
 * routing) reads the same thing. Answers 400 problem+json {@code path-not-canonical}.
 */
final class PathSpellingFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    PathSpellingFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String problem = problem(path);
        if (problem != null) {
            Problems.write(response, json, new ApiProblem(400, "path-not-canonical", "Path not accepted",
                    "The path must be spelled plainly: " + problem), path);
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the raw path, or null when it is spelled plainly. */
    static String problem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "it must start with /";
        }
        if (path.indexOf(';') >= 0) {
            return "no ; parameters";
        }
        if (path.indexOf('\\') >= 0) {
            return "no backslash";
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                return "no empty segments (//)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "no . or .. segments";
            }
            String escape = escapeProblem(segment);
            if (escape != null) {
                return escape;
            }
        }
        return null;
    }

    private static String escapeProblem(String segment) {
        for (int i = segment.indexOf('%'); i >= 0; i = segment.indexOf('%', i + 1)) {
            if (i + 3 > segment.length()) {
                return "a % must start an escape of two hex digits";
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return "a % must start an escape of two hex digits";
            }
            char decoded = (char) (high * 16 + low);
            if (unreserved(decoded)) {
                return "letters, digits and -._~ are never percent-encoded";
            }
            if (decoded == '/' || decoded == '\\' || decoded == ';' || decoded == '%' || decoded < 0x20
                    || decoded == 0x7f) {
                return "no encoded / \\ ; % or control characters";
            }
        }
        return null;
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
