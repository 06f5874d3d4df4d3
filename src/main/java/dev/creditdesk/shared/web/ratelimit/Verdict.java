package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;

/** One bucket's answer: allowed or not, what is left, and when to come back. */
record Verdict(LimitKind kind, Limit limit, boolean allowed, long remaining, long retryAfterSeconds) {

    static Verdict unlimited(LimitKind kind, Limit limit) {
        return new Verdict(kind, limit, true, limit.burst(), 0);
    }
}
