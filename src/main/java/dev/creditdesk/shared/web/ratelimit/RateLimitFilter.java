package dev.creditdesk.shared.web.ratelimit;

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
 * Limits every {@code /v1} request before anything else reads it: provider webhooks per client
 * address; requests without a bearer key per address; requests with a key known on this node to be
 * valid per key, and with any other key (a guess, a revoked key, a valid key this node has not seen
 * yet) per address. A known key that turns out not to authenticate (401, revoked) counts against
 * its address and is forgotten. Over a limit: 429 problem+json with
 * {@code Retry-After}. The path is matched as the servlet container decoded it, so every spelling
 * of a {@code /v1} path is limited alike.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final JsonMapper json;

    RateLimitFilter(RateLimiter limiter, JsonMapper json) {
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !decodedPath(request).startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (decodedPath(request).startsWith("/v1/webhooks/")) {
            if (admitted(limiter.draw(LimitKind.WEBHOOK, address), request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        String key = bearerKey(request);
        if (key == null) {
            if (admitted(limiter.draw(LimitKind.CLIENT_ADDRESS, address), request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        String subject = RateLimiter.keySubject(key);
        boolean known = limiter.isKnownKey(subject);
        // a key not yet seen valid draws from its address only: guesses make no buckets of their own
        Verdict verdict = known ? limiter.draw(LimitKind.API_KEY, subject)
                : limiter.draw(LimitKind.CLIENT_ADDRESS, address);
        if (!admitted(verdict, request, response)) {
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            limiter.forgetKey(subject);
            if (known) {
                limiter.draw(LimitKind.CLIENT_ADDRESS, address);
            }
        } else {
            limiter.rememberKey(subject);
        }
    }

    private boolean admitted(Verdict verdict, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader("RateLimit-Limit", Long.toString(verdict.limit().burst()));
        response.setHeader("RateLimit-Remaining", Long.toString(verdict.remaining()));
        if (verdict.allowed()) {
            return true;
        }
        String seconds = Long.toString(verdict.retryAfterSeconds());
        response.setHeader("Retry-After", seconds);
        response.setHeader("RateLimit-Reset", seconds);
        ApiProblem problem = new ApiProblem(429, "rate-limited", "Too many requests",
                "Too many " + verdict.kind().counted() + ": the limit is " + verdict.limit().requestsPerSecond()
                        + " per second with bursts of " + verdict.limit().burst() + ". Retry after " + seconds
                        + " s.")
                .with("limit", verdict.kind().wireName())
                .with("retry_after_seconds", verdict.retryAfterSeconds());
        Problems.write(response, json, problem, request.getRequestURI());
        return false;
    }

    private static String bearerKey(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).trim();
        return key.isEmpty() ? null : key;
    }

    /** The path as the container decoded and normalised it (what routing sees), not the raw URI. */
    static String decodedPath(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
