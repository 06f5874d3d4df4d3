package dev.creditdesk.refunds;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.policy.BusinessDays;
import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyException;
import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.policy.PublishedPolicy;
import dev.creditdesk.policy.ReplayReport;
import dev.creditdesk.refunds.internal.SimulationStore;
import dev.creditdesk.shared.AfterCommit;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Policy simulations: what a candidate policy version would have decided for the tenant's past
 * requests ({@link PolicyReplay} over {@link PastDecisions}), or for its past orders as if a
 * request had come a number of days after each purchase. A simulation is queued when asked for,
 * and one node claims and runs it in the background: it reads in short read-only transactions (a
 * page of past cases each, no snapshot held between them), on
 * {@link SimulationSettings#threads()} workers, reports its progress, and keeps its report and the
 * changed cases. Replaying changes nothing else: no case, order, credit or email.
 */
@Service
@EnableConfigurationProperties(SimulationSettings.class)
public class PolicySimulations {

    private static final Logger log = LoggerFactory.getLogger(PolicySimulations.class);
    /** How far back a simulation looks unless it is told. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(90);
    /** The longest period one simulation may replay. */
    public static final Duration LONGEST_PERIOD = Duration.ofDays(3 * 366);
    /** A running simulation reports its progress this often (well inside the shortest stale-after, 10 s). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final int CHANGES_BATCH = 500;

    private final SimulationStore store;
    private final Policies policies;
    private final Tenants tenants;
    private final BusinessCalendar calendar;
    private final DataSource dataSource;
    private final OrdersAsIf ordersAsIf;
    private final SimulationSettings settings;
    private final Clock clock;
    private final PolicyDocuments documents = PolicyDocuments.standard();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "policy-simulations");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "policy-simulations-heartbeat");
        t.setDaemon(true);
        return t;
    });

    PolicySimulations(SimulationStore store, Policies policies, Tenants tenants, BusinessCalendar calendar,
            DataSource dataSource, OrdersAsIf ordersAsIf, SimulationSettings settings, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.tenants = tenants;
        this.calendar = calendar;
        this.dataSource = dataSource;
        this.ordersAsIf = ordersAsIf;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Queues a simulation of the candidate: a published {@code version} of the policy, or a
     * {@code document} not yet published (whose id must be the policy's). It starts once the
     * caller's transaction commits.
     */
    public PolicySimulation create(UUID tenantId, PolicySimulation.Request request, String actor) {
        Tenant tenant = tenants.require(tenantId);
        String document = candidateDocument(tenantId, request);
        PolicyDocuments.Loaded candidate;
        try {
            candidate = documents.load("document", document);
        } catch (PolicyException e) {
            throw new ApiProblem(422, "invalid-policy", "Invalid policy",
                    e.problems().size() + " problem(s) in the policy document").with("problems", e.problems());
        }
        if (!candidate.policy().id().equals(request.policyId())) {
            throw ApiProblem.unprocessable("policy-id-mismatch", "document", "defines policy "
                    + candidate.policy().id() + ", not " + request.policyId());
        }
        Instant now = clock.instant();
        Instant to = request.to() != null ? request.to() : now;
        Instant from = request.from() != null ? request.from() : to.minus(DEFAULT_PERIOD);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalid("to", "must be after from (" + from + ")");
        }
        if (Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
            throw ApiProblem.invalid("from", "must be at most " + LONGEST_PERIOD.toDays() + " days before to");
        }
        if (request.asIf() != null && candidate.policy().acceptedCategories().stream()
                .noneMatch(c -> c.id().equals(request.asIf().category()))) {
            throw ApiProblem.invalid("orders.category", "is not a category of " + request.policyId() + " "
                    + candidate.policy().version() + "; it accepts " + candidate.policy().acceptedCategories().stream()
                    .map(c -> c.id()).toList());
        }
        PolicySimulation simulation = new PolicySimulation(tenant.id(), Ids.newId(clock), request.policyId(),
                candidate.policy().version(), document, from, to, request.asIf(), request.handlingTime(),
                PolicySimulation.Status.QUEUED, 0, null, 0, null, null, actor, now, null, null);
        if (!store.insertUnlessTooMany(simulation, settings.maxActivePerTenant())) {
            throw new ApiProblem(429, "too-many-simulations", "Too many simulations",
                    settings.maxActivePerTenant() + " simulations are already queued or running; wait for one to finish");
        }
        AfterCommit.run(this::kick);
        return simulation;
    }

    private String candidateDocument(UUID tenantId, PolicySimulation.Request request) {
        if ((request.version() == null) == (request.document() == null)) {
            throw ApiProblem.invalid(request.version() == null ? "version" : "document",
                    "give either version (a published version of the policy) or document (a draft), not both");
        }
        if (request.document() != null) {
            return request.document();
        }
        return policies.list(tenantId).stream()
                .filter(p -> p.id().equals(request.policyId()) && p.version().equals(request.version()))
                .map(PublishedPolicy::document).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("version", "policy " + request.policyId() + " has no version "
                        + request.version()));
    }

    public Optional<PolicySimulation> find(UUID tenantId, String policyId, UUID id) {
        return store.find(tenantId, id).filter(s -> s.policyId().equals(policyId));
    }

    /** One of the tenant's simulations, whichever policy it replays (the console's address names no policy). */
    public Optional<PolicySimulation> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    /** The tenant's latest simulations of a policy, newest first. */
    public List<PolicySimulation> recent(UUID tenantId, String policyId, int limit) {
        return store.recent(tenantId, policyId, null, limit);
    }

    /** A page of the tenant's simulations of a policy, newest first, after the one {@code startingAfter} names. */
    public ListPage<PolicySimulation> list(UUID tenantId, String policyId, @Nullable String startingAfter, int limit) {
        UUID cursor = ListPage.cursorId(startingAfter);
        PolicySimulation after = cursor == null ? null
                : find(tenantId, policyId, cursor).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.recent(tenantId, policyId, after, limit + 1), limit, PolicySimulation::id);
    }

    /**
     * A page of the changed cases a simulation kept, oldest first, after the case
     * {@code startingAfter} (a case id from the previous page).
     */
    public ListPage<PolicyReplay.Change> changes(UUID tenantId, PolicySimulation simulation,
            @Nullable String startingAfter, int limit) {
        if (simulation.status() != PolicySimulation.Status.SUCCEEDED) {
            throw ApiProblem.conflict("simulation-not-succeeded", "The simulation is " + simulation.status().wireName()
                    + "; its changed cases are listed once it has succeeded");
        }
        Instant afterAt = null;
        if (startingAfter != null) {
            afterAt = store.changeReceivedAt(tenantId, simulation.id(), startingAfter)
                    .orElseThrow(() -> ApiProblem.invalid("starting_after", "is not a changed case of this simulation"));
        }
        return ListPage.of(store.changes(tenantId, simulation.id(), afterAt, startingAfter, limit), limit,
                PolicyReplay.Change::caseId);
    }

    /** Starts the queued simulations on this node's runner (one at a time), without waiting. */
    public void kick() {
        runner.execute(this::runQueued);
    }

    /**
     * Waits until the runner has finished what was kicked before this call (a test waits on the
     * real runner instead of sleeping); false when {@code timeout} passed first.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        try {
            runner.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The pass jobs run: fails simulations whose node went away, then starts what is queued. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.policy-simulations-delay:PT10S}")
    public void sweep() {
        Instant now = clock.instant();
        int stale = store.failStale(now.minus(settings.staleAfter()), now);
        if (stale > 0) {
            log.atWarn().addKeyValue("simulations", stale).log("Policy simulations failed: their node stopped");
        }
        kick();
    }

    /** Runs queued simulations on the calling thread until none is left; how many ran. */
    public int runQueued() {
        int ran = 0;
        for (Optional<PolicySimulation> next = store.claim(clock.instant()); next.isPresent();
                next = store.claim(clock.instant())) {
            run(next.get());
            ran++;
        }
        return ran;
    }

    private void run(PolicySimulation simulation) {
        try {
            Tenant tenant = tenants.require(simulation.tenantId());
            PolicyDocuments.Loaded candidate = documents.load(simulation.policyId() + "@" + simulation.version(),
                    simulation.document());
            String country = tenant.settings().holidayCountry();
            BusinessDays businessDays = country == null ? null : date -> calendar.isBusinessDay(country, date);
            PolicyReplay replay = new PolicyReplay(candidate, tenant.settings().timezone().getId(), businessDays,
                    settings.threads());
            try (Connection connection = dataSource.getConnection()) {
                try {
                    replay(simulation, tenant, candidate, replay, connection);
                } finally {
                    // PastDecisions left the connection out of auto-commit, its pages' transactions ended
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopped: the node shuts down, or another node failed it as stale (then this changes nothing)
            store.failed(simulation, "The node running it was stopped; run it again.", clock.instant());
            if (runner.isShutdown()) {
                Thread.currentThread().interrupt();
            }
        } catch (SQLException | RuntimeException e) {
            // the detail goes to the log, not to every key of the tenant that reads the simulation
            log.atWarn().addKeyValue("tenant", simulation.tenantId()).addKeyValue("simulation", simulation.id())
                    .addKeyValue("error", e.getMessage()).log("Policy simulation failed");
            store.failed(simulation, "The simulation could not finish; the service's log says why (simulation "
                    + simulation.id() + ").", clock.instant());
        }
    }

    private void replay(PolicySimulation simulation, Tenant tenant, PolicyDocuments.Loaded candidate,
            PolicyReplay replay, Connection connection) throws SQLException, InterruptedException {
        HandlingTime handling = simulation.handlingTime() != null ? HandlingTime.given(simulation.handlingTime())
                : HandlingTime.measure(connection, tenant.id(), simulation.createdAt(), settings.defaultHandlingTime());
        long total;
        Iterator<PolicyReplay.PastCase> cases;
        if (simulation.asIf() == null) {
            total = PastDecisions.requestsIn(connection, tenant.id(), simulation.from(), simulation.to());
            cases = PastDecisions.open(connection, tenant.id(), simulation.policyId(), simulation.from(),
                    simulation.to());
        } else {
            // past orders are read through the services, each in a short read-only transaction (OrdersAsIf)
            OrdersAsIf.Cases orders = ordersAsIf.open(tenant, simulation.policyId(), candidate, simulation.from(),
                    simulation.to(), simulation.asIf().category(), simulation.asIf().day(), settings.maxOrders(),
                    clock.instant());
            total = orders.total();
            cases = orders;
        }
        ChangeKeeper kept = new ChangeKeeper(simulation);
        // the progress and a heartbeat every HEARTBEAT from a thread of their own (this one may be in a
        // read-only transaction), however slowly cases come; a simulation no longer running (failed as
        // stale by another node) stops the replay
        AtomicLong processed = new AtomicLong();
        Thread reading = Thread.currentThread();
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> {
            try {
                if (!store.progress(simulation, processed.get(), total, clock.instant())) {
                    reading.interrupt();
                }
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("simulation", simulation.id()).addKeyValue("error", e.getMessage())
                        .log("Policy simulation heartbeat not written");
            }
        }, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        ReplayReport report;
        try {
            report = replay.replay(PolicyReplay.paced(cases, settings.maxCasesPerSecond()), kept,
                    done -> processed.accumulateAndGet(done, Math::max));
        } finally {
            beat.cancel(false);
        }
        kept.flush();
        if (!store.succeeded(simulation, report.replayed() + report.unreplayable(),
                report.toJson(handling.perCase(), handling.source().wireName()), kept.stored, clock.instant())) {
            return;
        }
        log.atInfo().addKeyValue("tenant", simulation.tenantId()).addKeyValue("simulation", simulation.id())
                .addKeyValue("replayed", report.replayed()).addKeyValue("changed", report.changed())
                .log("Policy simulation finished");
    }

    /** Keeps changed cases in batches, up to the setting's bound; called one change at a time. */
    private final class ChangeKeeper implements Consumer<PolicyReplay.Change> {
        private final PolicySimulation simulation;
        private final List<PolicyReplay.Change> pending = new ArrayList<>(CHANGES_BATCH);
        private long stored;

        ChangeKeeper(PolicySimulation simulation) {
            this.simulation = simulation;
        }

        @Override
        public void accept(PolicyReplay.Change change) {
            if (stored + pending.size() >= settings.maxChangesStored()) {
                return;
            }
            pending.add(change);
            if (pending.size() >= CHANGES_BATCH) {
                flush();
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                store.insertChanges(simulation, pending);
                stored += pending.size();
                pending.clear();
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        runner.shutdownNow();
        heartbeats.shutdownNow();
        runner.awaitTermination(10, TimeUnit.SECONDS);
    }
}
