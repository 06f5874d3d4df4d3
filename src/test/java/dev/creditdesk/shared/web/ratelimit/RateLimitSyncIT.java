package dev.creditdesk.shared.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Sync;
import dev.creditdesk.support.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Nodes draw from their own copy of a shared bucket and write it back every so many tokens or so
 * much time: no database round trip per request, and a subject gets at most (nodes × allowance)
 * more than its limit. Each "node" is a {@link RateLimiter} of its own on the suite's database,
 * counting the connections it takes (each write of a bucket is one transaction on one connection).
 * The suite's clock stands still unless a test moves it.
 */
class RateLimitSyncIT extends IntegrationTest {

    /** 1 token/s, bursts of 100: the clock moves milliseconds in these tests, so refill stays below a token. */
    private static final Limit LIMIT = Limit.of(1, 100);
    private static final Sync SYNC = new Sync(10, null, Duration.ofMillis(100));
    /** 10% of the burst. */
    private static final long ALLOWANCE = 10;

    @Autowired
    DataSource dataSource;

    @Test
    void aBurstWithinTheUnsyncedAllowanceTakesNoConnection() {
        String subject = RateLimitIT.newAddress();
        Node node = node(SYNC, subject);

        assertThat(node.draw(subject)).as("the first draw reads (here: creates) the bucket").isTrue();
        int read = node.connections();
        assertThat(read).isPositive();
        for (int i = 1; i < ALLOWANCE; i++) {
            assertThat(node.draw(subject)).isTrue();
        }
        assertThat(node.connections()).as("the allowance is drawn from this node's copy").isEqualTo(read);
        assertThat(node.draw(subject)).as("one past the allowance writes them all").isTrue();
        assertThat(node.connections()).isEqualTo(read + 1);

        Node strict = node(new Sync(0, null, Duration.ofMillis(100)), subject);
        Verdict seen = strict.limiter().draw(LimitKind.CLIENT_ADDRESS, subject);
        assertThat(seen.remaining()).as("the shared bucket holds every token taken, and this one")
                .isEqualTo(100 - (ALLOWANCE + 1) - 1);
    }

    @Test
    void withoutAnAllowanceEveryDrawIsATransactionAndFormsAlwaysAre() {
        String subject = RateLimitIT.newAddress();
        Node strict = node(new Sync(0, null, Duration.ofMillis(100)), subject);
        strict.draw(subject);
        int created = strict.connections();
        for (int i = 0; i < 3; i++) {
            strict.draw(subject);
        }
        assertThat(strict.connections()).isEqualTo(created + 3);

        Node delayed = node(SYNC, subject);
        delayed.limiter().drawHourly("sync-test", subject, 100);
        created = delayed.connections();
        for (int i = 0; i < 3; i++) {
            assertThat(delayed.limiter().drawHourly("sync-test", subject, 100).allowed()).isTrue();
        }
        assertThat(delayed.connections()).as("form limits stay synchronous").isEqualTo(created + 3);
    }

    @Test
    void aSubjectUsedUpOnOneNodeIsRefusedOnAnotherAtItsNextWrite() {
        String subject = RateLimitIT.newAddress();
        Node a = node(SYNC, subject);
        Node b = node(SYNC, subject);

        assertThat(b.draw(subject)).isTrue();
        int admittedByA = 0;
        while (a.draw(subject)) {
            admittedByA++;
        }
        assertThat(admittedByA).as("A does not see B's token: B has not written it").isEqualTo(100);

        int before = b.connections();
        int admittedByB = 0;
        while (b.draw(subject)) {
            admittedByB++;
        }
        assertThat(1 + admittedByB).as("B's stale copy lets its allowance through, no more").isEqualTo(ALLOWANCE);
        assertThat(b.connections() - before).as("and only the write past it reached the database").isEqualTo(1);
        assertThat(1 + admittedByA + admittedByB).as("within the limit plus nodes × allowance")
                .isEqualTo((int) (100 + ALLOWANCE)).isLessThanOrEqualTo((int) (100 + 2 * ALLOWANCE));

        before = b.connections();
        for (int i = 0; i < 5; i++) {
            assertThat(b.draw(subject)).isFalse();
        }
        assertThat(b.connections() - before).as("refused from B's copy, now up to date").isZero();
        assertThat(a.draw(subject)).isFalse();
    }

    @Test
    void aNodeWritesItsCopyBackAfterTheUnsyncedTimeEvenBelowTheTokenAllowance() {
        String subject = RateLimitIT.newAddress();
        Node a = node(SYNC, subject);
        Node b = node(SYNC, subject);
        assertThat(b.draw(subject)).isTrue();
        while (a.draw(subject)) {
            // use the bucket up on A
        }

        int before = b.connections();
        assertThat(b.draw(subject)).as("within the time and the allowance, B's copy answers").isTrue();
        assertThat(b.connections()).isEqualTo(before);

        clock.advance(Duration.ofMillis(101));
        assertThat(b.draw(subject)).as("past the time, B reads the bucket A used up").isFalse();
        assertThat(b.connections()).isEqualTo(before + 1);
        assertThat(b.draw(subject)).isFalse();
        assertThat(b.connections()).as("and refuses from its fresh copy").isEqualTo(before + 1);
    }

