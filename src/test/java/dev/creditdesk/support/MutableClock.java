package dev.creditdesk.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand. It only moves forward, so tests sharing it never see time run back. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the application works in UTC");
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Moves to {@code to}, which must not be in the past of this clock. */
    public void moveTo(Instant to) {
        now.updateAndGet(t -> {
            if (to.isBefore(t)) {
                throw new IllegalArgumentException("time only moves forward: " + to + " is before " + t);
            }
            return to;
        });
    }
}
