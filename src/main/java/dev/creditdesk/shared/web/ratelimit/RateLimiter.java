package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.optimization.delay.DelayOptimization;
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
 * shared by every node. Writing a bucket is one short transaction that locks its row
 * ({@code select ... for update}), refills it by the time passed and takes tokens.
 *
 * <p>An API, address or webhook bucket is not written on every draw: each node draws from its own
 * copy of the bucket, taken at its last write, and writes the tokens it took since when they would
 * pass the bucket's allowance ({@link RateLimitProperties.Sync}) or at its first draw after the
 * allowed time. A write counts them even if that takes the bucket below empty (the debt stays until
 * it refills) and gives the node a fresh copy. So most allowed requests cost no database round trip,
 * and a subject gets at most (nodes × allowance) more than its limit. Form buckets are written on
 * every draw.
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
    private final RateLimitProperties.Sync sync;
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
        this.sync = settings.sync();
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
     * the requests this node let through, so when it is empty this node alone has used up the limit,
     * and a flood is refused without a database round trip. Then the shared bucket, through this
     * node's unsynced copy of it. If the database fails, the request passes (and it is logged).
     */
    Verdict draw(LimitKind kind, String subject) {
        String id = kind.bucketId(subject);
        Limit limit = limitOf(kind, id);
        return draw(kind, id, limit, bandwidth(limit), sync.unsyncedTokens(limit.burst()));
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
                .refillGreedy(perHour, Duration.ofHours(1)).build(), 0);
    }

    private Verdict draw(LimitKind kind, String id, Limit limit, Bandwidth bandwidth, long unsyncedTokens) {
        SubjectBuckets bucket = bucket(id, bandwidth, unsyncedTokens);
        ConsumptionProbe local = bucket.local().tryConsumeAndReturnRemaining(1);
        if (!local.isConsumed()) {
            return refused(kind, limit, local);
        }
        try {
            ConsumptionProbe shared = drawShared(id, bucket, bandwidth, unsyncedTokens);
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

    /**
     * Bucket4j fails a whole batch of merged draws whose bucket is missing (it creates the bucket for
     * a single draw only), so a copy is read once, alone, before it is drawn from; and if the cleanup
     * job deleted the bucket since, the copy is opened and read again and the draw made once more.
     */
    private ConsumptionProbe drawShared(String id, SubjectBuckets bucket, Bandwidth bandwidth, long unsyncedTokens) {
        try {
            bucket.readOnce();
            return bucket.shared().tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (!bucketNotFound(e)) {
                throw e;
            }
            proxies.remove(id, bucket);
            SubjectBuckets reopened = bucket(id, bandwidth, unsyncedTokens);
            reopened.readOnce();
            return reopened.shared().tryConsumeAndReturnRemaining(1);
        }
    }

    private static boolean bucketNotFound(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BucketNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private static Verdict refused(LimitKind kind, Limit limit, ConsumptionProbe probe) {
        return new Verdict(kind, limit, false, 0, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    }

    /** After a copy could not be read, how long its draws let requests through without trying again. */
    static final Duration READ_RETRY = Duration.ofSeconds(1);

    /**
     * A subject's bucket on this node, and its bucket in the database through this node's copy. A
     * copy with an unsynced allowance is read (created if no node has) by the first draw, while any
     * other draw on it waits, and never again here: the draws keep it fresh. When that read fails
     * (the database unreachable), the draws waiting behind it, and those of the next
     * {@link #READ_RETRY}, fail at once instead of each waiting for a connection in turn.
     */
    private static final class SubjectBuckets {

        private final Bucket local;
        private final Bucket shared;
        private final Clock clock;
        private volatile boolean read;
        private Instant failedAt;

        SubjectBuckets(Bucket local, Bucket shared, boolean delayed, Clock clock) {
            this.local = local;
            this.shared = shared;
            this.clock = clock;
            this.read = !delayed;
        }

        Bucket local() {
            return local;
        }

        Bucket shared() {
            return shared;
        }

        void readOnce() {
            if (read) {
                return;
            }
            synchronized (this) {
                if (read) {
                    return;
                }
                Instant now = clock.instant();
                if (failedAt != null && now.isBefore(failedAt.plus(READ_RETRY))) {
                    throw new IllegalStateException("the bucket could not be read at " + failedAt);
                }
                try {
                    shared.getAvailableTokens();
                    read = true;
                } catch (RuntimeException e) {
                    failedAt = now;
                    throw e;
                }
            }
        }
    }

    /**
     * Kept per id: the proxy holds this node's unsynced copy of the bucket, and concurrent writes of
     * one bucket from this node go to the database together as one transaction (batching) instead of
     * queueing on its row lock one by one. Dropping the table past {@link #PROXIES_MAX} buckets
     * forgets their unsynced tokens (at most the allowance each): they are never written.
     */
    private SubjectBuckets bucket(String id, Bandwidth bandwidth, long unsyncedTokens) {
        SubjectBuckets bucket = proxies.get(id);
        if (bucket == null) {
            if (proxies.size() >= PROXIES_MAX) {
                proxies.clear();
            }
            bucket = proxies.computeIfAbsent(id, b -> new SubjectBuckets(
                    Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(timeMeter).build(),
                    buckets.builder().withOptimization(optimization(unsyncedTokens))
                            .build(id, () -> BucketConfiguration.builder().addLimit(bandwidth).build()),
                    unsyncedTokens >= 1, clock));
        }
        return bucket;
    }

    /**
     * Bucket4j's delaying optimization (which batches too), built here rather than with
     * {@code Optimizations.delaying}: that one times the allowance by the system clock, this one by
     * the application's, so tests move it.
     */
    private Optimization optimization(long unsyncedTokens) {
        if (unsyncedTokens < 1) {
            return Optimizations.batching();
        }
        return new DelayOptimization(new DelayParameters(unsyncedTokens, sync.maxUnsyncedTime()),
                NopeOptimizationListener.INSTANCE, timeMeter);
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
