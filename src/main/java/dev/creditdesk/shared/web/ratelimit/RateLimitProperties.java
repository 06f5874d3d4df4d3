package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.SignInBackoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.rate-limits.*}: token buckets per API key, per client address for requests
 * without a valid key, per client address for provider webhooks, and the console's sign-in backoff.
 * A limit left out keeps its default; each has a steady rate and a burst (the bucket's size).
 * {@code sync} says how far a node may run ahead of the shared buckets.
 */
@ConfigurationProperties("creditdesk.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Limit perKey,
        Limit perAddress,
        Limit webhooks,
        SignIn signIn,
        Sync sync) {

    public RateLimitProperties {
        perKey = Limit.orDefault(perKey, "per-key", 100, 200);
        perAddress = Limit.orDefault(perAddress, "per-address", 20, 40);
        webhooks = Limit.orDefault(webhooks, "webhooks", 50, 100);
        signIn = signIn == null ? new SignIn(null, null, null, null) : signIn;
        sync = Sync.orDefault(sync);
    }

    /** {@code requestsPerSecond} refilled continuously into a bucket of {@code burst} requests. */
    public record Limit(Long requestsPerSecond, Long burst) {

        static Limit of(long requestsPerSecond, long burst) {
            return orDefault(new Limit(requestsPerSecond, burst), "limit", requestsPerSecond, burst);
        }

        static Limit orDefault(Limit configured, String name, long requestsPerSecond, long burst) {
            Long rate = configured == null || configured.requestsPerSecond == null ? requestsPerSecond
                    : configured.requestsPerSecond;
            Long size = configured == null || configured.burst == null ? Math.max(burst, rate) : configured.burst;
            if (rate <= 0 || size < rate) {
                throw new IllegalArgumentException("creditdesk.rate-limits." + name
                        + ": requests-per-second must be positive and burst at least as large (" + rate + ", "
                        + size + ")");
            }
            return new Limit(rate, size);
        }
    }

    /** After {@code failures} failed sign-ins in a row, refuse for {@code firstLockout}, doubling up to {@code maxLockout}. */
    public record SignIn(Integer failures, Duration firstLockout, Duration maxLockout, Duration forgetAfter) {

        SignInBackoff.Settings settings() {
            return new SignInBackoff.Settings(
                    failures == null ? 5 : failures,
                    firstLockout == null ? Duration.ofSeconds(30) : firstLockout,
                    maxLockout == null ? Duration.ofMinutes(15) : maxLockout,
                    forgetAfter == null ? Duration.ofHours(1) : forgetAfter);
        }
    }

    /**
     * How often a node writes an API, address or webhook bucket back to PostgreSQL: when the tokens
     * it took since its last write would exceed the bucket's allowance ({@code maxUnsyncedPercent}
     * of its burst, rounded down, at most {@code maxUnsyncedTokens}), or at its first draw more than
     * {@code maxUnsyncedTime} after the last write. Until then it draws from its own copy. So a key
     * or address gets at most (nodes × allowance) more than its limit. 0 (any of them) makes every
     * draw a database transaction, as form limits always are.
     */
    public record Sync(Integer maxUnsyncedPercent, Long maxUnsyncedTokens, Duration maxUnsyncedTime) {

        static final Duration MAX_TIME = Duration.ofMinutes(1);

        static Sync orDefault(Sync configured) {
            Integer percent = configured == null || configured.maxUnsyncedPercent == null ? 10
                    : configured.maxUnsyncedPercent;
            Long tokens = configured == null || configured.maxUnsyncedTokens == null ? 1000
                    : configured.maxUnsyncedTokens;
            Duration time = configured == null || configured.maxUnsyncedTime == null ? Duration.ofMillis(100)
                    : configured.maxUnsyncedTime;
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException(
                        "creditdesk.rate-limits.sync.max-unsynced-percent: 0 to 100, not " + percent);
            }
            if (tokens < 0) {
                throw new IllegalArgumentException(
                        "creditdesk.rate-limits.sync.max-unsynced-tokens: 0 or more, not " + tokens);
            }
            if (time.isNegative() || time.compareTo(MAX_TIME) > 0) {
                throw new IllegalArgumentException(
                        "creditdesk.rate-limits.sync.max-unsynced-time: 0 to " + MAX_TIME + ", not " + time);
            }
            return new Sync(percent, tokens, time);
        }

        /** Tokens a node may take from a bucket of {@code burst} before writing it back; 0: every time. */
        long unsyncedTokens(long burst) {
            if (maxUnsyncedTime.isZero()) {
                return 0;
            }
            // burst / 100 first: no overflow for any burst, and still exactly floor(burst × percent / 100)
            long share = burst / 100 * maxUnsyncedPercent + burst % 100 * maxUnsyncedPercent / 100;
            return Math.min(share, maxUnsyncedTokens);
        }
    }
}
