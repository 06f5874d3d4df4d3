package dev.creditdesk.shared;

import java.time.Duration;
import java.util.Optional;

/**
 * Hourly allowances for public forms (the hosted refund form), in the same database buckets as the
 * API's rate limits, so every node counts alike. Off when {@code creditdesk.rate-limits.enabled=false}.
 */
public interface FormLimits {

    /**
     * Takes one submission from {@code subject}'s allowance of {@code perHour} in {@code scope}
     * (say "refund-form-address"): empty when allowed, else how long until the next one is.
     * The subject is stored only as its SHA-256.
     */
    Optional<Duration> take(String scope, String subject, int perHour);
}
