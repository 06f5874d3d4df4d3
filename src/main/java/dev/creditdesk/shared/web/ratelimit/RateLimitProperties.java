package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.SignInBackoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.rate-limits.*}: token buckets per API key, per client address for requests
 * without a valid key, per client address for provider webhooks, and the console's sign-in backoff.
 * A limit left out keeps its default; each has a steady rate and a burst (the bucket's size).
 */
@ConfigurationProperties("creditdesk.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Limit perKey,
        Limit perAddress,
        Limit webhooks,
        SignIn signIn) {

    public RateLimitProperties {
        perKey = Limit.orDefault(perKey, "per-key", 100, 200);
        perAddress = Limit.orDefault(perAddress, "per-address", 20, 40);
        webhooks = Limit.orDefault(webhooks, "webhooks", 50, 100);
        signIn = signIn == null ? new SignIn(null, null, null, null) : signIn;
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
}
