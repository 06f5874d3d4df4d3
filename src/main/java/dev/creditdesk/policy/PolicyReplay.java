package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays a candidate policy version over decisions already made: each past case's facts snapshot
 * (what its evaluation read, as a facts file writes it) is read back and evaluated by the
 * candidate, and what it decides is set against what the case got. Pure: it reads the cases it is
 * given and writes nothing; whoever calls it chooses the cases and keeps the report.
 *
 * <p>Cases are decoded and evaluated on {@code threads} workers, in chunks; each worker tallies its
 * own chunk ({@link ReplayReport.Tally}) and the tallies are added at the end, so the report does
 * not depend on the order the workers finished in. Changes reach the caller in the order workers find
 * them; whoever keeps them sorts them.
 */
public final class PolicyReplay {

    private static final int CHUNK = 256;
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PolicyDocuments.Loaded candidate;
    private final String timezone;
    private final @Nullable BusinessDays businessDays;
    private final int threads;

    /**
     * A replay of {@code candidate}; facts without a timezone are in {@code timezone}, business
     * days are counted with {@code businessDays} (the tenant's calendar; null: none known).
     */
    public PolicyReplay(PolicyDocuments.Loaded candidate, String timezone, @Nullable BusinessDays businessDays,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.candidate = Objects.requireNonNull(candidate);
        this.timezone = Objects.requireNonNull(timezone);
        this.businessDays = businessDays;
        this.threads = threads;
    }

    /** What a decision came to, as far as a replay compares them. */
    public record Verdict(Outcome outcome, @Nullable String ruleId, @Nullable BigDecimal amount, long creditsRemoved,
            boolean review) {

        public Verdict {
            Objects.requireNonNull(outcome);
        }

        /** A policy's decision: a person reviews it unless it may be carried out alone. */
        public static Verdict of(Decision decision) {
            return new Verdict(decision.outcome(), decision.ruleId(), decision.amount(), decision.creditsToRemove(),
                    !decision.automatic() || decision.outcome() == Outcome.NEEDS_REVIEW);
        }

        /** The money a refund outcome proposes; nothing for any other outcome. */
        public BigDecimal refunded() {
            return outcome.refunds() && amount != null ? amount : BigDecimal.ZERO;
        }

        /** Whether the two differ in outcome, rule, amount (by value), credits removed or review. */
        public boolean differs(Verdict other) {
            return outcome != other.outcome || !Objects.equals(ruleId, other.ruleId)
                    || creditsRemoved != other.creditsRemoved || review != other.review
                    || (amount == null ? other.amount != null : other.amount == null || amount.compareTo(other.amount) != 0);
        }

        /** "outcome (rule)", as transitions name both sides. */
        public String label() {
            return outcome.wireName() + (ruleId == null ? "" : " (" + ruleId + ")");
        }
    }

    /**
     * One past case: its id (as the API names it), when it came, what it got ({@code before}), the
     * facts snapshot that decision read, as JSON text, and the money its decision met
     * ({@code money}, null when it moved none or when the case does not say).
     */
    public record PastCase(String caseId, Instant receivedAt, Verdict before, String factsJson,
            @Nullable MoneyThen money) {

        public PastCase(String caseId, Instant receivedAt, Verdict before, String factsJson) {
            this(caseId, receivedAt, before, factsJson, null);
        }
    }

    /**
     * What the order had left to refund when the case was decided ({@code left}, and on its
     * duplicate charges), and whether a chargeback was open: the service applies it to a decision
     * that moves money (a refund, or account credit), and so does a replay, so that the candidate
     * meets the money the case met.
     */
    public record MoneyThen(BigDecimal left, BigDecimal duplicatesLeft, boolean disputeOpen) {

        /** The decision as the service would have carried it: to a person while disputed, cut to what was left. */
        Decision apply(Decision decision) {
            boolean movesMoney = decision.amount() != null
                    && (decision.outcome().refunds() || decision.outcome() == Outcome.REMEDY);
            if (!movesMoney) {
                return decision;
            }
            if (disputeOpen) {
                return decision.forReview();
            }
            BigDecimal available = decision.remedies().contains("refund_duplicate_charge") ? duplicatesLeft : left;
            if (available.signum() > 0 && decision.amount().signum() > 0 && decision.amount().compareTo(available) > 0) {
                return decision.withAmount(available);
            }
            return decision;
        }
    }

    /** A case the candidate decides otherwise, with the money both ways in the order's currency. */
    public record Change(String caseId, Instant receivedAt, String currency, Verdict before, Verdict after) {

        /** Money refunded after, less before: positive when the candidate refunds more. */
        public BigDecimal moneyDifference() {
            return after.refunded().subtract(before.refunded());
        }
    }

