package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.SignInBackoff;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes full buckets and forgotten sign-in failures, so the tables hold only addresses and keys in use. */
class RateLimitCleanup {

    private final RateLimiter limiter;
    private final SignInBackoff backoff;

    RateLimitCleanup(RateLimiter limiter, SignInBackoff backoff) {
        this.limiter = limiter;
        this.backoff = backoff;
    }

    @Scheduled(fixedDelayString = "${creditdesk.jobs.rate-limit-cleanup-delay:PT10M}")
    void deleteUnused() {
        limiter.removeExpired();
        backoff.deleteForgotten();
    }
}
