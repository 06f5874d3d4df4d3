package dev.creditdesk.refunds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole calendar months of a paid term, elapsed and left, in the tenant's timezone (docs/policies.md). */
class PaidTermTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    private static PaidTerm year(String start) {
        Instant from = ny(start);
        return new PaidTerm(from, from.atZone(NY).plusYears(1).toInstant(), NY);
    }

    @Test
    void startedOnTheLastDayOfJanuaryTheAnniversariesFollowTheMonthsEnds() {
        PaidTerm term = year("2026-01-31T10:00");
        assertThat(term.months()).isEqualTo(12);
        assertThat(term.elapsed(ny("2026-02-28T09:59"))).isZero();
        assertThat(term.left(ny("2026-02-28T09:59"))).isEqualTo(11);
        // 28 February is the first anniversary: February has no 31st
        assertThat(term.elapsed(ny("2026-02-28T10:00"))).isEqualTo(1);
        assertThat(term.left(ny("2026-02-28T10:00"))).isEqualTo(11);
        assertThat(term.elapsed(ny("2026-03-01T10:00"))).isEqualTo(1);
        assertThat(term.left(ny("2026-03-01T10:00"))).isEqualTo(10);
        assertThat(term.elapsed(ny("2026-03-31T09:59"))).isEqualTo(1);
        assertThat(term.elapsed(ny("2026-03-31T10:00"))).isEqualTo(2);
    }

    @Test
    void atTheStartEveryMonthIsLeftAndAtTheEndNone() {
        PaidTerm term = year("2026-01-15T00:00");
        assertThat(term.elapsed(ny("2026-01-15T00:00"))).isZero();
        assertThat(term.left(ny("2026-01-15T00:00"))).isEqualTo(12);
        assertThat(term.left(ny("2026-01-15T00:01"))).isEqualTo(11);
        assertThat(term.elapsed(ny("2027-01-14T23:59"))).isEqualTo(11);
        assertThat(term.left(ny("2027-01-14T23:59"))).isZero();
        assertThat(term.elapsed(ny("2027-01-15T00:00"))).isEqualTo(12);
        assertThat(term.left(ny("2027-01-15T00:00"))).isZero();
        assertThat(term.elapsed(ny("2028-06-01T00:00"))).as("never more than the term").isEqualTo(12);
        assertThat(term.elapsed(ny("2025-12-01T00:00"))).as("a request before the term").isZero();
        assertThat(term.left(ny("2025-12-01T00:00"))).isEqualTo(12);
    }

    @Test
    void countedInTheTenantsTimezoneAcrossDaylightSaving() {
        // 10 March 2026 00:30 in New York; the clocks went forward on 8 March
        PaidTerm term = year("2026-02-10T00:30");
        assertThat(term.elapsed(ny("2026-03-10T00:29"))).isZero();
        assertThat(term.elapsed(ny("2026-03-10T00:30"))).isEqualTo(1);
    }

    @Test
    void aMonthlyPeriodIsOneMonthWhollyLeftOnlyAtItsStart() {
        Instant start = ny("2026-01-31T10:00");
        PaidTerm term = new PaidTerm(start, start.atZone(NY).plusMonths(1).toInstant(), NY);
        assertThat(term.months()).isEqualTo(1);
        assertThat(term.left(start)).isEqualTo(1);
        assertThat(term.left(ny("2026-02-10T10:00"))).isZero();
        assertThat(term.elapsed(ny("2026-02-28T10:00"))).isEqualTo(1);
    }

    /** Seeded random terms and requests: elapsed + left + (a month in progress) is the term. */
    @Test
    void elapsedAndLeftAddUpToTheTerm() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            LocalDateTime local = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(random.nextInt(60 * 24 * 730));
            Instant start = local.atZone(NY).toInstant();
            PaidTerm term = new PaidTerm(start, start.atZone(NY).plusMonths(12).toInstant(), NY);
            Instant at = start.plusSeconds(random.nextInt(60 * 60 * 24 * 400));
            long elapsed = term.elapsed(at);
            long left = term.left(at);
            boolean onAnniversary = start.atZone(NY).plusMonths(elapsed).toInstant().equals(at);
            long inProgress = elapsed == 12 || onAnniversary ? 0 : 1;
            assertThat(elapsed + left + inProgress).as("seed %d, start %s, at %s", seed, start, at).isEqualTo(12);
            assertThat(elapsed).as("seed %d", seed).isBetween(0L, 12L);
        }
    }
}
