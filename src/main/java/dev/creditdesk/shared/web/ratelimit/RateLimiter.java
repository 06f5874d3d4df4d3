package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in PostgreSQL ({@code rate_limit_buckets}), one per API key and per client address,
 * shared by every node: each draw is one short transaction that locks the bucket's row
 * ({@code select ... for update}), refills it by the time passed and takes a token.
 *
 * <p>It also remembers, on this node, which keys were recently seen to authenticate: a request with
 * a key not known to be valid draws from its address's bucket instead of a key's, so guessing keys
 * is limited per address and makes no bucket per guess.
 */
final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final Duration KNOWN_KEY_TTL = Duration.ofMinutes(5);
    private static final int KNOWN_KEYS_MAX = 10_000;
    private static final int PROXIES_MAX = 10_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final RateLimitProperties settings;
    private final Clock clock;
    private final ClockTimeMeter timeMeter;
    private final Map<String, Limit> overrides = new ConcurrentHashMap<>();
    private final Map<String, Instant> knownKeys = new ConcurrentHashMap<>();
    private final Map<String, SubjectBuckets> proxies = new ConcurrentHashMap<>();

    RateLimiter(DataSource dataSource, Clock clock, RateLimitProperties settings) {
        this.timeMeter = new ClockTimeMeter(clock);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .clientClock(timeMeter)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        this.settings = settings;
        this.clock = clock;
    }

    /** The bucket id of an API key: the key's SHA-256, so no key is ever stored. */
    static String keySubject(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes one token from the subject's bucket. This node's own bucket is asked first: it counts only
     * the requests this node let through, never more than the shared bucket did, so when it is empty
     * the shared one is too, and a flood is refused without a database round trip. If the database
     * fails, the request passes (and it is logged).
     */
    Verdict draw(LimitKind kind, String subject) {
        String id = kind.bucketId(subject);
        Limit limit = limitOf(kind, id);
        return draw(kind, id, limit, bandwidth(limit));
    }

    /**
     * Takes one token from a bucket of {@code perHour} tokens refilled over an hour: for forms people
     * fill in, where a per-second rate says nothing. {@code scope} keeps one form's buckets apart
     * from another's.
     */
    Verdict drawHourly(String scope, String subject, int perHour) {
        String id = LimitKind.FORM.bucketId(scope + ":" + subject);
        Limit limit = new Limit(1L, (long) perHour);
        return draw(LimitKind.FORM, id, limit, Bandwidth.builder().capacity(perHour)
                .refillGreedy(perHour, Duration.ofHours(1)).build());
    }

    private Verdict draw(LimitKind kind, String id, Limit limit, Bandwidth bandwidth) {
        SubjectBuckets bucket = bucket(id, bandwidth);
        ConsumptionProbe local = bucket.local().tryConsumeAndReturnRemaining(1);
        if (!local.isConsumed()) {
            return refused(kind, limit, local);
        }
        try {
            ConsumptionProbe shared = bucket.shared().tryConsumeAndReturnRemaining(1);
            if (!shared.isConsumed()) {
                bucket.local().addTokens(1);
                return refused(kind, limit, shared);
            }
            return new Verdict(kind, limit, true, shared.getRemainingTokens(), 0);
        } catch (RuntimeException e) {
            bucket.local().addTokens(1);
            log.warn("Rate limit bucket {} could not be read; letting the request through", kind, e);
            return Verdict.unlimited(kind, limit);
        }
    }

    private static Verdict refused(LimitKind kind, Limit limit, ConsumptionProbe probe) {
        return new Verdict(kind, limit, false, 0, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    }

    /** A subject's bucket on this node and its bucket in the database. */
    private record SubjectBuckets(Bucket local, Bucket shared) {
    }

    /**
     * Kept per id: with batching, concurrent draws on one bucket from this node go to the database
     * together as one transaction instead of queueing on its row lock one by one.
     */
    private SubjectBuckets bucket(String id, Bandwidth bandwidth) {
        SubjectBuckets bucket = proxies.get(id);
        if (bucket == null) {
            if (proxies.size() >= PROXIES_MAX) {
                proxies.clear();
            }
            bucket = proxies.computeIfAbsent(id, b -> new SubjectBuckets(
                    Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(timeMeter).build(),
                    buckets.builder().withOptimization(Optimizations.batching())
                            .build(id, () -> BucketConfiguration.builder().addLimit(bandwidth).build())));
        }
        return bucket;
    }

    boolean isKnownKey(String keySubject) {
        Instant seen = knownKeys.get(keySubject);
        return seen != null && seen.plus(KNOWN_KEY_TTL).isAfter(clock.instant());
    }

    void rememberKey(String keySubject) {
        if (knownKeys.size() >= KNOWN_KEYS_MAX) {
            knownKeys.clear();
        }
        knownKeys.put(keySubject, clock.instant());
    }

    void forgetKey(String keySubject) {
        knownKeys.remove(keySubject);
    }

    /** Deletes buckets that have been full for a while; they are recreated full when next used. */
    int removeExpired() {
        int removed = 0;
        int batch;
        do {
            batch = buckets.removeExpired(1_000);
            removed += batch;
        } while (batch == 1_000);
        return removed;
    }

    /**
     * Another limit for one subject (an address, or {@link #keySubject} of a key) whose bucket does not
     * exist yet. Tests use it to get a small limit without changing everyone's.
     */
    void use(LimitKind kind, String subject, Limit limit) {
        overrides.put(kind.bucketId(subject), limit);
    }

    private Limit limitOf(LimitKind kind, String id) {
        Limit override = overrides.get(id);
        if (override != null) {
            return override;
        }
        return switch (kind) {
            case API_KEY -> settings.perKey();
            case CLIENT_ADDRESS -> settings.perAddress();
            case WEBHOOK -> settings.webhooks();
            case FORM -> throw new IllegalArgumentException("form buckets are hourly: drawHourly");
        };
    }

    private static Bandwidth bandwidth(Limit limit) {
        return Bandwidth.builder().capacity(limit.burst())
                .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)).build();
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