    /**
     * Replays every case {@code cases} yields. {@code changed} receives each change (from the
     * worker threads, one at a time); {@code progress} the number of cases replayed so far, after
     * each chunk. Interrupting the calling thread stops the replay ({@link InterruptedException}).
     */
    public ReplayReport replay(Iterator<PastCase> cases, Consumer<Change> changed, LongConsumer progress)
            throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "policy-replay");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(threads * 4);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Deque<Future<ReplayReport.Tally>> running = new ArrayDeque<>();
        ReplayReport.Tally total = new ReplayReport.Tally();
        Object sink = new Object();
        try {
            // a worker that failed stops the reading: the rest would be replayed for nothing
            while (cases.hasNext() && failure.get() == null) {
                List<PastCase> chunk = new ArrayList<>(CHUNK);
                while (chunk.size() < CHUNK && cases.hasNext()) {
                    chunk.add(cases.next());
                }
                inFlight.acquire();
                running.add(workers.submit(() -> {
                    try {
                        ReplayReport.Tally tally = new ReplayReport.Tally();
                        for (PastCase past : chunk) {
                            Change change = replayOne(past, tally);
                            if (change != null) {
                                synchronized (sink) {
                                    changed.accept(change);
                                }
                            }
                        }
                        progress.accept(done.addAndGet(chunk.size()));
                        return tally;
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                        throw e;
                    } finally {
                        inFlight.release();
                    }
                }));
                // chunks done are added up as they finish, so a long replay keeps few of them
                while (!running.isEmpty() && running.peekFirst().isDone()) {
                    total.add(running.pollFirst().get());
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("replay stopped");
                }
            }
            for (Future<ReplayReport.Tally> chunk : running) {
                total.add(chunk.get());
            }
            return total.report(candidate.policy());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } finally {
            workers.shutdownNow();
            // no worker may still write (a change, progress) once the replay has answered
            workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * {@code cases} at most {@code perSecond} a second (a bucket holding a tenth of a second's worth),
     * so that a replay beside the service leaves it the cores it needs; 0: as fast as they come.
     * Taking a case waits for its token; an interrupt ends the wait with the thread's interrupt flag
     * set again, which {@link #replay} answers after the chunk.
     */
    public static Iterator<PastCase> paced(Iterator<PastCase> cases, int perSecond) {
        if (perSecond <= 0) {
            return cases;
        }
        Bucket bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(Math.max(1, perSecond / 10))
                .refillGreedy(perSecond, java.time.Duration.ofSeconds(1)).initialTokens(0).build()).build();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cases.hasNext();
            }

            @Override
            public PastCase next() {
                try {
                    bucket.asBlocking().consume(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return cases.next();
            }
        };
    }

    /**
     * Snapshots written before the writer left it out carry {@code request.exact_hours_since_purchase}
     * with all of DECIMAL128's digits, more than a facts file may have; the reader derives the very
     * same value from {@code purchased_at} and {@code requested_at}, so it is dropped when those are there.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutDerivedHours(Map<String, Object> raw) {
        if (raw.get("request") instanceof Map<?, ?> request && request.containsKey("exact_hours_since_purchase")
                && raw.containsKey("purchased_at") && raw.containsKey("requested_at")) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) request);
            copy.remove("exact_hours_since_purchase");
            Map<String, Object> fixed = new java.util.LinkedHashMap<>(raw);
            fixed.put("request", copy);
            return fixed;
        }
        return raw;
    }

    /** Replays one case into {@code tally}; the change, or null when the candidate decides the same. */
    @Nullable
    Change replayOne(PastCase past, ReplayReport.Tally tally) {
        Facts facts;
        Verdict after;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = JSON.readValue(past.factsJson(), Map.class);
            facts = PolicyDocuments.facts(withoutDerivedHours(raw), timezone, businessDays);
            Decision decision = candidate.evaluate(facts);
            after = Verdict.of(past.money() == null ? decision : past.money().apply(decision));
        } catch (InvalidFactException e) {
            tally.unreplayable("the snapshot's " + e.fact() + " " + e.reason());
            return null;
        } catch (RuntimeException e) {
            tally.unreplayable(String.valueOf(e.getMessage()));
            return null;
        }
        Object currency = facts.struct("order").get("currency");
        String code = currency instanceof String s ? s : "XXX";
        tally.replayed(code, past.before(), after);
        if (!past.before().differs(after)) {
            return null;
        }
        Change change = new Change(past.caseId(), past.receivedAt(), code, past.before(), after);
        tally.changed(change);
        return change;
    }
}
