package dev.creditdesk.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.incidents.Unavailability.Interval;
import dev.creditdesk.incidents.Unavailability.Outage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final UUID A = new UUID(0, 1);
    private static final UUID B = new UUID(0, 2);
    private static final UUID C = new UUID(0, 3);

    private static Instant h(long hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static Outage outage(UUID id, int fromHour, Integer toHour) {
        return new Outage(id, h(fromHour), toHour == null ? null : h(toHour));
    }

    private static Unavailability of(List<Outage> outages) {
        return Unavailability.of(outages, h(0), h(1000), h(1000));
    }

    @Test
    void overlappingOutagesMergeIntoOne() {
        Unavailability u = of(List.of(outage(A, 10, 20), outage(B, 15, 30)));
        assertThat(u.intervals()).containsExactly(new Interval(h(10), h(30), List.of(A, B)));
        assertThat(u.longestHours()).isEqualByComparingTo("20");
        assertThat(u.totalHours()).isEqualByComparingTo("20");
    }

    @Test
    void touchingOutagesJoin() {
        Unavailability u = of(List.of(outage(B, 22, 25), outage(A, 10, 22)));
        assertThat(u.intervals()).containsExactly(new Interval(h(10), h(25), List.of(A, B)));
        assertThat(u.longestHours()).isEqualByComparingTo("15");
    }

    @Test
    void aNestedOutageAddsNothing() {
        Unavailability u = of(List.of(outage(A, 10, 40), outage(B, 12, 13)));
        assertThat(u.intervals()).containsExactly(new Interval(h(10), h(40), List.of(A, B)));
        assertThat(u.total()).isEqualTo(Duration.ofHours(30));
    }

    @Test
    void separateOutagesStaySeparateAndTheLongestIsOneOfThem() {
        Unavailability u = of(List.of(outage(A, 10, 20), outage(B, 21, 45), outage(C, 50, 51)));
        assertThat(u.intervals()).hasSize(3);
        assertThat(u.longestHours()).isEqualByComparingTo("24");
        assertThat(u.totalHours()).isEqualByComparingTo("35");
    }

    @Test
    void anOngoingOutageCountsUntilNow() {
        Unavailability u = Unavailability.of(List.of(outage(A, 10, null), outage(B, 5, 11)), h(0), h(100), h(40));
        assertThat(u.intervals()).containsExactly(new Interval(h(5), h(40), List.of(B, A)));
        assertThat(u.longestHours()).isEqualByComparingTo("35");
    }

    @Test
    void outagesAreClippedToTheWindow() {
        Unavailability u = Unavailability.of(List.of(outage(A, 0, 30), outage(B, 90, 200), outage(C, 300, 310)),
                h(20), h(100), h(1000));
        assertThat(u.intervals()).containsExactly(new Interval(h(20), h(30), List.of(A)),
                new Interval(h(90), h(100), List.of(B)));
        assertThat(u.totalHours()).isEqualByComparingTo("20");
    }

    @Test
    void anOutageEndingWhereTheWindowStartsCountsNothing() {
        Unavailability u = Unavailability.of(List.of(outage(A, 0, 20)), h(20), h(30), h(1000));
        assertThat(u.intervals()).isEmpty();
        assertThat(u.longestHours()).isEqualByComparingTo("0");
    }

    @Test
    void hoursAreDecimalsWithoutNoise() {
        assertThat(Unavailability.hours(Duration.ofHours(25)).toPlainString()).isEqualTo("25");
        assertThat(Unavailability.hours(Duration.ofMinutes(90)).toPlainString()).isEqualTo("1.5");
        assertThat(Unavailability.hours(Duration.ofMinutes(1)).toPlainString()).isEqualTo("0.016667");
        assertThat(Unavailability.hours(Duration.ofHours(100)).toPlainString()).isEqualTo("100");
        assertThat(Unavailability.hours(Duration.ZERO).toPlainString()).isEqualTo("0");
        assertThat(Unavailability.hours(Duration.ofHours(24).plusSeconds(1))).isGreaterThan(BigDecimal.valueOf(24));
    }

    /** Random outages on a minute grid, compared with minute-by-minute coverage. */
    @Test
    void mergingAgreesWithAMinuteByMinuteCount() {
        long seed = Long.getLong("unavailability.seed", System.nanoTime());
        System.out.println("UnavailabilityTest seed: " + seed + " (replay with -Dunavailability.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            int grid = 300;
            List<Outage> outages = new ArrayList<>();
            int count = random.nextInt(8);
            for (int i = 0; i < count; i++) {
                int start = random.nextInt(grid);
                Integer end = random.nextInt(6) == 0 ? null : start + 1 + random.nextInt(60);
                outages.add(new Outage(new UUID(round, i), minute(start), end == null ? null : minute(end)));
            }
            int from = random.nextInt(grid);
            int to = from + random.nextInt(grid - from + 60);
            int now = random.nextInt(grid + 60);
            Unavailability merged = Unavailability.of(outages, minute(from), minute(to), minute(now));
            assertThat(normalized(merged.intervals())).as("seed %d, round %d: %s in [%d, %d], now %d", seed, round,
                    outages, from, to, now).isEqualTo(normalized(bruteForce(outages, from, to, now)));
            Duration longest = merged.intervals().stream().map(Interval::duration).max(Duration::compareTo)
                    .orElse(Duration.ZERO);
            assertThat(merged.longest()).isEqualTo(longest);
        }
    }

    /** The order of ids within an interval is not part of the contract. */
    private static List<Interval> normalized(List<Interval> intervals) {
        return intervals.stream().map(i -> new Interval(i.from(), i.to(), i.incidentIds().stream().sorted().toList()))
                .toList();
    }

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private static List<Interval> bruteForce(List<Outage> outages, int from, int to, int now) {
        List<Interval> runs = new ArrayList<>();
        Integer runStart = null;
        for (int m = from; m <= to; m++) {
            boolean covered = m < to && covers(outages, m, now);
            if (covered && runStart == null) {
                runStart = m;
            } else if (!covered && runStart != null) {
                int start = runStart;
                int end = m;
                Set<UUID> ids = new LinkedHashSet<>();
                outages.stream()
                        .filter(o -> {
                            int s = Math.max(minuteOf(o.start()), from);
                            int e = Math.min(o.end() == null ? now : minuteOf(o.end()), to);
                            return e > s && s >= start && e <= end;
                        })
                        .forEach(o -> ids.add(o.id()));
                runs.add(new Interval(minute(start), minute(end), List.copyOf(ids)));
                runStart = null;
            }
        }
        return runs;
    }

    private static Integer end(Outage o, int now) {
        return o.end() == null ? now : minuteOf(o.end());
    }

    private static boolean covers(List<Outage> outages, int m, int now) {
        return outages.stream().anyMatch(o -> minuteOf(o.start()) <= m && m + 1 <= end(o, now));
    }

    private static int minuteOf(Instant t) {
        return (int) Duration.between(T0, t).toMinutes();
    }
}
