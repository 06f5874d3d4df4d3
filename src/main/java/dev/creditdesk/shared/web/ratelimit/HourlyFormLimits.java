package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.FormLimits;
import java.time.Duration;
import java.util.Optional;

/** {@link FormLimits} on {@link RateLimiter}'s buckets; subjects (addresses, emails) hashed like keys. */
final class HourlyFormLimits implements FormLimits {

    private final RateLimiter limiter;
    private final boolean enabled;

    HourlyFormLimits(RateLimiter limiter, boolean enabled) {
        this.limiter = limiter;
        this.enabled = enabled;
    }

    @Override
    public Optional<Duration> take(String scope, String subject, int perHour) {
        if (!enabled) {
            return Optional.empty();
        }
        Verdict verdict = limiter.drawHourly(scope, RateLimiter.keySubject(subject), perHour);
        return verdict.allowed() ? Optional.empty() : Optional.of(Duration.ofSeconds(verdict.retryAfterSeconds()));
    }
}
