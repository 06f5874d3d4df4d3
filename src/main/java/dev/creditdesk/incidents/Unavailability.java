package dev.creditdesk.incidents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * How long the service was completely unavailable within a window: the full outages clipped to
 * {@code [from, to]}, overlapping and touching ones joined, ongoing ones counted to {@code now}.
 * Pure: the figures policies read ({@code outage.longest_hours}, {@code outage.total_hours}) and
 * the unavailability endpoint both come from {@link #of}.
 */
public record Unavailability(Instant from, Instant to, List<Interval> intervals, Duration longest, Duration total) {

    /** Scale of hours as decimals: a second is 0.000278 h, so anything past 24 h reads as more than 24. */
    public static final int HOURS_SCALE = 6;

    /** One outage as recorded: {@code end} is null while it is ongoing. */
    public record Outage(UUID id, Instant start, Instant end) {
        public Outage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(start, "start");
        }
    }

    /** A stretch of continuous unavailability and the incidents it is made of. */
    public record Interval(Instant from, Instant to, List<UUID> incidentIds) {
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    public static Unavailability of(List<Outage> outages, Instant from, Instant to, Instant now) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(now, "now");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
        List<Outage> clipped = new ArrayList<>();
        for (Outage outage : outages) {
            Instant end = outage.end() == null ? now : outage.end();
            Instant start = max(outage.start(), from);
            end = min(end, to);
            if (end.isAfter(start)) {
                clipped.add(new Outage(outage.id(), start, end));
            }
        }
        clipped.sort(Comparator.comparing(Outage::start).thenComparing(Outage::end));
        List<Interval> intervals = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        Set<UUID> ids = new LinkedHashSet<>();
        for (Outage outage : clipped) {
            if (start != null && !outage.start().isAfter(end)) {
                end = max(end, outage.end());
            } else {
                if (start != null) {
                    intervals.add(new Interval(start, end, List.copyOf(ids)));
                }
                start = outage.start();
                end = outage.end();
                ids = new LinkedHashSet<>();
            }
            ids.add(outage.id());
        }
        if (start != null) {
            intervals.add(new Interval(start, end, List.copyOf(ids)));
        }
        Duration longest = intervals.stream().map(Interval::duration).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        Duration total = intervals.stream().map(Interval::duration).reduce(Duration.ZERO, Duration::plus);
        return new Unavailability(from, to, List.copyOf(intervals), longest, total);
    }

    public BigDecimal longestHours() {
        return hours(longest);
    }

    public BigDecimal totalHours() {
        return hours(total);
    }

    /** Hours as an exact-looking decimal: 25 h → 25, 90 min → 1.5, 1 min → 0.016667 (HALF_UP at 6 places). */
    public static BigDecimal hours(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9));
        BigDecimal hours = seconds.divide(BigDecimal.valueOf(3600), HOURS_SCALE, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return hours.scale() < 0 ? hours.setScale(0) : hours;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
