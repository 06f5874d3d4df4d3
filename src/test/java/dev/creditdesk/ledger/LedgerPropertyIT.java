package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.LedgerInvariants.AccountSums;
import dev.creditdesk.ledger.LedgerInvariants.StoredBlock;
import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskStatus;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.DrawdownCriterion;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.joda.money.CurrencyUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeded random sequences of grants, reservations, completions, failures, restorations, clock
 * moves and job passes, each checked after every step against the database's own sums and against
 * a small model of the ledger (blocks drawn down in the tenant's order, holds, tasks).
 * A failure names its seed; replay it with {@code -Dledger.seed=<seed>}.
 */
class LedgerPropertyIT extends IntegrationTest {

    private static final long[] SEEDS = {1L, 42L, 20260302L, 987_654_321L, -7L};
    private static final int STEPS = 200;
    private static final int ACCOUNTS = 3;
    private static final List<List<DrawdownCriterion>> ORDERS = List.of(
            DrawdownCriterion.DEFAULT_ORDER,
            List.of(DrawdownCriterion.OLDEST_FIRST),
            List.of(DrawdownCriterion.NEWEST_FIRST),
            List.of(DrawdownCriterion.REFUNDABLE_FIRST, DrawdownCriterion.SOONEST_EXPIRY,
                    DrawdownCriterion.NEWEST_FIRST),
            List.of(DrawdownCriterion.SOONEST_EXPIRY, DrawdownCriterion.REFUNDABLE_FIRST,
                    DrawdownCriterion.OLDEST_FIRST));
    private static final List<BlockSource> GRANTED_SOURCES = List.of(BlockSource.PURCHASE, BlockSource.SUBSCRIPTION,
            BlockSource.BONUS, BlockSource.PROMOTIONAL, BlockSource.GIFT, BlockSource.REPLACEMENT,
            BlockSource.COMPENSATION);

    @Autowired
    Ledger ledger;

    @Autowired
    Tasks tasks;

    @Autowired
    LedgerJobs jobs;

    @Autowired
    JdbcClient jdbc;

    static Stream<Long> seeds() {
        String replay = System.getProperty("ledger.seed");
        if (replay != null && !replay.isBlank()) {
            return Stream.of(Long.parseLong(replay.trim()));
        }
        return Stream.concat(LongStream.of(SEEDS).boxed(), Stream.of(System.nanoTime()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomSequencesKeepTheLedgerConsistent(long seed) {
        Run run = new Run(seed);
        try {
            run.setUp();
            for (run.step = 1; run.step <= STEPS; run.step++) {
                run.randomStep();
                run.check();
            }
            run.runJobs(true, true);
            run.check();
            System.out.println("LedgerPropertyIT seed " + seed + ": " + run.outcomes);
            // A run that never got past the basics proves little.
            assertThat(run.outcomes).containsKeys("grant", "reserve", "reserve refused 402", "complete");
        } catch (Throwable e) {
            throw new AssertionError("Ledger property failed with seed " + seed + " at step " + run.step
                    + " (replay with -Dledger.seed=" + seed + ")\nlast steps:\n  "
                    + String.join("\n  ", run.history) + "\n" + e.getMessage(), e);
        }
    }

    // ---- the model ----

    static final class MBlock {
        final UUID id;
        final UUID accountId;
        final BlockSource source;
        final boolean refundable;
        final Instant expiresAt;
        final Instant createdAt;
        final long granted;
        final UUID orderId;
        long consumed;
        long held;
        long expired;
        long suspended;
        /** Suspended with its order (a chargeback): credits coming back to it are suspended too. */
        boolean suspendedFlag;

        MBlock(UUID id, UUID accountId, BlockSource source, boolean refundable, Instant expiresAt, Instant createdAt,
                long granted) {
            this(id, accountId, source, refundable, expiresAt, createdAt, granted, null);
        }

        MBlock(UUID id, UUID accountId, BlockSource source, boolean refundable, Instant expiresAt, Instant createdAt,
                long granted, UUID orderId) {
            this.orderId = orderId;
            this.id = id;
            this.accountId = accountId;
            this.source = source;
            this.refundable = refundable;
            this.expiresAt = expiresAt;
            this.createdAt = createdAt;
            this.granted = granted;
        }

        long unspent() {
            return granted - consumed - held - expired - suspended;
        }

        /** Credits that come back to this block: suspended with it while its order is. */
        void giveBack(long credits) {
            if (suspendedFlag) {
                suspended += credits;
            }
        }

        boolean pastDate(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    record Portion(MBlock block, long credits) {
    }

    static final class MTask {
        final UUID id;
        final UUID accountId;
        final long reserved;
        final Instant expiresAt;
        final List<Portion> held;
        final List<Portion> consumed = new ArrayList<>();
        TaskStatus status = TaskStatus.RESERVED;
        long used;
        long restored;

        MTask(UUID id, UUID accountId, long reserved, Instant expiresAt, List<Portion> held) {
            this.id = id;
            this.accountId = accountId;
            this.reserved = reserved;
            this.expiresAt = expiresAt;
            this.held = held;
        }

        boolean pastTtl(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    private static Comparator<MBlock> drawdown(List<DrawdownCriterion> order) {
        Comparator<MBlock> c = (a, b) -> 0;
        for (DrawdownCriterion criterion : order) {
            c = c.thenComparing(switch (criterion) {
                case SOONEST_EXPIRY -> Comparator.comparing((MBlock b) -> b.expiresAt,
                        Comparator.nullsLast(Comparator.naturalOrder()));
                case NON_REFUNDABLE_FIRST -> Comparator.comparing((MBlock b) -> b.refundable);
                case REFUNDABLE_FIRST -> Comparator.comparing((MBlock b) -> !b.refundable);
                case OLDEST_FIRST -> Comparator.comparing((MBlock b) -> b.createdAt);
                case NEWEST_FIRST -> Comparator.comparing((MBlock b) -> b.createdAt, Comparator.reverseOrder());
            });
        }
        return c;
    }

    // ---- one run ----

    /** How the run reserves: through {@link Tasks}, or as a subclass sends it (a batch). */
    protected Task reserveTask(UUID tenantId, UUID accountId, long credits, Duration ttl) {
        return tasks.reserve(tenantId, accountId, credits, ttl, null, "prop");
    }

    protected Task completeTask(UUID tenantId, UUID taskId, long used) {
        return tasks.complete(tenantId, taskId, used);
    }

    protected Task failTask(UUID tenantId, UUID taskId, String reason) {
        return tasks.fail(tenantId, taskId, reason);
    }

    final class Run {
        final long seed;
        final Random random;
        final Deque<String> history = new ArrayDeque<>();
        int step;
        TestTenant tenant;
        List<DrawdownCriterion> order;
        final List<UUID> accounts = new ArrayList<>();
        final Map<UUID, MBlock> blocks = new LinkedHashMap<>();
        final Map<UUID, MTask> taskModel = new LinkedHashMap<>();
        final Map<String, Integer> outcomes = new java.util.TreeMap<>();

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        void setUp() {
            order = ORDERS.get(random.nextInt(ORDERS.size()));
            tenant = newTenant(Map.of("drawdown_order", order.stream().map(DrawdownCriterion::wireName).toList()));
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add(newAccount(tenant));
            }
            note("tenant " + tenant.id() + " order " + order + " accounts " + accounts);
        }

        void note(String what) {
            if (history.size() == 40) {
                history.removeFirst();
            }
            history.addLast(step + ": " + what);
        }

        Instant now() {
            return clock.instant();
        }

        void randomStep() {
            // Every step moves time a little, so no two blocks of a run share a creation time and the
            // drawdown order never falls back to comparing ids.
            clock.advance(Duration.ofSeconds(1));
            UUID account = accounts.get(random.nextInt(accounts.size()));
            int dice = random.nextInt(100);
            if (dice < 16) {
                grant(account);
            } else if (dice < 42) {
                reserve(account);
            } else if (dice < 60) {
                complete();
            } else if (dice < 70) {
                fail();
            } else if (dice < 78) {
                restore();
            } else if (dice < 84) {
                advance();
            } else if (dice < 90) {
                suspendOrLift();
            } else {
                int which = random.nextInt(4);
                runJobs(which != 1, which != 0);
            }
        }

        // ---- steps ----

        void grant(UUID account) {
            BlockSource source = GRANTED_SOURCES.get(random.nextInt(GRANTED_SOURCES.size()));
            long credits = 1 + random.nextInt(300);
            Instant expiresAt = random.nextInt(100) < 40
                    ? now().plus(Duration.ofMinutes(30 + random.nextInt(570)))
                    : null;
            boolean paid = source == BlockSource.PURCHASE || source == BlockSource.SUBSCRIPTION;
            Grant grant = paid
                    ? new Grant(tenant.id(), account, source, credits, UUID.randomUUID(), new BigDecimal("0.01"),
                            CurrencyUnit.USD, source == BlockSource.PURCHASE, expiresAt, "order")
                    : Grant.free(tenant.id(), account, source, credits, expiresAt, "gift of step " + step);
            note("grant " + credits + " " + source + " expiring " + expiresAt + " to " + account);
            CreditBlock block = ledger.grant(grant);
            count("grant");
            assertThat(block.granted()).isEqualTo(credits);
            blocks.put(block.id(), new MBlock(block.id(), account, source, grant.refundable(), expiresAt, now(),
                    credits, grant.orderId()));
        }

        void reserve(UUID account) {
            long available = availableNow(account);
            long credits = random.nextInt(100) < 25 || available == 0
                    ? available + 1 + random.nextInt(50)
                    : 1 + random.nextInt((int) Math.min(available, 150));
            Duration ttl = Duration.ofMinutes(5 + random.nextInt(240));
            note("reserve " + credits + " of " + available + " available, ttl " + ttl + " on " + account);
            long suspendedLive = blocks.values().stream()
                    .filter(b -> b.accountId.equals(account) && b.suspendedFlag && !b.pastDate(now()))
                    .mapToLong(b -> b.suspended).sum();
            if (credits > available && credits <= available + suspendedLive) {
                ApiProblem refused = refused(() -> reserveTask(tenant.id(), account, credits, ttl));
                assertThat(refused).as("reserving what only suspended credits cover").isInstanceOf(CreditsSuspended.class);
                assertThat(refused.properties()).containsEntry("available", available)
                        .containsEntry("suspended", suspendedLive).containsEntry("suspension_source", "dispute");
                count("reserve refused 403 credits-suspended");
                return;
            }
            if (credits > available) {
                ApiProblem refused = refused(() -> reserveTask(tenant.id(), account, credits, ttl));
                assertThat(refused).as("reserving more than available").isInstanceOf(InsufficientCredits.class);
                assertThat(refused.status()).isEqualTo(402);
                assertThat(refused.properties()).containsEntry("available", available)
                        .containsEntry("requested", credits);
                count("reserve refused 402");
                return;
            }
            Task task = reserveTask(tenant.id(), account, credits, ttl);
            count("reserve");
            assertThat(task.status()).isEqualTo(TaskStatus.RESERVED);
            assertThat(task.creditsReserved()).isEqualTo(credits);
            assertThat(task.expiresAt()).isEqualTo(now().plus(ttl));
            List<MBlock> spendable = blocks.values().stream()
                    .filter(b -> b.accountId.equals(account) && b.unspent() > 0 && !b.pastDate(now()))
                    .sorted(drawdown(order))
                    .toList();
            List<Portion> portions = new ArrayList<>();
            long remaining = credits;
            for (MBlock b : spendable) {
                if (remaining == 0) {
                    break;
                }
                long take = Math.min(b.unspent(), remaining);
                b.held += take;
                portions.add(new Portion(b, take));
                remaining -= take;
            }
            assertThat(remaining).isZero();
            taskModel.put(task.id(), new MTask(task.id(), account, credits, task.expiresAt(), portions));
        }

        void complete() {
            MTask task = pickTask(TaskStatus.RESERVED);
            if (task == null) {
                return;
            }
            int dice = random.nextInt(100);
            long used = dice < 5 ? task.reserved + 1 + random.nextInt(5)
                    : dice < 15 ? task.reserved
                    : dice < 25 ? 0
                    : random.nextLong(task.reserved + 1);
            note("complete " + task.id + " (" + task.status + ", " + task.reserved + " reserved, ttl until "
                    + task.expiresAt + ") using " + used);
            if (task.status != TaskStatus.RESERVED) {
                expectRefusal(409, () -> completeTask(tenant.id(), task.id, used));
                return;
            }
            if (used > task.reserved) {
                expectRefusal(400, () -> completeTask(tenant.id(), task.id, used));
                return;
            }
            if (task.pastTtl(now())) {
                expectRefusal(409, () -> completeTask(tenant.id(), task.id, used));
                return;
            }
            Task done = completeTask(tenant.id(), task.id, used);
            assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(done.creditsUsed()).isEqualTo(used);
            long toConsume = used;
            for (Portion p : task.held) {
                long consume = Math.min(p.credits(), toConsume);
                p.block().held -= p.credits();
                p.block().consumed += consume;
                p.block().giveBack(p.credits() - consume);
                if (consume > 0) {
                    task.consumed.add(new Portion(p.block(), consume));
                }
                toConsume -= consume;
            }
            task.status = TaskStatus.COMPLETED;
            task.used = used;
            count("complete");
        }

        void fail() {
            MTask task = pickTask(TaskStatus.RESERVED);
            if (task == null) {
                return;
            }
            note("fail " + task.id + " (" + task.status + ", ttl until " + task.expiresAt + ")");
            if (task.status != TaskStatus.RESERVED || task.pastTtl(now())) {
                expectRefusal(409, () -> failTask(tenant.id(), task.id, "failed"));
                return;
            }
            Task failed = failTask(tenant.id(), task.id, "failed");
            assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
            releaseAll(task, TaskStatus.FAILED);
            count("fail");
        }

        void restore() {
            MTask task = pickTask(TaskStatus.COMPLETED);
            if (task == null) {
                return;
            }
            note("restore " + task.id + " (" + task.status + ", used " + task.used + ")");
            if (task.status != TaskStatus.COMPLETED || task.used == 0) {
                expectRefusal(409, () -> tasks.restore(tenant.id(), task.id, "refund"));
                return;
            }
            Task restored = tasks.restore(tenant.id(), task.id, "refund");
            assertThat(restored.status()).isEqualTo(TaskStatus.RESTORED);
            assertThat(restored.creditsRestored()).isEqualTo(task.used);
            long toNewBlock = 0;
            for (Portion p : task.consumed) {
                if (p.block().pastDate(now())) {
                    toNewBlock += p.credits();
                } else {
                    p.block().consumed -= p.credits();
                    p.block().giveBack(p.credits());
                }
            }
            if (toNewBlock > 0) {
                List<UUID> created = jdbc.sql("select block_id from ledger_entries "
                                + "where tenant_id = :tenant and hold_id = (select hold_id from tasks "
                                + "where tenant_id = :tenant and id = :task) and type = 'grant'")
                        .param("tenant", tenant.id()).param("task", task.id).query(UUID.class).list();
                assertThat(created).as("restoration blocks of task " + task.id).hasSize(1);
                blocks.put(created.get(0), new MBlock(created.get(0), task.accountId, BlockSource.RESTORATION,
                        false, null, now(), toNewBlock));
            }
            count(toNewBlock > 0 ? "restore onto a new block" : "restore onto its blocks");
            task.status = TaskStatus.RESTORED;
            task.restored = task.used;
        }

        /** A chargeback on one order opens (its credits suspended) or is won (lifted exactly). */
        void suspendOrLift() {
            List<MBlock> paid = blocks.values().stream().filter(b -> b.orderId != null).toList();
            if (paid.isEmpty()) {
                return;
            }
            MBlock block = paid.get(random.nextInt(paid.size()));
            UUID orderId = block.orderId;
            if (block.suspendedFlag && random.nextInt(100) < 10) {
                note("suspend " + orderId + " again");
                expectRefusal(409, () -> ledger.suspendOrderCredits(tenant.id(), orderId, "again", "dispute", "d2"));
            } else if (block.suspendedFlag) {
                note("lift " + orderId + " (" + block.suspended + " suspended)");
                assertThat(ledger.liftOrderSuspension(tenant.id(), orderId, "won")).isEqualTo(block.suspended);
                block.suspendedFlag = false;
                block.suspended = 0;
                count("lift");
            } else {
                note("suspend " + orderId + " (" + block.unspent() + " unspent)");
                long expected = block.unspent();
                assertThat(ledger.suspendOrderCredits(tenant.id(), orderId, "chargeback", "dispute", "d-" + orderId))
                        .isEqualTo(expected);
                block.suspendedFlag = true;
                block.suspended += expected;
                count("suspend");
            }
        }

        void advance() {
            Duration by = random.nextInt(100) < 70
                    ? Duration.ofMinutes(1 + random.nextInt(120))
                    : Duration.ofHours(1 + random.nextInt(8));
            note("advance " + by);
            clock.advance(by);
        }

        void runJobs(boolean holds, boolean blocksToo) {
            note("jobs: holds " + holds + ", blocks " + blocksToo);
            Instant now = now();
            if (holds) {
                while (jobs.expireHolds() > 0) {
                    // until no hold past its TTL is left anywhere
                }
                for (MTask task : taskModel.values()) {
                    if (task.status == TaskStatus.RESERVED && task.pastTtl(now)) {
                        releaseAll(task, TaskStatus.EXPIRED);
                        count("hold expired by job");
                    }
                }
            }
            if (blocksToo) {
                while (jobs.expireBlocks() > 0) {
                    // until no block past its date has unspent credits left anywhere
                }
                for (MBlock b : blocks.values()) {
                    if (b.pastDate(now) && b.unspent() > 0) {
                        b.expired += b.unspent();
                        count("block expired by job");
                    }
                }
            }
            if (holds && blocksToo) {
                checkBalancesAfterJobs();
            }
        }

        // ---- helpers ----

        long availableNow(UUID account) {
            return blocks.values().stream()
                    .filter(b -> b.accountId.equals(account) && !b.pastDate(now()))
                    .mapToLong(MBlock::unspent).sum();
        }

        void releaseAll(MTask task, TaskStatus to) {
            for (Portion p : task.held) {
                p.block().held -= p.credits();
                p.block().giveBack(p.credits());
            }
            task.status = to;
        }

        /** Mostly a task in the wanted state; now and then any task, to see the others refused. */
        MTask pickTask(TaskStatus preferred) {
            if (taskModel.isEmpty()) {
                return null;
            }
            List<MTask> all = new ArrayList<>(taskModel.values());
            List<MTask> wanted = all.stream().filter(t -> t.status == preferred).toList();
            List<MTask> from = wanted.isEmpty() || random.nextInt(100) < 15 ? all : wanted;
            return from.get(random.nextInt(from.size()));
        }

        ApiProblem refused(Runnable action) {
            long entriesBefore = LedgerInvariants.entryCount(jdbc, tenant.id());
            List<StoredBlock> blocksBefore = LedgerInvariants.blocks(jdbc, tenant.id());
            try {
                action.run();
            } catch (ApiProblem problem) {
                assertThat(LedgerInvariants.entryCount(jdbc, tenant.id())).as("entries after a refusal")
                        .isEqualTo(entriesBefore);
                assertThat(LedgerInvariants.blocks(jdbc, tenant.id())).as("blocks after a refusal")
                        .isEqualTo(blocksBefore);
                return problem;
            }
            throw new AssertionError("expected the call to be refused, but it succeeded");
        }

        void expectRefusal(int status, Runnable action) {
            ApiProblem problem = refused(action);
            assertThat(problem.status()).as("status of refusal %s: %s", problem.type(), problem.getMessage())
                    .isEqualTo(status);
            count("refused " + status + " " + problem.type());
        }

        void count(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        // ---- checks ----

        void check() {
            Instant now = now();
            Map<UUID, AccountSums> sums = LedgerInvariants.check(jdbc, tenant.id(), now);

            // The database holds exactly the blocks of the model, with the model's counters.
            List<StoredBlock> stored = LedgerInvariants.blocks(jdbc, tenant.id());
            assertThat(stored).as("blocks of the tenant").hasSize(blocks.size());
            for (StoredBlock s : stored) {
                MBlock m = blocks.get(s.id());
                assertThat(m).as("unexpected block %s", s).isNotNull();
                assertThat(s.accountId()).isEqualTo(m.accountId);
                assertThat(s.source()).isEqualTo(m.source.wireName());
                assertThat(s.refundable()).isEqualTo(m.refundable);
                assertThat(s.expiresAt()).isEqualTo(m.expiresAt);
                assertThat(new long[] {s.granted(), s.consumed(), s.held(), s.expired(), s.revoked(), s.suspended()})
                        .as("granted, consumed, held, expired, revoked, suspended of block %s (%s, expires %s)",
                                s.id(), m.source, m.expiresAt)
                        .containsExactly(m.granted, m.consumed, m.held, m.expired, 0, m.suspended);
            }

            // Every task is where the model says.
            Map<UUID, String> storedTasks = new LinkedHashMap<>();
            jdbc.sql("select id, status, credits_used, credits_restored from tasks where tenant_id = :tenant")
                    .param("tenant", tenant.id())
                    .query(rs -> {
                        storedTasks.put(rs.getObject(1, UUID.class),
                                rs.getString(2) + " used " + rs.getLong(3) + " restored " + rs.getLong(4));
                    });
            assertThat(storedTasks).as("tasks of the tenant").hasSize(taskModel.size());
            for (MTask m : taskModel.values()) {
                assertThat(storedTasks.get(m.id)).as("task %s", m.id)
                        .isEqualTo(m.status.wireName() + " used " + m.used + " restored " + m.restored);
            }

            for (UUID account : accounts) {
                Balance balance = ledger.balance(tenant.id(), account);
                AccountSums s = sums.getOrDefault(account, new AccountSums(0, 0, 0, 0, 0, 0, 0));
                long modelHeld = blocks.values().stream().filter(b -> b.accountId.equals(account))
                        .mapToLong(b -> b.held).sum();
                long modelConsumed = taskModel.values().stream().filter(t -> t.accountId.equals(account))
                        .mapToLong(t -> t.used - t.restored).sum();
                assertThat(balance.available()).as("available of %s", account).isEqualTo(availableNow(account));
                assertThat(balance.held()).as("held of %s", account).isEqualTo(modelHeld).isEqualTo(s.held());
                assertThat(balance.suspended()).as("suspended of %s", account).isEqualTo(blocks.values().stream()
                        .filter(b -> b.accountId.equals(account)).mapToLong(b -> b.suspended).sum());
                // Restored credits go back onto their blocks, or onto a new restoration block when theirs
                // has passed its date (the old block keeps them as consumed).
                long regranted = blocks.values().stream()
                        .filter(b -> b.accountId.equals(account) && b.source == BlockSource.RESTORATION)
                        .mapToLong(b -> b.granted).sum();
                assertThat(s.consumed() - regranted).as("consumed net of restorations of %s", account)
                        .isEqualTo(modelConsumed);
                // Credits of blocks past their date are not available, recorded as expired or not yet.
                assertThat(balance.available()).as("available of %s vs entries %s", account, s)
                        .isEqualTo(s.availableFromEntries() - s.unspentPastDate());
                assertThat(balance.total()).as("total of %s vs entries %s", account, s)
                        .isEqualTo(s.totalFromEntries() - s.unspentPastDate());
            }
        }

        /** Once both jobs have run, the balance is exactly what the entries add up to. */
        void checkBalancesAfterJobs() {
            Map<UUID, AccountSums> sums = LedgerInvariants.check(jdbc, tenant.id(), now());
            for (UUID account : accounts) {
                Balance balance = ledger.balance(tenant.id(), account);
                AccountSums s = sums.getOrDefault(account, new AccountSums(0, 0, 0, 0, 0, 0, 0));
                assertThat(s.unspentPastDate()).as("unspent credits past their date after the jobs, %s", s).isZero();
                assertThat(balance.available()).as("available of %s after the jobs", account)
                        .isEqualTo(s.availableFromEntries());
                assertThat(balance.total()).as("total of %s after the jobs", account)
                        .isEqualTo(s.totalFromEntries());
            }
        }
    }
}
