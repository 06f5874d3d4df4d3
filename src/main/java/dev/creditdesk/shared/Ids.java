package dev.creditdesk.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7): random enough to be unguessable, ordered enough to keep
 * B-tree inserts at the right edge of the index.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * PostgreSQL's order of {@code uuid} values (bytes compared unsigned), which
     * {@link UUID#compareTo} is not (it compares two signed longs). Code that must take locks in the
     * order a statement's {@code order by} takes them sorts with this.
     */
    public static final Comparator<UUID> DATABASE_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private Ids() {
    }

    public static UUID newId(Clock clock) {
        return newId(clock.instant());
    }

    /** An id stamped with {@code at} (for rows written with a time already read from the clock). */
    public static UUID newId(Instant at) {
        long millis = at.toEpochMilli();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0fL) << 8) | (random[1] & 0xffL);
        long low = 0x8000000000000000L | ((random[2] & 0x3fL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xffL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }

    /** Parses an id from a path or body, answering 404 (not 400) for a malformed one. */
    public static UUID parseOrNotFound(String object, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound(object, value);
        }
    }
}