    /**
     * Concurrent first draws on a bucket this node has not read yet: Bucket4j merges them into one
     * batch, which with the delaying optimization failed as a whole while the bucket did not exist
     * (BucketNotFoundException), letting every draw in it through uncounted. Seen in the overhead
     * bench; the node now reads a new bucket once before anything draws from it concurrently.
     */
    @Test
    void concurrentFirstDrawsOnANewBucketAreAllCounted() throws InterruptedException {
        int threads = 8;
        for (int attempt = 0; attempt < 5; attempt++) {
            String subject = RateLimitIT.newAddress();
            Node node = node(SYNC, subject);
            CountDownLatch start = new CountDownLatch(1);
            List<Verdict> verdicts = new CopyOnWriteArrayList<>();
            List<Thread> drawing = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        verdicts.add(node.limiter().draw(LimitKind.CLIENT_ADDRESS, subject));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                drawing.add(thread);
            }
            start.countDown();
            for (Thread thread : drawing) {
                thread.join();
            }
            assertThat(verdicts).hasSize(threads).allMatch(Verdict::allowed)
                    .as("attempt %d: no draw let through uncounted (the answer when the bucket fails)", attempt)
                    .noneMatch(v -> v.remaining() == LIMIT.burst());

            clock.advance(Duration.ofMillis(101));
            assertThat(node.draw(subject)).as("past the time: writes what the node took").isTrue();
            Verdict seen = node(new Sync(0, null, Duration.ofMillis(100)), subject).limiter()
                    .draw(LimitKind.CLIENT_ADDRESS, subject);
            assertThat(seen.remaining()).as("attempt %d: every draw is in the shared bucket", attempt)
                    .isEqualTo(LIMIT.burst() - threads - 1 - 1);
        }
    }

    /**
     * Three nodes draw on one subject in a random order while the clock moves: whatever the order,
     * no more is let through than the bucket's burst, its refill over the time passed, and each
     * node's allowance; and no less than the burst while it did not refill.
     */
    @Test
    void threeNodesTogetherStayWithinTheLimitPlusTheirAllowances() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 8; round++) {
            String subject = RateLimitIT.newAddress();
            List<Node> nodes = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                nodes.add(node(SYNC, subject));
            }
            long admitted = 0;
            long elapsedMillis = 0;
            for (int step = 0; step < 400; step++) {
                if (random.nextInt(10) == 0) {
                    long millis = random.nextInt(150);
                    clock.advance(Duration.ofMillis(millis));
                    elapsedMillis += millis;
                } else if (nodes.get(random.nextInt(nodes.size())).draw(subject)) {
                    admitted++;
                }
                long refilled = elapsedMillis * LIMIT.requestsPerSecond() / 1000;
                assertThat(admitted).as("seed %d, round %d, step %d", seed, round, step)
                        .isLessThanOrEqualTo(LIMIT.burst() + refilled + nodes.size() * ALLOWANCE);
            }
            assertThat(admitted).as("seed %d, round %d: the burst was let through", seed, round)
                    .isGreaterThanOrEqualTo(LIMIT.burst());
        }
    }

    @Test
    void aBucketThatCouldNotBeReadIsNotAskedForAgainForASecond() {
        String subject = RateLimitIT.newAddress();
        Node node = node(SYNC, subject);
        node.counting().down = true;

        assertThat(node.draw(subject)).as("the database unreachable: let through").isTrue();
        int tried = node.connections();
        assertThat(tried).isPositive();
        for (int i = 0; i < 5; i++) {
            assertThat(node.draw(subject)).isTrue();
        }
        assertThat(node.connections()).as("no draw waits for a connection again within the second").isEqualTo(tried);

        node.counting().down = false;
        clock.advance(RateLimiter.READ_RETRY);
        assertThat(node.draw(subject)).isTrue();
        assertThat(node.connections()).as("a second later the bucket is read").isGreaterThan(tried);
    }

    private Node node(Sync sync, String subject) {
        ConnectionCounting counting = new ConnectionCounting(dataSource);
        RateLimiter limiter = new RateLimiter(counting, clock,
                new RateLimitProperties(true, null, null, null, null, sync));
        limiter.use(LimitKind.CLIENT_ADDRESS, subject, LIMIT);
        return new Node(limiter, counting);
    }

    private record Node(RateLimiter limiter, ConnectionCounting counting) {

        boolean draw(String subject) {
            return limiter.draw(LimitKind.CLIENT_ADDRESS, subject).allowed();
        }

        int connections() {
            return counting.taken.get();
        }
    }

    /** The suite's pool, counting the connections taken from it. */
    private static final class ConnectionCounting extends DelegatingDataSource {

        final AtomicInteger taken = new AtomicInteger();
        /** The database unreachable: every connection asked for fails. */
        volatile boolean down;

        ConnectionCounting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            taken.incrementAndGet();
            if (down) {
                throw new SQLException("connection refused (test)");
            }
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            taken.incrementAndGet();
            return super.getConnection(username, password);
        }
    }
}
