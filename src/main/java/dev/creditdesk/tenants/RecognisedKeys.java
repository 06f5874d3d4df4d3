package dev.creditdesk.tenants;

import dev.creditdesk.tenants.ApiKeys.Recognition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keys recognised lately (valid or revoked) by their hash, so a request with a known key needs no
 * database round trip. An entry is answered for {@code ttl} of this node's clock from the instant
 * just before its row was read, so a revocation committed anywhere is seen here less than
 * {@code ttl} after it committed. {@link #evict} (a revocation on this node) takes effect at once:
 * a read that raced with it does not keep its stale answer. Unknown keys are never kept (anyone can
 * make up keys), and the map holds at most about {@link #MAX_ENTRIES}: past that, keys are read
 * from the database as without a cache.
 */
final class RecognisedKeys {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(Recognition recognition, Instant readAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts evictions, so a read that began before one can tell its answer may be stale. */
    private final AtomicLong evictions = new AtomicLong();
    private volatile Instant lastSweep = Instant.MIN;

    RecognisedKeys(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The cached recognition of {@code hash}, or {@code read}'s (kept unless the key is unknown). */
    Recognition recognise(byte[] hash, Supplier<Recognition> read) {
        if (ttl.isZero()) {
            return read.get();
        }
        String key = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && fresh(cached, now)) {
            return cached.recognition();
        }
        long evictionsBefore = evictions.get();
        Recognition recognition = read.get();
        if (recognition instanceof Recognition.Unknown) {
            if (cached != null) {
                entries.remove(key, cached);
            }
            return recognition;
        }
        Entry entry = new Entry(recognition, now);
        if (keep(key, cached, entry, now) && evictions.get() != evictionsBefore) {
            // A key was revoked on this node while we read: our row may predate it.
            entries.remove(key, entry);
        }
        return recognition;
    }

    /** Forgets the key {@code keyId}: called once its revocation has committed. */
    void evict(UUID keyId) {
        evictions.incrementAndGet();
        entries.values().removeIf(e -> e.recognition() instanceof Recognition.Valid valid && valid.keyId().equals(keyId));
    }

    int size() {
        return entries.size();
    }

    private boolean fresh(Entry entry, Instant now) {
        // A clock set back makes every entry stale rather than longer-lived.
        return !now.isBefore(entry.readAt()) && now.isBefore(entry.readAt().plus(ttl));
    }

    private boolean keep(String key, Entry cached, Entry entry, Instant now) {
        if (cached != null) {
            return entries.replace(key, cached, entry);
        }
        if (entries.size() >= MAX_ENTRIES) {
            sweep(now);
            if (entries.size() >= MAX_ENTRIES) {
                return false;
            }
        }
        return entries.putIfAbsent(key, entry) == null;
    }

    /** Drops stale entries; at most once per ttl, so a full map of fresh keys costs no scan per miss. */
    private void sweep(Instant now) {
        if (lastSweep.plus(ttl).isAfter(now) && !now.isBefore(lastSweep)) {
            return;
        }
        lastSweep = now;
        entries.values().removeIf(e -> !fresh(e, now));
    }
}
