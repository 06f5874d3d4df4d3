package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.Role;
import dev.creditdesk.support.MutableClock;
import dev.creditdesk.support.TestClockConfiguration;
import dev.creditdesk.tenants.ApiKeys.Recognition;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecognisedKeysTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(TestClockConfiguration.START);
    private final UUID keyId = UUID.randomUUID();
    private final byte[] hash = hash(1);
    private final AtomicReference<Recognition> row = new AtomicReference<>(valid(keyId));
    private final AtomicInteger reads = new AtomicInteger();
    private final Supplier<Recognition> database = () -> {
        reads.incrementAndGet();
        return row.get();
    };

    @Test
    void aKnownKeyIsReadOnceAndAnsweredFromMemoryUntilTheTtlHasPassed() {
        RecognisedKeys keys = new RecognisedKeys(TTL, clock);
        assertThat(keys.recognise(hash, database)).isEqualTo(valid(keyId));
        row.set(new Recognition.Revoked()); // revoked by another node
        clock.advance(TTL.minusMillis(1));
        assertThat(keys.recognise(hash, database)).isEqualTo(valid(keyId));
        assertThat(reads).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(keys.recognise(hash, database)).isInstanceOf(Recognition.Revoked.class);
        assertThat(reads).hasValue(2);
        // a revoked key is kept too: presenting it again costs nothing
        assertThat(keys.recognise(hash, database)).isInstanceOf(Recognition.Revoked.class);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aZeroTtlReadsEveryTime() {
        RecognisedKeys keys = new RecognisedKeys(Duration.ZERO, clock);
        keys.recognise(hash, database);
        row.set(new Recognition.Revoked());
        assertThat(keys.recognise(hash, database)).isInstanceOf(Recognition.Revoked.class);
        assertThat(reads).hasValue(2);
        assertThat(keys.size()).isZero();
    }

    @Test
    void unknownKeysAreNeverKept() {
        RecognisedKeys keys = new RecognisedKeys(TTL, clock);
        row.set(new Recognition.Unknown());
        for (int i = 0; i < 3; i++) {
            assertThat(keys.recognise(hash(100 + i), database)).isInstanceOf(Recognition.Unknown.class);
            assertThat(keys.recognise(hash(100 + i), database)).isInstanceOf(Recognition.Unknown.class);
        }
        assertThat(reads).hasValue(6);
        assertThat(keys.size()).isZero();
    }

    @Test
    void evictingAKeyMakesTheNextRequestReadIt() {
        RecognisedKeys keys = new RecognisedKeys(TTL, clock);
        UUID otherId = UUID.randomUUID();
        keys.recognise(hash, database);
        keys.recognise(hash(2), () -> valid(otherId));
        row.set(new Recognition.Revoked());

        keys.evict(keyId);

        assertThat(keys.recognise(hash, database)).isInstanceOf(Recognition.Revoked.class);
        assertThat(reads).hasValue(2);
        assertThat(keys.size()).isEqualTo(2); // the other key stays, the revoked one is kept as revoked
    }

    @Test
    void aReadThatRacedWithAnEvictionDoesNotKeepItsAnswer() {
        RecognisedKeys keys = new RecognisedKeys(TTL, clock);
        // The row is read (still valid), then the revocation commits and evicts, then the read returns.
        Recognition answered = keys.recognise(hash, () -> {
            Recognition before = row.get();
            row.set(new Recognition.Revoked());
            keys.evict(keyId);
            return before;
        });
        assertThat(answered).isEqualTo(valid(keyId));
        assertThat(keys.recognise(hash, database)).isInstanceOf(Recognition.Revoked.class);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aClockSetBackMakesEntriesStaleInsteadOfLongerLived() {
        AtomicReference<Instant> now = new AtomicReference<>(TestClockConfiguration.START);
        Clock settable = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        RecognisedKeys keys = new RecognisedKeys(TTL, settable);
        keys.recognise(hash, database);
        now.set(TestClockConfiguration.START.minusSeconds(3600));
        keys.recognise(hash, database);
        assertThat(reads).hasValue(2);
    }

    @Test
    void theMapIsBoundedAndStaleEntriesMakeRoom() {
        RecognisedKeys keys = new RecognisedKeys(TTL, clock);
        for (int i = 0; i < RecognisedKeys.MAX_ENTRIES + 50; i++) {
            keys.recognise(hash(1000 + i), () -> valid(UUID.randomUUID()));
        }
        assertThat(keys.size()).isEqualTo(RecognisedKeys.MAX_ENTRIES);
        // full of fresh keys: a new one is answered from the database every time, not kept
        keys.recognise(hash, database);
        keys.recognise(hash, database);
        assertThat(reads).hasValue(2);

        clock.advance(TTL);
        keys.recognise(hash, database);
        keys.recognise(hash, database);
        assertThat(reads).hasValue(3);
        assertThat(keys.size()).isEqualTo(1);
    }

    private static Recognition valid(UUID keyId) {
        return new Recognition.Valid(keyId, UUID.fromString("00000000-0000-0000-0000-00000000000a"), Role.SECRET);
    }

    private static byte[] hash(int n) {
        return ByteBuffer.allocate(32).putInt(n).array();
    }
}
