package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
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
 * not depend on the order the workers finished in (changes are sorted by when the case came).
 */
public final class PolicyReplay {

    private static final int CHUNK = 256;
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
     * One past case: its id (as the API names it), when it came, what it got ({@code before}) and
     * the facts snapshot that decision read, as JSON text.
     */
    public record PastCase(String caseId, Instant receivedAt, Verdict before, String factsJson, boolean moneyBlocked) {

        /**
         * A case whose money did not stop the policy: {@code moneyBlocked} is true when the case's
         * proposal went to a person because of the money (a chargeback open), which the candidate's
         * decision would have met too.
         */
        public PastCase(String caseId, Instant receivedAt, Verdict before, String factsJson) {
            this(caseId, receivedAt, before, factsJson, false);
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
        List<Future<ReplayReport.Tally>> chunks = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        Object sink = new Object();
        try {
            while (cases.hasNext()) {
                List<PastCase> chunk = new ArrayList<>(CHUNK);
                while (chunk.size() < CHUNK && cases.hasNext()) {
                    chunk.add(cases.next());
                }
                inFlight.acquire();
                chunks.add(workers.submit(() -> {
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
                    } finally {
                        inFlight.release();
                    }
                }));
                if (Thread.interrupted()) {
                    throw new InterruptedException("replay stopped");
                }
            }
            ReplayReport.Tally total = new ReplayReport.Tally();
            for (Future<ReplayReport.Tally> chunk : chunks) {
                total.add(chunk.get());
            }
            return total.report(candidate.policy());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Replays one case into {@code tally}; the change, or null when the candidate decides the same. */
    @Nullable
    Change replayOne(PastCase past, ReplayReport.Tally tally) {
        Facts facts;
        Verdict after;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = JSON.readValue(past.factsJson(), Map.class);
            facts = PolicyDocuments.facts(raw, timezone, businessDays);
            Decision decision = candidate.evaluate(facts);
            // money the case could not move then (a chargeback open) the candidate could not move alone either
            boolean movesMoney = decision.amount() != null
                    && (decision.outcome().refunds() || decision.outcome() == Outcome.REMEDY);
            after = Verdict.of(past.moneyBlocked() && movesMoney ? decision.forReview() : decision);
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
