package dev.creditdesk.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The aggregate (whole days from the rollup, edge days from raw rows) equals a brute-force count
 * over the same events (from ≤ occurred_at ≤ to; a span starting at or after its end is empty), for random events, tasks recorded and withdrawn, and random spans. The
 * seed is printed on failure; pass -Dusage.seed=N to replay it.
 */
class UsageAggregatePropertyIT extends IntegrationTest {

    private record Row(UUID account, String kind, Instant at, BigDecimal quantity, UUID task) {
    }

    @Autowired
    Usage usage;

    @Test
    void theAggregateEqualsABruteForceCount() {
        long seed = Long.getLong("usage.seed", System.nanoTime());
        Random random = new Random(seed);
        TestTenant tenant = newTenant();
        List<UUID> accounts = List.of(newAccount(tenant), newAccount(tenant));
        List<String> kinds = List.of("download", "video");
        Instant base = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Instant> landmarks = new ArrayList<>();
        for (int d = 0; d <= 12; d++) {
            landmarks.add(base.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(d)));
        }
        List<Row> rows = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            List<ReportedUsage> events = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Instant at = random.nextInt(10) == 0 ? landmarks.get(random.nextInt(10))
                        : base.minus(random.nextLong(Duration.ofDays(10).toNanos() / 1000), ChronoUnit.MICROS);
                landmarks.add(at);
                Row row = new Row(accounts.get(random.nextInt(2)), kinds.get(random.nextInt(2)), at,
                        BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(4)), null);
                rows.add(row);
                events.add(new ReportedUsage("p-" + batch + "-" + i, row.account(), row.kind(), row.quantity(), null,
                        row.at(), new TreeMap<>()));
            }
            usage.ingest(tenant.id(), events);
        }
        for (int i = 0; i < 40; i++) {
            Row row = new Row(accounts.get(random.nextInt(2)), kinds.get(random.nextInt(2)),
                    base.minus(random.nextLong(Duration.ofDays(10).toNanos() / 1000), ChronoUnit.MICROS),
                    BigDecimal.ONE, UUID.randomUUID());
            usage.recordTask(tenant.id(), new TaskUsage(row.task(), row.account(), row.kind(), row.quantity(), null,
                    row.at()));
            if (random.nextInt(4) == 0) {
                usage.withdrawTask(tenant.id(), row.account(), row.task());
            } else {
                rows.add(row);
            }
        }
        for (int check = 0; check < 300; check++) {
            UUID account = accounts.get(random.nextInt(2));
            List<UsageSpan> spans = new ArrayList<>();
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                Instant from = random.nextInt(5) == 0 ? null : pick(random, landmarks, base);
                Instant to = random.nextInt(3) == 0 ? base : pick(random, landmarks, base);
                spans.add(new UsageSpan(kinds.get(random.nextInt(2)), from, to));
            }
            List<UsageTotal> totals = usage.totals(tenant.id(), account, spans);
            for (int s = 0; s < spans.size(); s++) {
                UsageSpan span = spans.get(s);
                boolean empty = span.from() != null && !span.from().isBefore(span.to());
                List<Row> counted = rows.stream().filter(r -> !empty && r.account().equals(account)
                        && r.kind().equals(span.kind()) && (span.from() == null || !r.at().isBefore(span.from()))
                        && !r.at().isAfter(span.to())).toList();
                BigDecimal quantity = counted.stream().map(Row::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(totals.get(s).count()).as("seed %d, span %s", seed, span).isEqualTo(counted.size());
                assertThat(totals.get(s).quantity()).as("seed %d, span %s", seed, span).isEqualByComparingTo(quantity);
            }
        }
    }

    /** A time to put an edge at: an event's own time, a UTC midnight, or anywhere in the last 12 days. */
    private static Instant pick(Random random, List<Instant> landmarks, Instant base) {
        return switch (random.nextInt(3)) {
            case 0 -> landmarks.get(random.nextInt(landmarks.size()));
            case 1 -> landmarks.get(random.nextInt(landmarks.size())).plus(random.nextInt(3) - 1, ChronoUnit.MICROS);
            default -> base.minus(random.nextLong(Duration.ofDays(12).toNanos() / 1000), ChronoUnit.MICROS)
                    .atOffset(ZoneOffset.UTC).toInstant();
        };
    }
}
