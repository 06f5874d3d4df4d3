package dev.creditdesk.bench;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.ledger.internal.LedgerStore;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.Tenants;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ledger throughput benchmark (not a test): reserve+complete pairs per second, through HTTP, with
 * the same ledger calls made directly in-process, and as the minimal SQL for the same semantics
 * ({@link SqlPair}), at several client counts, against one embedded PostgreSQL. Run it with
 * {@code bench/ledger-throughput.sh}; see docs/benchmarks.md.
 *
 * <p>By default each client owns one account, so no two clients contend for one account's ledger
 * lock: the figure is the service's throughput, not one account's. {@code --hot-account} puts
 * every client on one shared account instead (it serialises on its {@code ledger_accounts} row by
 * design), reported in tables of its own.
 *
 * <p>A pair is {@code POST /v1/tasks} (reserve 10 credits) then {@code POST /v1/tasks/{id}/complete}
 * (use 7). Direct mode calls {@link Tasks#reserve} and {@link Tasks#complete}, each in its own
 * transaction from the application's {@link TransactionTemplate}: the same SQL the HTTP path
 * issues inside its request transaction, without HTTP, JSON, the API key lookup and the
 * idempotency/transaction filter. SQL mode issues the fewest statements that do the same to the
 * same tables, over the application's own pool. The batched modes go to a second application
 * context in this JVM on the same database, started with {@code creditdesk.tasks.batching.enabled=true}.
 *
 * <p>The phases above are closed-loop: each client waits for its pair before it sends the next, so
 * they measure the peak rate, and their latencies say little about a service under a given load.
 * {@code --rate} adds an open-loop phase after each closed-loop one ({@link #openPhase}): pairs
 * arrive on a schedule (seeded Poisson or constant gaps) at a fixed rate or a share of the peak the
 * closed-loop phase just measured, each runs on a pool thread of its own, and its latency counts
 * from the moment it was due, not from when a thread got to it (no coordinated omission). See
 * docs/bench-notes/openloop.md.
 */
public final class LedgerThroughput {

    private static final long RESERVE = 10;
    private static final long USE = 7;
    private static final long GRANT = 100_000_000L;
    private static final int MAX_ERRORS_KEPT = 10;
    private static final long CLK_TCK = 100; // /proc/<pid>/stat ticks per second on Linux
    private static final String BATCHER_CLASS = "dev.creditdesk.tasks.batch.TaskBatcher";
    /** What direct-batch calls, for the report. */
    private static volatile String directBatchCalls = "";

    enum Mode {
        HTTP("HTTP"),
        DIRECT("direct"),
        /** The fewest SQL statements for the same semantics, from the harness threads over the app's pool. */
        SQL("sql"),
        /** What-if, not the application as shipped: HTTP with API key recognition cached in memory. */
        HTTP_KEY_CACHE("HTTP+key cache"),
        /** HTTP to the second context, the one with micro-batching on. */
        HTTP_BATCH("HTTP batch"),
        /** The second context's batching entry point (TaskBatcher, or its Tasks bean until that exists). */
        DIRECT_BATCH("direct batch");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        boolean http() {
            return this == HTTP || this == HTTP_KEY_CACHE || this == HTTP_BATCH;
        }

        boolean batched() {
            return this == HTTP_BATCH || this == DIRECT_BATCH;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How the open-loop phase spaces its arrivals. */
    enum Arrivals {
        /** Exponential gaps from a seeded Random: bursts and lulls as independent callers make them. */
        POISSON,
        /** Every gap the same, 1/rate. */
        CONSTANT;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An open-loop rate: pairs per second, or a share of the peak the closed-loop phase just measured
     * for the same mode, accounts and clients ({@code half} = {@code 50%}).
     */
    record Rate(String text, double value, boolean ofPeak) {

        static Rate parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                Rate rate = t.equals("half") ? new Rate("half", 0.5, true)
                        : t.endsWith("%") ? new Rate(t, Double.parseDouble(t.substring(0, t.length() - 1)) / 100, true)
                        : new Rate(t, Double.parseDouble(t), false);
                if (!(rate.value() > 0) || Double.isInfinite(rate.value())) {
                    throw new NumberFormatException();
                }
                return rate;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rate: '" + text + "' is not pairs/s above 0, P% of the peak, "
                        + "or half (try --help)");
            }
        }

        double target(double peakPairsPerSecond) {
            return ofPeak ? value * peakPairsPerSecond : value;
        }
    }

    /** Whose accounts the clients spend: each its own, or all the same one. */
    enum Accounts {
        OWN("own account per client"),
        HOT("one hot account shared by every client");

        private final String title;

        Accounts(String title) {
            this.title = title;
        }

        String title() {
            return title;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = """
            usage: bench/ledger-throughput.sh [--clients 8,32] [--warmup S] [--measure S] [--rounds N]
                                              [--initial-warmup S] [--modes http,direct,sql,...]
                                              [--durable] [--hot-account | --accounts own,hot] [--jfr FILE]
                                              [--rate R[,R...] [--arrivals poisson|constant] [--seed N]
                                               [--open-pool N] [--open-measure S]]
              --clients         concurrent clients per measurement (default 8,32)
              --warmup          seconds of load before each measurement (default 10)
              --measure         seconds measured per phase (default 20)
              --rounds          measurements per mode and client count, alternating ABBA (default 3)
              --initial-warmup  seconds of JIT warm-up per HTTP mode before the first phase; the
                                in-process modes get a third of it (default 30)
              --modes           comma-separated, default http,direct,sql:
                                  http            POST /v1/tasks + /complete to the application
                                  direct          Tasks.reserve + Tasks.complete in-process, a transaction each
                                  sql             the minimal SQL for the same semantics over the app's pool
                                  http-batch      HTTP to a second context with creditdesk.tasks.batching.enabled=true
                                  direct-batch    that context's TaskBatcher in-process (its Tasks bean if absent)
                                  http-key-cache  what-if: HTTP with API key recognition cached (bench-only advice)
                                the batched modes start the second context only when asked for
              --durable         embedded PostgreSQL with fsync, synchronous_commit and full_page_writes on
                                (the shipped default); without it they are off and the figures are CPU figures
              --hot-account     every client spends ONE shared account (tables of their own)
              --accounts        own, hot or own,hot (both in one run, alternating); default own
              --jfr FILE        record a JFR profile (1 ms samples) after the initial warm-up

            Open loop (off unless --rate is given; the closed-loop phases above run as without it):
              --rate            after each closed-loop phase, an open-loop phase per rate, same mode, accounts and
                                clients: pairs ARRIVE at the rate whether or not earlier ones have finished, each on
                                a pool thread of its own, and latency counts from when the pair was due. A rate is
                                pairs/s (e.g. 200), P% of the closed-loop rate just measured (e.g. 50%), or half
                                (= 50%). Several: --rate 25%,half,75%. With own accounts each running pair
                                borrows an account no other running pair holds (--open-pool accounts are made),
                                so no two wait for one account's lock, as in the closed loop; hot: all share one.
              --arrivals        poisson (default; exponential gaps from a seeded Random) or constant (1/rate apart)
              --seed            seed of the Poisson gaps (default 17); every open-loop phase replays the same gaps
              --open-pool       threads that issue the pairs (default 256); an arrival that finds this many pairs
                                already queued for a thread is dropped and counted (the report says so). In the
                                in-process modes at most server.tomcat.threads.max (32) of them run a pair at once,
                                the others wait (and that wait is in their latency), as requests wait for Tomcat
              --open-measure    seconds measured per open-loop phase (default: --measure); after --warmup seconds
                                at the rate. Longer gives steadier p99.9: it needs a few thousand pairs
            It reports, per mode: target, offered and achieved pairs/s; reserve p50/p99/p99.9, complete p50/p99 and
            pair p99 in ms from the intended start (complete from when its reserve answered); arrivals that started
            more than 1 ms late, the largest lag, dropped and unfinished arrivals, the most pairs in flight; and CPU
            per pair by thread group and PostgreSQL, as for the closed-loop phases.
            Example (reserve p99 at half the peak, batched and not):
              bench/ledger-throughput.sh --modes http,http-batch,direct-batch --clients 32 --rate half \\
                  --initial-warmup 60 --warmup 5 --measure 15 --open-measure 30 --rounds 3""";

    record Options(List<Integer> clients, int warmupSeconds, int measureSeconds, int rounds,
            int initialWarmupSeconds, List<Mode> modes, List<Accounts> accounts, boolean durable, Path jfr,
            List<Rate> rates, Arrivals arrivals, long seed, int openPool, int openMeasureSeconds, String arguments) {

        static Options parse(String[] args) {
            List<Integer> clients = List.of(8, 32);
            int warmup = 10;
            int measure = 20;
            int rounds = 3;
            int initial = 30;
            List<Mode> modes = List.of(Mode.HTTP, Mode.DIRECT, Mode.SQL);
            List<Accounts> accounts = List.of(Accounts.OWN);
            boolean durable = false;
            Path jfr = null;
            List<Rate> rates = List.of();
            Arrivals arrivals = Arrivals.POISSON;
            long seed = 17;
            int openPool = 256;
            Integer openMeasure = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--durable" -> {
                        durable = true;
                        continue;
                    }
                    case "--hot-account" -> {
                        accounts = List.of(Accounts.HOT);
                        continue;
                    }
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        System.exit(0);
                    }
                    default -> {
                        // options with a value below
                    }
                }
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value (try --help)");
                }
                switch (args[i]) {
                    case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--measure" -> measure = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--initial-warmup" -> initial = Integer.parseInt(value);
                    case "--jfr" -> jfr = Path.of(value);
                    case "--modes" -> modes = Arrays.stream(value.split(",")).map(String::trim).distinct()
                            .map(m -> parseEnum(Mode.class, m, "--modes")).toList();
                    case "--accounts" -> accounts = Arrays.stream(value.split(",")).map(String::trim).distinct()
                            .map(a -> parseEnum(Accounts.class, a, "--accounts")).toList();
                    case "--rate" -> rates = Arrays.stream(value.split(",")).map(Rate::parse).distinct().toList();
                    case "--arrivals" -> arrivals = parseEnum(Arrivals.class, value, "--arrivals");
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--open-pool" -> openPool = positive(value, "--open-pool");
                    case "--open-measure" -> openMeasure = positive(value, "--open-measure");
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
                i++;
            }
            return new Options(clients, warmup, measure, rounds, initial, modes, accounts, durable, jfr, rates,
                    arrivals, seed, openPool, openMeasure == null ? measure : openMeasure, String.join(" ", args));
        }

        private static int positive(String value, String option) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number above 0");
        }

        boolean openLoop() {
            return !rates.isEmpty();
        }

        private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": unknown value '" + value + "' (try --help)");
            }
        }

        boolean batched() {
            return modes.stream().anyMatch(Mode::batched);
        }

        int maxClients() {
            return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }

    /** One measured phase. */
    record Phase(Mode mode, Accounts accounts, int clients, int round, long pairs, double seconds, long errors,
            double p50Millis, double p99Millis, Resources used, Memory memory) {

        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    /**
     * One open-loop phase: {@code target} pairs/s ({@code peak} is the closed-loop rate it was taken
     * from, NaN for an absolute rate). Counts are of the arrivals due inside the measured window, except
     * {@code completedInWindow} (pairs that finished inside it, whatever their arrival: the achieved
     * rate, and what CPU is divided by) and {@code errors} (the whole phase, as for closed-loop phases).
     * Latencies in nanoseconds, of the window's arrivals that succeeded.
     */
    record OpenPhase(Mode mode, Accounts accounts, int clients, int round, Rate rate, double peak, double target,
            double seconds, long arrivals, long dropped, long measured, long completedInWindow, long errors,
            long errorsInWindow, long unfinished, long late, long maxLagNanos, int maxInFlight,
            Histogram reserve, Histogram complete, Histogram pair, Resources used, Memory memory) {

        double offered() {
            return arrivals / seconds;
        }

        double achieved() {
            return completedInWindow / seconds;
        }
    }

    /**
     * A reserve and a complete made in-process: the {@code Tasks} bean (each call in its own
     * transaction) or the batching entry point.
     */
    interface TaskCalls {

        Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId, String actor);

        Task complete(UUID tenantId, UUID taskId, Long credits);
    }

    /** Where each mode sends its pairs. */
    record Targets(String baseUrl, TaskCalls direct, SqlPair sql, String batchBaseUrl, TaskCalls directBatch) {
    }

    private final Options options;
    private final String secretKey;
    private final UUID tenantId;
    private final List<UUID> accounts;
    private final UUID hotAccount;
    private final Targets targets;
    private final HttpClient http;
    private final Probe probe;
    /**
     * Open loop, in-process modes: as many pairs at once as the service has request threads (Tomcat's
     * max), fair, so the rest queue as requests queue in Tomcat instead of piling onto the JDBC pool.
     */
    private final Semaphore requestThreads;

    private LedgerThroughput(Options options, Setup setup, Targets targets, HttpClient http, Probe probe,
            int requestThreads) {
        this.options = options;
        this.secretKey = setup.secretKey();
        this.tenantId = setup.tenantId();
        this.accounts = setup.accounts();
        this.hotAccount = setup.hotAccount();
        this.targets = targets;
        this.http = http;
        this.probe = probe;
        this.requestThreads = new Semaphore(requestThreads, true);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int maxClients = options.maxClients();
        // -Dcreditdesk.bench.data=DIR: run on that kept data directory instead of a fresh temporary one
        // (bench/policy-replay.sh's generated database, so a replay can read it while this load runs)
        String kept = System.getProperty("creditdesk.bench.data");
        Path dataDir = kept != null ? Path.of(kept) : Files.createTempDirectory("creditdesk-bench-pg-");
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        long started = System.nanoTime();
        // Quiet the embedded server's start-up chatter; Spring's logging takes over once the app starts.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, kept == null, options.durable());
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        boolean failed = true;
        try {
            // Command-line arguments, so they override application.properties (builder properties would not).
            List<String> properties = List.of(
                    "--server.port=0",
                    "--creditdesk.database.url=" + postgres.jdbcUrl(),
                    "--creditdesk.database.user=postgres",
                    "--creditdesk.demo.enabled=false",
                    "--creditdesk.jobs.enabled=false",
                    "--creditdesk.admin-key=" + adminKey,
                    // one key drives every client: a limit it never reaches, so each request still pays the check
                    "--creditdesk.rate-limits.per-key.requests-per-second=1000000000",
                    "--creditdesk.rate-limits.per-key.burst=1000000000",
                    // ...written back as often as a key with the default burst of 200 is (10%: every 20 draws)
                    "--creditdesk.rate-limits.sync.max-unsynced-tokens=20",
                    "--logging.level.root=warn");
            ConfigurableApplicationContext app = new SpringApplicationBuilder(CreditdeskApplication.class)
                    .initializers(ctx -> {
                        if (options.modes().contains(Mode.HTTP_KEY_CACHE)) {
                            KeyCache.register(ctx);
                        }
                    })
                    .run(properties.toArray(String[]::new));
            contexts.add(app);
            String baseUrl = baseUrl(app);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            // The open-loop phases lend each running pair an account of its own: one per pool thread.
            int ownAccounts = options.openLoop() ? Math.max(maxClients, options.openPool()) : maxClients;
            Setup setup = Setup.create(http, baseUrl, adminKey, ownAccounts, options.accounts().contains(Accounts.HOT));
            int poolSize = app.getBean(HikariDataSource.class).getMaximumPoolSize();
            String tomcatThreads = app.getEnvironment().getProperty("server.tomcat.threads.max", "200");
            SqlPair sql = new SqlPair(app.getBean(DataSource.class), app.getBean(Clock.class), setup.tenantId(),
                    app.getBean(Tenants.class).require(setup.tenantId()).settings().drawdownOrder());

            String batchBaseUrl = null;
            TaskCalls directBatch = null;
            if (options.batched()) {
                // The first context migrated the database; this one finds it up to date.
                List<String> batching = new ArrayList<>(properties);
                batching.add("--creditdesk.tasks.batching.enabled=true");
                batching.add("--spring.application.name=creditdesk-batching");
                ConfigurableApplicationContext second = new SpringApplicationBuilder(CreditdeskApplication.class)
                        .run(batching.toArray(String[]::new));
                contexts.add(second);
                batchBaseUrl = baseUrl(second);
                directBatch = batcher(second);
                System.out.printf(Locale.ROOT, "Batching context on %s (creditdesk.tasks.batching.enabled=%s)%n",
                        batchBaseUrl, second.getEnvironment().getProperty("creditdesk.tasks.batching.enabled"));
            }
            Targets targets = new Targets(baseUrl, inTransactions(app), sql, batchBaseUrl, directBatch);

            try (Probe probe = Probe.open(postgres)) {
                LedgerThroughput bench = new LedgerThroughput(options, setup, targets, http, probe,
                        Integer.parseInt(tomcatThreads.trim()));
                System.out.printf(Locale.ROOT, "Setup done in %.1f s: tenant %s, %d accounts with %,d credits each%s; "
                                + "JDBC pool %d, Tomcat max threads %s, %d CPUs, %s%n",
                        (System.nanoTime() - started) / 1e9, setup.tenantId(), setup.accounts().size(), GRANT,
                        setup.hotAccount() == null ? "" : " and a hot account " + setup.hotAccount(), poolSize,
                        tomcatThreads, Runtime.getRuntime().availableProcessors(), probe.serverVersion());
                List<Phase> phases = bench.run();
                List<String> broken = Invariants.check(probe.connection, setup.tenantId());
                String report = report(options, phases, bench.openPhases, poolSize, tomcatThreads,
                        probe.serverVersion(), broken, sql.statementsPerPair());
                System.out.println();
                System.out.println(report);
                Path out = Path.of("target", "bench-results.md");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);
                System.out.println("(also written to " + out + ")");
                long errors = phases.stream().mapToLong(Phase::errors).sum() + bench.warmupErrors.get()
                        + bench.openPhases.stream().mapToLong(OpenPhase::errors).sum();
                failed = errors > 0 || !broken.isEmpty();
                if (failed) {
                    System.out.println("FAILED: " + errors + " errors, " + broken.size()
                            + " broken ledger invariants; figures are not valid");
                }
            }
        } finally {
            for (int i = contexts.size() - 1; i >= 0; i--) {
                contexts.get(i).close();
            }
            postgres.close();
            if (kept == null) {
                deleteRecursively(dataDir);
            }
        }
        System.out.printf(Locale.ROOT, "Total %.0f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(failed ? 1 : 0);
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** The context's {@link Tasks}, each call in its own transaction as the request transaction filter opens it. */
    private static TaskCalls inTransactions(ConfigurableApplicationContext context) {
        Tasks tasks = context.getBean(Tasks.class);
        TransactionTemplate transactions = context.getBeanProvider(TransactionTemplate.class)
                .getIfAvailable(() -> new TransactionTemplate(context.getBean(PlatformTransactionManager.class)));
        return new TaskCalls() {
            @Override
            public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId,
                    String actor) {
                return transactions.execute(s -> tasks.reserve(tenantId, accountId, credits, ttl, externalId, actor));
            }

            @Override
            public Task complete(UUID tenantId, UUID taskId, Long credits) {
                return transactions.execute(s -> tasks.complete(tenantId, taskId, credits));
            }
        };
    }

    /**
     * The batching context's entry point, {@value #BATCHER_CLASS}: {@code reserve(tenantId, accountId,
     * credits, ttl, externalId, actor)} and {@code complete(tenantId, taskId, credits)}, each answering
     * the Task (or a future of it). Called by reflection so the bench compiles before that class
     * exists; without it, direct-batch calls that context's Tasks bean like direct mode, and says so.
     */
    private static TaskCalls batcher(ConfigurableApplicationContext context) {
        Object bean = null;
        Method reserve = null;
        Method complete = null;
        try {
            Class<?> type = Class.forName(BATCHER_CLASS);
            bean = context.getBeanProvider(type).getIfAvailable();
            reserve = method(type, "reserve", 6);
            complete = method(type, "complete", 3);
        } catch (ClassNotFoundException e) {
            // below
        }
        if (bean == null || reserve == null || complete == null) {
            System.out.println("NOTE: no " + BATCHER_CLASS + " bean with reserve(6 args) and complete(3 args) in the "
                    + "batching context; direct-batch calls that context's Tasks bean like direct mode (batching "
                    + "does not apply to it, so its figures are direct mode's)");
            directBatchCalls = " direct-batch: no " + BATCHER_CLASS + ", it called the batching context's Tasks bean "
                    + "like direct mode.";
            return inTransactions(context);
        }
        Object batcher = bean;
        Method reserveMethod = reserve;
        Method completeMethod = complete;
        directBatchCalls = " direct-batch: " + BATCHER_CLASS + ".reserve/complete of the batching context.";
        System.out.println("direct-batch calls " + bean.getClass().getName() + "." + reserve.getName() + "/"
                + complete.getName());
        return new TaskCalls() {
            @Override
            public Task reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId,
                    String actor) {
                return invoke(reserveMethod, batcher, tenantId, accountId, credits, ttl, externalId, actor);
            }

            @Override
            public Task complete(UUID tenantId, UUID taskId, Long credits) {
                return invoke(completeMethod, batcher, tenantId, taskId, credits);
            }
        };
    }

    private static Method method(Class<?> type, String name, int parameters) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
                .findFirst().orElse(null);
    }

    private static Task invoke(Method method, Object target, Object... arguments) {
        try {
            Object result = method.invoke(target, arguments);
            if (result instanceof Future<?> future) {
                result = future.get();
            } else if (result instanceof CompletionStage<?> stage) {
                result = stage.toCompletableFuture().get();
            }
            return (Task) result;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final AtomicLong warmupErrors = new AtomicLong();
    private final List<OpenPhase> openPhases = new ArrayList<>();

    /**
     * What-if for the {@link Mode#HTTP_KEY_CACHE} mode only: advice on {@link ApiKeys#recognise} that
     * remembers valid keys in memory while {@link #enabled}, so a request skips the {@code api_keys}
     * query (and the autocommit transaction and pool checkout it costs). Registered only when that
     * mode is asked for; the application itself is not changed.
     */
    static final class KeyCache {

        static volatile boolean enabled;
        private static final Map<String, Object> VALID = new ConcurrentHashMap<>();

        static void register(ConfigurableApplicationContext context) {
            StaticMethodMatcherPointcut recognise = new StaticMethodMatcherPointcut() {
                @Override
                public boolean matches(Method method, Class<?> targetClass) {
                    return ApiKeys.class.isAssignableFrom(targetClass) && method.getName().equals("recognise");
                }
            };
            MethodInterceptor cache = invocation -> {
                if (!enabled) {
                    return invocation.proceed();
                }
                String secret = (String) invocation.getArguments()[0];
                Object known = VALID.get(secret);
                if (known != null) {
                    return known;
                }
                Object recognition = invocation.proceed();
                if (recognition instanceof ApiKeys.Recognition.Valid) {
                    VALID.put(secret, recognition);
                }
                return recognition;
            };
            // Infrastructure role: Boot's auto-proxy creator (the one @Transactional uses) then applies it.
            ((GenericApplicationContext) context).registerBean("benchApiKeyCache", Advisor.class,
                    () -> new DefaultPointcutAdvisor(recognise, cache),
                    definition -> definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE));
        }
    }


    private List<Phase> run() throws InterruptedException, IOException, ParseException {
        int maxClients = options.maxClients();
        if (options.initialWarmupSeconds() > 0) {
            for (Mode mode : options.modes()) {
                // The HTTP stack needs far more calls than the ledger code to be compiled; the in-process modes
                // run code the HTTP warm-up has mostly compiled already, and get a third of the time.
                int seconds = mode.http() ? options.initialWarmupSeconds()
                        : Math.max(1, options.initialWarmupSeconds() / 3);
                Phase warm = phase(mode, options.accounts().get(0), maxClients, 0, 0, seconds);
                System.out.printf(Locale.ROOT, "initial warm-up %-12s %2d clients: %,.0f pairs/s, %d errors%n",
                        mode.label(), maxClients, warm.pairsPerSecond(), warm.errors());
                warmupErrors.addAndGet(warm.errors());
            }
        }
        // planner statistics, as autovacuum would have gathered them on a database serving for a while: a run is
        // shorter than its one-minute nap, and without them the plans of every mode are those of empty tables
        targets.sql().analyze();
        Recording recording = null;
        if (options.jfr() != null) {
            Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
            settings.put("jdk.ExecutionSample#period", "1 ms");
            recording = new Recording(settings);
            recording.setDestination(options.jfr());
            recording.start();
        }
        List<Phase> phases = new ArrayList<>();
        // Rounds outermost, so what drifts over the run (JIT, table growth, other load on the machine) is
        // spread over every client count; within a round the mode that goes first alternates (ABBA…).
        for (int round = 1; round <= options.rounds(); round++) {
            for (Accounts layout : options.accounts()) {
                for (int clients : options.clients()) {
                    List<Mode> order = new ArrayList<>(options.modes());
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                    }
                    for (Mode mode : order) {
                        Phase p = phase(mode, layout, clients, round, options.warmupSeconds(),
                                options.measureSeconds());
                        phases.add(p);
                        Resources r = p.used();
                        Memory m = p.memory();
                        System.out.printf(Locale.ROOT,
                                "%-12s %-3s %2d clients round %d: %,6.0f pairs/s  p50 %5.1f ms  p99 %5.1f ms  "
                                        + "errors %d  | CPU ms/pair: load generator %.2f, app threads %.2f, "
                                        + "JVM other %.2f (JIT %.2f, GC %.2f), PostgreSQL %.2f = %.2f; machine busy "
                                        + "%.0f%%, other load %.0f%% | heap %.0f MB (peak %.0f), RSS %.0f MB "
                                        + "(peak %.0f, HWM %.0f)%n",
                                mode.label(), layout.wireName(), clients, round, p.pairsPerSecond(), p.p50Millis(),
                                p.p99Millis(), p.errors(), r.perPair(r.clientCpu(mode), p.pairs()),
                                r.perPair(r.appCpu(mode), p.pairs()), r.perPair(r.jvmOtherCpu(mode), p.pairs()),
                                r.perPair(r.jitCpu, p.pairs()), r.perPair(r.gcCpu, p.pairs()),
                                r.perPair(r.postgresCpu, p.pairs()), r.perPair(r.totalCpu(), p.pairs()),
                                100 * r.machineBusy(), 100 * r.machineNotOurs(), m.heapAfterMb(), m.heapPeakMb(),
                                m.rssAfterMb(), m.rssPeakMb(), m.hwmMb());
                        for (Rate rate : options.rates()) {
                            OpenPhase o = openPhase(mode, layout, clients, round, rate, p.pairsPerSecond());
                            openPhases.add(o);
                            printOpen(o);
                        }
                    }
                }
            }
        }
        if (recording != null) {
            recording.stop();
            recording.close();
            System.out.println("JFR recording written to " + options.jfr());
        }
        return phases;
    }

    /** Runs {@code clients} threads for warm-up + measure seconds; measures the last {@code measureSeconds}. */
    private Phase phase(Mode mode, Accounts layout, int clients, int round, int warmupSeconds, int measureSeconds)
            throws InterruptedException {
        LongAdder pairs = new LongAdder();
        LongAdder errors = new LongAdder();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        List<long[]> latencies = new ArrayList<>();
        Flags flags = new Flags();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            UUID account = layout == Accounts.HOT ? hotAccount : accounts.get(i);
            long[] buffer = new long[1 << 16];
            latencies.add(buffer);
            Thread t = new Thread(() -> {
                int n = 0;
                long[] reservedAt = new long[1];
                while (!flags.stop) {
                    long t0 = System.nanoTime();
                    String error = pair(mode, account, reservedAt);
                    long elapsed = System.nanoTime() - t0;
                    if (error != null) {
                        errors.increment();
                        if (errorSamples.size() < MAX_ERRORS_KEPT) {
                            errorSamples.add(error);
                        }
                        continue;
                    }
                    pairs.increment();
                    if (flags.measuring && n < buffer.length - 1) {
                        buffer[n++] = elapsed;
                    }
                }
                buffer[buffer.length - 1] = n; // how many were kept, in the last slot once stopped
            }, "bench-" + mode.wireName() + "-" + i);
            threads.add(t);
        }
        KeyCache.enabled = mode == Mode.HTTP_KEY_CACHE;
        threads.forEach(Thread::start);
        Thread.sleep(warmupSeconds * 1000L);
        Resources.Snapshot before = probe.snapshot();
        MemorySampler memory = MemorySampler.start();
        long pairsBefore = pairs.sum();
        long t0 = System.nanoTime();
        flags.measuring = true;
        Thread.sleep(measureSeconds * 1000L);
        flags.measuring = false;
        long pairsAfter = pairs.sum();
        long t1 = System.nanoTime();
        Resources.Snapshot after = probe.snapshot();
        Memory used = memory.stop();
        flags.stop = true;
        for (Thread t : threads) {
            t.join();
        }
        KeyCache.enabled = false;
        long[] all = latencies.stream()
                .flatMapToLong(b -> Arrays.stream(b, 0, (int) b[b.length - 1]))
                .sorted().toArray();
        if (errors.sum() > 0) {
            System.out.printf("  %s %s %d clients: %d errors, e.g.:%n", mode.label(), layout.wireName(), clients,
                    errors.sum());
            errorSamples.forEach(e -> System.out.println("    " + e));
        }
        return new Phase(mode, layout, clients, round, pairsAfter - pairsBefore, (t1 - t0) / 1e9, errors.sum(),
                percentile(all, 0.50), percentile(all, 0.99), Resources.between(before, after), used);
    }

    private static final class Flags {
        volatile boolean measuring;
        volatile boolean stop;
    }

    /** An arrival's start later than this after it was due counts as late (the harness or its pool fell behind). */
    private static final long LATE_NANOS = 1_000_000;
    /** How long the open-loop phase waits, after its window, for the pairs still running. */
    private static final long DRAIN_SECONDS = 60;

    /**
     * One open-loop phase: a thread schedules arrivals at {@code rate} (from {@code peak}, the
     * closed-loop rate just measured, when the rate is a share of it) for warm-up + measure seconds;
     * each arrival is handed to a pool of {@code --open-pool} threads and runs one pair. With own
     * accounts a running pair borrows an account no other running pair holds (there is one per pool
     * thread; the most recently returned first, so a light load keeps to a few), so, as in the
     * closed-loop phases, two pairs never wait for one account's lock; with the hot account all share
     * it. {@code clients} only names the closed-loop phase whose rate a share of the peak is taken
     * from. In the in-process modes at most {@link #requestThreads} pairs run at once, as many as
     * Tomcat has threads in the HTTP modes; the others wait their turn. An arrival's latency counts
     * from when it was due, so time spent waiting for a thread, or while the scheduler itself was held
     * up, is part of it (no coordinated omission), and a stall cannot hide arrivals: a scheduler that
     * wakes late issues every arrival it owes at once.
     * The window's arrivals still running when it ends are waited for (up to {@value #DRAIN_SECONDS} s)
     * and counted; the CPU is the window's, divided by the pairs completed inside it.
     */
    private OpenPhase openPhase(Mode mode, Accounts layout, int clients, int round, Rate rate, double peak)
            throws InterruptedException {
        double target = rate.target(peak);
        int pool = options.openPool();
        ConcurrentLinkedDeque<UUID> idle = new ConcurrentLinkedDeque<>(
                layout == Accounts.HOT ? List.of() : accounts.subList(0, pool));
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(pool, pool, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> new Thread(r, "bench-open-" + mode.wireName() + "-" + threadNumber.incrementAndGet()));
        executor.prestartAllCoreThreads();
        ConcurrentHistogram reserve = new ConcurrentHistogram(3);
        ConcurrentHistogram complete = new ConcurrentHistogram(3);
        ConcurrentHistogram pairLatency = new ConcurrentHistogram(3);
        LongAdder measured = new LongAdder();
        LongAdder completedInWindow = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder errorsInWindow = new LongAdder();
        LongAdder late = new LongAdder();
        AtomicLong maxLag = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicLong arrivals = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

        long start = System.nanoTime() + 10_000_000;
        long t0 = start + options.warmupSeconds() * 1_000_000_000L;
        long t1 = t0 + options.openMeasureSeconds() * 1_000_000_000L;
        double meanGapNanos = 1e9 / target;
        Random gaps = new Random(options.seed());
        boolean poisson = options.arrivals() == Arrivals.POISSON;
        Thread scheduler = new Thread(() -> {
            long due = start;
            while (due < t1) {
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                boolean inWindow = due >= t0;
                if (inWindow) {
                    arrivals.incrementAndGet();
                }
                if (executor.getQueue().size() >= pool) {
                    if (inWindow) {
                        dropped.incrementAndGet();
                    }
                } else {
                    long intended = due;
                    executor.execute(() -> {
                        long begin = System.nanoTime();
                        int running = inFlight.incrementAndGet();
                        maxInFlight.accumulateAndGet(running, Math::max);
                        // never empty: at most `pool` pairs run at once, and there are `pool` accounts
                        UUID account = layout == Accounts.HOT ? hotAccount : idle.pollFirst();
                        long[] reservedAt = new long[1];
                        String error;
                        if (mode.http()) {
                            error = pair(mode, account, reservedAt); // Tomcat bounds what runs at once
                        } else {
                            requestThreads.acquireUninterruptibly();
                            try {
                                error = pair(mode, account, reservedAt);
                            } finally {
                                requestThreads.release();
                            }
                        }
                        long end = System.nanoTime();
                        if (layout != Accounts.HOT) {
                            idle.addFirst(account);
                        }
                        inFlight.decrementAndGet();
                        if (error == null && end >= t0 && end < t1) {
                            completedInWindow.increment();
                        }
                        if (error != null) {
                            errors.increment();
                            if (errorSamples.size() < MAX_ERRORS_KEPT) {
                                errorSamples.add(error);
                            }
                        }
                        if (!inWindow) {
                            return;
                        }
                        long lag = begin - intended;
                        if (lag > LATE_NANOS) {
                            late.increment();
                        }
                        maxLag.accumulateAndGet(lag, Math::max);
                        if (error != null) {
                            errorsInWindow.increment();
                            return;
                        }
                        reserve.recordValue(reservedAt[0] - intended);
                        complete.recordValue(end - reservedAt[0]);
                        pairLatency.recordValue(end - intended);
                        measured.increment();
                    });
                }
                // -ln(1 - U) is exponential with mean 1, and finite: 1 - U is in (0, 1]
                due += poisson ? Math.round(-Math.log(1 - gaps.nextDouble()) * meanGapNanos) : Math.round(meanGapNanos);
            }
        }, "arrivals-" + mode.wireName());
        scheduler.setDaemon(true);
        KeyCache.enabled = mode == Mode.HTTP_KEY_CACHE;
        scheduler.start();
        sleepUntil(t0);
        Resources.Snapshot before = probe.snapshot();
        MemorySampler memory = MemorySampler.start();
        sleepUntil(t1);
        Resources.Snapshot after = probe.snapshot();
        Memory used = memory.stop();
        scheduler.join();
        executor.shutdown();
        if (!executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            System.out.printf(Locale.ROOT, "  %s %s %d clients open loop: %d pairs still running %d s after the "
                    + "window, left behind (counted unfinished)%n", mode.label(), layout.wireName(), clients,
                    inFlight.get(), DRAIN_SECONDS);
            executor.shutdownNow();
        }
        KeyCache.enabled = false;
        if (errors.sum() > 0) {
            System.out.printf("  %s %s %d clients open loop: %d errors, e.g.:%n", mode.label(), layout.wireName(),
                    clients, errors.sum());
            errorSamples.forEach(e -> System.out.println("    " + e));
        }
        long unfinished = Math.max(0, arrivals.get() - dropped.get() - measured.sum() - errorsInWindow.sum());
        return new OpenPhase(mode, layout, clients, round, rate, rate.ofPeak() ? peak : Double.NaN, target,
                (t1 - t0) / 1e9, arrivals.get(), dropped.get(), measured.sum(), completedInWindow.sum(),
                errors.sum(), errorsInWindow.sum(), unfinished, late.sum(), maxLag.get(), maxInFlight.get(),
                reserve, complete, pairLatency, Resources.between(before, after), used);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void printOpen(OpenPhase o) {
        Resources r = o.used();
        long pairs = o.completedInWindow();
        System.out.printf(Locale.ROOT,
                "%-12s %-3s %2d clients round %d open %s: target %,.0f pairs/s%s, offered %,.0f, achieved %,.0f  "
                        + "reserve p50 %.1f p99 %.1f p99.9 %.1f ms  complete p50 %.1f p99 %.1f ms  pair p99 %.1f ms  "
                        + "late %d, max lag %.1f ms, dropped %d, unfinished %d, errors %d, max in flight %d  "
                        + "| CPU ms/pair: load generator %.2f, app threads %.2f, JVM other %.2f, PostgreSQL %.2f "
                        + "= %.2f; machine busy %.0f%%, other load %.0f%%%n",
                o.mode().label(), o.accounts().wireName(), o.clients(), o.round(), o.rate().text(), o.target(),
                o.rate().ofPeak() ? String.format(Locale.ROOT, " (of %,.0f)", o.peak()) : "", o.offered(),
                o.achieved(), millis(o.reserve(), 50), millis(o.reserve(), 99), millis(o.reserve(), 99.9),
                millis(o.complete(), 50), millis(o.complete(), 99), millis(o.pair(), 99), o.late(),
                o.maxLagNanos() / 1e6, o.dropped(), o.unfinished(), o.errors(), o.maxInFlight(),
                r.perPair(r.clientCpu(o.mode()), pairs), r.perPair(r.appCpu(o.mode()), pairs),
                r.perPair(r.jvmOtherCpu(o.mode()), pairs), r.perPair(r.postgresCpu, pairs),
                r.perPair(r.totalCpu(), pairs), 100 * r.machineBusy(), 100 * r.machineNotOurs());
    }

    /** A percentile of a latency histogram of nanoseconds, in ms; NaN when it holds nothing. */
    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    /**
     * One reserve + complete in {@code mode}; null when both succeeded, otherwise what went wrong.
     * {@code reservedAt[0]} is set to System.nanoTime() when the reserve has answered.
     */
    private String pair(Mode mode, UUID account, long[] reservedAt) {
        return switch (mode) {
            case HTTP, HTTP_KEY_CACHE -> httpPair(targets.baseUrl(), account, reservedAt);
            case HTTP_BATCH -> httpPair(targets.batchBaseUrl(), account, reservedAt);
            case DIRECT -> inProcessPair(targets.direct(), account, reservedAt);
            case DIRECT_BATCH -> inProcessPair(targets.directBatch(), account, reservedAt);
            case SQL -> targets.sql().pair(account, RESERVE, USE, reservedAt);
        };
    }

    /** One reserve + complete over HTTP; null when both answered 2xx, otherwise what went wrong. */
    private String httpPair(String baseUrl, UUID account, long[] reservedAt) {
        try {
            HttpResponse<String> reserved = http.send(post(baseUrl, "/v1/tasks",
                    "{\"account_id\":\"" + account + "\",\"credits\":" + RESERVE + "}"),
                    HttpResponse.BodyHandlers.ofString());
            reservedAt[0] = System.nanoTime();
            if (reserved.statusCode() / 100 != 2) {
                return "POST /v1/tasks -> " + reserved.statusCode() + " " + reserved.body();
            }
            String id = field(reserved.body(), "id");
            HttpResponse<String> completed = http.send(post(baseUrl, "/v1/tasks/" + id + "/complete",
                    "{\"credits\":" + USE + "}"), HttpResponse.BodyHandlers.ofString());
            if (completed.statusCode() / 100 != 2) {
                return "POST /v1/tasks/" + id + "/complete -> " + completed.statusCode() + " " + completed.body();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "HTTP: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The same two calls in-process. */
    private String inProcessPair(TaskCalls calls, UUID account, long[] reservedAt) {
        try {
            Task task = calls.reserve(tenantId, account, RESERVE, Tasks.DEFAULT_TTL, null, "bench");
            reservedAt[0] = System.nanoTime();
            calls.complete(tenantId, task.id(), USE);
            return null;
        } catch (RuntimeException e) {
            return "in-process: " + e;
        }
    }

    private HttpRequest post(String baseUrl, String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + secretKey)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** A top-level string field of a small JSON object, without a JSON parser (keeps the client cheap). */
    private static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        start += marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    // ---------------------------------------------------------------- report

    private static String report(Options options, List<Phase> phases, List<OpenPhase> openPhases, int poolSize,
            String tomcatThreads, String pgVersion, List<String> broken, int sqlStatements) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Arguments: `%s`. Initial JIT warm-up %d s per HTTP mode (in-process modes "
                        + "a third of it), then per phase %d s warm-up and %d s measured; %d rounds per mode, "
                        + "alternating (ABBA); medians shown. JDBC pool %d, Tomcat max threads %s, %d CPUs, Java %s, "
                        + "%s.%s%s%n%n",
                options.arguments(), options.initialWarmupSeconds(), options.warmupSeconds(),
                options.measureSeconds(), options.rounds(), poolSize, tomcatThreads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), pgVersion,
                options.modes().contains(Mode.SQL) ? " sql mode: " + sqlStatements + " statements per pair." : "",
                options.modes().contains(Mode.DIRECT_BATCH) ? directBatchCalls : ""));
        List<Mode> modes = options.modes();
        boolean sql = modes.contains(Mode.SQL);
        boolean httpAndDirect = modes.contains(Mode.HTTP) && modes.contains(Mode.DIRECT);
        for (Accounts layout : options.accounts()) {
            md.append("Pairs per second, ").append(layout.title()).append(":\n\n");
            StringBuilder head = new StringBuilder("| clients |");
            StringBuilder rule = new StringBuilder("|--------:|");
            for (Mode mode : modes) {
                head.append(' ').append(mode.label()).append(" pairs/s |");
                rule.append("------:|");
            }
            for (Mode mode : modes) {
                head.append(' ').append(mode.label()).append(" rounds |");
                rule.append("------|");
            }
            md.append(head).append('\n').append(rule).append('\n');
            for (int clients : options.clients()) {
                StringBuilder row = new StringBuilder("| " + clients + " |");
                for (Mode mode : modes) {
                    row.append(String.format(Locale.ROOT, " %,.0f |", median(rates(phases, mode, layout, clients))));
                }
                for (Mode mode : modes) {
                    row.append(' ').append(list(rates(phases, mode, layout, clients))).append(" |");
                }
                md.append(row).append('\n');
            }
            md.append('\n');
            if (sql || httpAndDirect) {
                md.append("Ratios of the medians, ").append(layout.title()).append(":\n\n");
                head = new StringBuilder("| clients |");
                rule = new StringBuilder("|--------:|");
                List<Mode> againstSql = sql ? modes.stream().filter(m -> m != Mode.SQL).toList() : List.of();
                for (Mode mode : againstSql) {
                    head.append(' ').append(mode.label()).append(" / sql |");
                    rule.append("------:|");
                }
                if (httpAndDirect) {
                    head.append(" HTTP / direct |");
                    rule.append("------:|");
                }
                md.append(head).append('\n').append(rule).append('\n');
                for (int clients : options.clients()) {
                    StringBuilder row = new StringBuilder("| " + clients + " |");
                    double base = median(rates(phases, Mode.SQL, layout, clients));
                    for (Mode mode : againstSql) {
                        row.append(String.format(Locale.ROOT, " %.2f |",
                                median(rates(phases, mode, layout, clients)) / base));
                    }
                    if (httpAndDirect) {
                        row.append(String.format(Locale.ROOT, " %.2f |",
                                median(rates(phases, Mode.HTTP, layout, clients))
                                        / median(rates(phases, Mode.DIRECT, layout, clients))));
                    }
                    md.append(row).append('\n');
                }
                md.append('\n');
            }
        }
        md.append("Where the time goes, per reserve+complete pair, all rounds of a row pooled. CPU in ms: "
                + "load generator = the harness's client threads and the JDK HttpClient's threads; app threads = "
                + "Tomcat workers (HTTP modes) or the harness threads calling Tasks, the batcher or issuing the SQL "
                + "(in-process modes), plus in batched modes any thread named *batch*; JVM other = the rest of "
                + "the process, with the part of its JIT compiler and GC threads (read from /proc/self/task); "
                + "other load = CPU used on the machine by other "
                + "processes. PostgreSQL figures from pg_stat_database / pg_stat_user_tables.\n\n");
        md.append("| mode | accounts | clients | p50 ms | p99 ms | load generator | app threads | JVM other (JIT, GC) "
                + "| PostgreSQL | total CPU | CPU w/o load generator | machine busy | other load | commits "
                + "| api_keys lookups | DB active ms | idle in tx ms |\n");
        md.append("|------|------|--------:|-------:|-------:|------:|------:|------:|------:|------:|------:|------:"
                + "|------:|------:|------:|------:|------:|\n");
        StringBuilder memory = new StringBuilder();
        memory.append("Memory of the JVM (service and harness together) during the measured windows, MB: heap used at "
                + "the end of each window (median of rounds) and the highest sampled every 100 ms (max of rounds); "
                + "RSS = VmRSS from /proc/self/status the same way; HWM = VmHWM, the process's peak RSS so far, "
                + "at the end of the row's last window.\n\n");
        memory.append("| mode | accounts | clients | heap after | heap peak | RSS after | RSS peak | HWM |\n");
        memory.append("|------|------|--------:|------:|------:|------:|------:|------:|\n");
        for (Accounts layout : options.accounts()) {
            for (int clients : options.clients()) {
                for (Mode mode : modes) {
                    List<Phase> ps = phases.stream()
                            .filter(p -> p.mode() == mode && p.accounts() == layout && p.clients() == clients).toList();
                    if (ps.isEmpty()) {
                        continue;
                    }
                    Resources r = ps.stream().map(Phase::used).reduce(Resources::plus).orElseThrow();
                    long pairs = ps.stream().mapToLong(Phase::pairs).sum();
                    double p50 = median(ps.stream().map(Phase::p50Millis).toList());
                    double p99 = median(ps.stream().map(Phase::p99Millis).toList());
                    md.append(String.format(Locale.ROOT,
                            "| %s | %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f (%.2f, %.2f) | %.2f | %.2f | %.2f "
                                    + "| %.0f%% | %.0f%% | %.2f | %.2f | %.2f | %.2f |%n",
                            mode.label(), layout.wireName(), clients, p50, p99, r.perPair(r.clientCpu(mode), pairs),
                            r.perPair(r.appCpu(mode), pairs), r.perPair(r.jvmOtherCpu(mode), pairs),
                            r.perPair(r.jitCpu, pairs), r.perPair(r.gcCpu, pairs),
                            r.perPair(r.postgresCpu, pairs), r.perPair(r.totalCpu(), pairs),
                            r.perPair(r.totalCpu() - r.clientCpu(mode), pairs),
                            100 * r.machineBusy(), 100 * r.machineNotOurs(),
                            (double) r.commits / pairs, (double) r.apiKeyScans / pairs, r.dbActiveMillis / pairs,
                            r.dbIdleInTxMillis / pairs));
                    memory.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                            mode.label(), layout.wireName(), clients,
                            median(ps.stream().map(p -> p.memory().heapAfterMb()).toList()),
                            ps.stream().mapToDouble(p -> p.memory().heapPeakMb()).max().orElse(Double.NaN),
                            median(ps.stream().map(p -> p.memory().rssAfterMb()).toList()),
                            ps.stream().mapToDouble(p -> p.memory().rssPeakMb()).max().orElse(Double.NaN),
                            ps.stream().mapToDouble(p -> p.memory().hwmMb()).max().orElse(Double.NaN)));
                }
            }
        }
        md.append('\n').append(memory);
        if (!openPhases.isEmpty()) {
            md.append('\n').append(openReport(options, openPhases, tomcatThreads));
        }
        long errors = phases.stream().mapToLong(Phase::errors).sum()
                + openPhases.stream().mapToLong(OpenPhase::errors).sum();
        md.append(String.format(Locale.ROOT, "%nErrors (non-2xx responses or exceptions) in measured phases: %d. "
                + "Ledger invariants after the run: %s.%n", errors,
                broken.isEmpty() ? "all hold" : String.join("; ", broken)));
        return md.toString();
    }

    /** The open-loop tables: latency from the intended start, then CPU per pair; rounds pooled. */
    private static String openReport(Options options, List<OpenPhase> openPhases, String tomcatThreads) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Open loop: after each closed-loop phase, pairs arriving at a fixed rate "
                        + "(%s gaps%s), each issued on a pool of %d threads; with own accounts each running pair holds "
                        + "an account no other running pair uses (as in the closed-loop phases), with the hot "
                        + "account all share it; in the in-process modes at most as many pairs run at "
                        + "once as Tomcat has request threads (%s), the others wait their turn, as requests queue "
                        + "for Tomcat's threads; "
                        + "%d s at the rate, then %d s measured. A share of the peak (e.g. half) is of the closed-loop "
                        + "rate measured just before, same mode, accounts and clients. Latencies in ms from each "
                        + "arrival's INTENDED start (no coordinated omission), of the window's arrivals, all rounds "
                        + "pooled (HdrHistogram, 3 digits): reserve = until the reserve answered, complete = from "
                        + "then until the complete answered, pair = both. Offered = arrivals due in the window / s, "
                        + "achieved = pairs completed in it / s; late = started more than 1 ms after due; dropped = "
                        + "found %d pairs already waiting for a thread; unfinished = still running %d s after the "
                        + "window. A row marked * did not keep up (dropped or unfinished arrivals, or achieved "
                        + "below 90%% of offered): its latencies are a lower bound. Max in flight (pairs on a pool "
                        + "thread, waiting or running) near the pool size would mean the pool, not the service, "
                        + "limited it.%n%n",
                options.arrivals().wireName(), options.arrivals() == Arrivals.POISSON
                        ? ", seed " + options.seed() : "", options.openPool(), tomcatThreads, options.warmupSeconds(),
                options.openMeasureSeconds(), options.openPool(), DRAIN_SECONDS));
        md.append("Command: `bench/ledger-throughput.sh ").append(options.arguments()).append("`\n\n");
        md.append("| mode | accounts | clients | rate | target pairs/s (rounds) | offered | achieved | reserve p50 "
                + "| reserve p99 | reserve p99.9 | complete p50 | complete p99 | pair p99 | pairs measured "
                + "| late > 1 ms | max lag ms | dropped | unfinished | errors | max in flight |\n");
        md.append("|------|------|--------:|------|------|------:|------:|------:|------:|------:|------:|------:"
                + "|------:|------:|------:|------:|------:|------:|------:|------:|\n");
        StringBuilder cpu = new StringBuilder();
        cpu.append("Open loop, where the time goes per pair completed in the window, CPU in ms, rounds pooled "
                + "(thread groups as above; the load generator includes the scheduler thread, and in the in-process "
                + "modes the pool threads count as app threads since they run the service code):\n\n");
        cpu.append("| mode | accounts | clients | rate | load generator | app threads | JVM other (JIT, GC) "
                + "| PostgreSQL | total CPU | CPU w/o load generator | machine busy | other load | commits "
                + "| DB active ms |\n");
        cpu.append("|------|------|--------:|------|------:|------:|------:|------:|------:|------:|------:|------:"
                + "|------:|------:|\n");
        for (Accounts layout : options.accounts()) {
            for (int clients : options.clients()) {
                for (Mode mode : options.modes()) {
                    for (Rate rate : options.rates()) {
                        List<OpenPhase> ps = openPhases.stream().filter(o -> o.mode() == mode
                                && o.accounts() == layout && o.clients() == clients && o.rate().equals(rate)).toList();
                        if (ps.isEmpty()) {
                            continue;
                        }
                        Histogram reserve = new Histogram(3);
                        Histogram complete = new Histogram(3);
                        Histogram pair = new Histogram(3);
                        for (OpenPhase o : ps) {
                            reserve.add(o.reserve());
                            complete.add(o.complete());
                            pair.add(o.pair());
                        }
                        double seconds = ps.stream().mapToDouble(OpenPhase::seconds).sum();
                        double achieved = ps.stream().mapToLong(OpenPhase::completedInWindow).sum() / seconds;
                        long dropped = ps.stream().mapToLong(OpenPhase::dropped).sum();
                        long unfinished = ps.stream().mapToLong(OpenPhase::unfinished).sum();
                        double offered = ps.stream().mapToLong(OpenPhase::arrivals).sum() / seconds;
                        // Poisson arrivals in a short window miss the target by a few per cent; what the
                        // service completed is judged against what actually arrived.
                        boolean held = dropped == 0 && unfinished == 0 && achieved >= 0.9 * offered;
                        md.append(String.format(Locale.ROOT,
                                "| %s | %s | %d | %s%s | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f "
                                        + "| %.1f | %,d | %,d | %.1f | %,d | %,d | %,d | %d |%n",
                                mode.label(), layout.wireName(), clients, rate.text(), held ? "" : " *",
                                ps.stream().map(o -> String.format(Locale.ROOT, "%,.0f", o.target()))
                                        .collect(Collectors.joining(", ")),
                                offered, achieved,
                                millis(reserve, 50), millis(reserve, 99), millis(reserve, 99.9),
                                millis(complete, 50), millis(complete, 99), millis(pair, 99),
                                ps.stream().mapToLong(OpenPhase::measured).sum(),
                                ps.stream().mapToLong(OpenPhase::late).sum(),
                                ps.stream().mapToLong(OpenPhase::maxLagNanos).max().orElse(0) / 1e6, dropped,
                                unfinished, ps.stream().mapToLong(OpenPhase::errors).sum(),
                                ps.stream().mapToInt(OpenPhase::maxInFlight).max().orElse(0)));
                        Resources r = ps.stream().map(OpenPhase::used).reduce(Resources::plus).orElseThrow();
                        long pairs = ps.stream().mapToLong(OpenPhase::completedInWindow).sum();
                        cpu.append(String.format(Locale.ROOT,
                                "| %s | %s | %d | %s | %.2f | %.2f | %.2f (%.2f, %.2f) | %.2f | %.2f | %.2f | %.0f%% "
                                        + "| %.0f%% | %.2f | %.2f |%n",
                                mode.label(), layout.wireName(), clients, rate.text(),
                                r.perPair(r.clientCpu(mode), pairs), r.perPair(r.appCpu(mode), pairs),
                                r.perPair(r.jvmOtherCpu(mode), pairs), r.perPair(r.jitCpu, pairs),
                                r.perPair(r.gcCpu, pairs), r.perPair(r.postgresCpu, pairs),
                                r.perPair(r.totalCpu(), pairs), r.perPair(r.totalCpu() - r.clientCpu(mode), pairs),
                                100 * r.machineBusy(), 100 * r.machineNotOurs(), (double) r.commits / pairs,
                                r.dbActiveMillis / pairs));
                    }
                }
            }
        }
        md.append('\n').append(cpu);
        return md.toString();
    }

    private static List<Double> rates(List<Phase> phases, Mode mode, Accounts layout, int clients) {
        return phases.stream().filter(p -> p.mode() == mode && p.accounts() == layout && p.clients() == clients)
                .map(Phase::pairsPerSecond).toList();
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).collect(Collectors.joining(", "));
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return; // the embedded server's clean-up removed it
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    // ---------------------------------------------------------------- sql mode

    /**
     * The minimal SQL for a reserve+complete pair with the service's semantics, on the real tables
     * and rows, from the calling thread over the application's own {@link DataSource} (its HikariCP
     * pool): one transaction per call, so two per pair, as the service commits them. Statements are
     * prepared once per physical connection and reused (server-side prepared after the driver's
     * threshold), the pool's proxy still opens, commits and resets each transaction.
     *
     * <p>Reserve, one transaction:
     * <ol>
     * <li>{@code select 1 from ledger_accounts where tenant_id = ? and account_id = ? for update} (the account's lock)
     * <li>{@code select id, <unspent> from credit_blocks where <spendable now> order by <tenant's drawdown order>}
     * <li>{@code update credit_blocks set held = held + ? where ...} for each block drawn on (one here)
     * <li>{@code insert into holds (...) values (..., 'held', ...)}
     * <li>{@code insert into ledger_entries (...) values (..., 'hold', ...)[, ...]} one row per block, one statement
     * <li>{@code insert into tasks (...) values (..., 'reserved', ...)}
     * </ol>
     * Complete, one transaction (the caller names only the task, as {@code POST /v1/tasks/{id}/complete} does):
     * <ol>
     * <li>{@code select t.account_id, t.hold_id, t.credits_reserved from tasks t join ledger_accounts a ...
     *     where t.tenant_id = ? and t.id = ? and t.status = 'reserved' for update of a} (finds the task and
     *     takes its account's lock in one statement)
     * <li>{@code update holds set status = 'settled', consumed = ?, settled_at = ? where ... and status = 'held'
     *     and expires_at > ?} (refuses a hold already finished or past its TTL)
     * <li>{@code with portion as (select the hold's 'hold' entries, splitting "used" over them in order)
     *     update credit_blocks set consumed = consumed + <consume>, held = held - <held> ... returning}
     * <li>{@code insert into ledger_entries (...) values (..., 'consume', ...), (..., 'release', ...)}
     * <li>{@code update tasks set status = 'completed', credits_used = ?, settled_at = ? where ... and status = 'reserved'}
     * </ol>
     * 11 statements per pair when one block covers the hold (the bench's case). Left out, because the
     * bench never meets them: the refusal details (suspended credits), an external id's uniqueness
     * check, entitlements, credits released into a closed or suspended block (revoked or suspended
     * at once by the service), and the usage event the service records when a task completes.
     */
    static final class SqlPair {

        private static final String LOCK_ACCOUNT =
                "select 1 from ledger_accounts where tenant_id = ? and account_id = ? for update";
        private static final String INSERT_HOLD = """
                insert into holds (tenant_id, id, account_id, credits, status, reference, expires_at, created_at)
                values (?, ?, ?, ?, 'held', ?, ?, ?)""";
        private static final String HOLD_BLOCK =
                "update credit_blocks set held = held + ? where tenant_id = ? and account_id = ? and id = ?";
        private static final String INSERT_TASK = """
                insert into tasks (tenant_id, id, account_id, status, credits_reserved, hold_id, created_by,
                                   created_at, expires_at)
                values (?, ?, ?, 'reserved', ?, ?, ?, ?, ?)""";
        private static final String LOCK_TASK = """
                select t.account_id, t.hold_id, t.credits_reserved
                from tasks t join ledger_accounts a on a.tenant_id = t.tenant_id and a.account_id = t.account_id
                where t.tenant_id = ? and t.id = ? and t.status = 'reserved'
                for update of a""";
        private static final String SETTLE_HOLD = """
                update holds set status = 'settled', consumed = ?, settled_at = ?
                where tenant_id = ? and account_id = ? and id = ? and status = 'held' and expires_at > ?""";
        private static final String SETTLE_BLOCKS = """
                with portion as (
                    select block_id, credits,
                           least(credits, greatest(0, ? - (sum(credits) over (order by id) - credits))) as consume
                    from ledger_entries
                    where tenant_id = ? and account_id = ? and hold_id = ? and type = 'hold')
                update credit_blocks b set consumed = b.consumed + p.consume, held = b.held - p.credits
                from portion p
                where b.tenant_id = ? and b.account_id = ? and b.id = p.block_id
                returning b.id, p.consume, p.credits - p.consume""";
        private static final String COMPLETE_TASK = """
                update tasks set status = 'completed', credits_used = ?, settled_at = ?
                where tenant_id = ? and account_id = ? and id = ? and status = 'reserved'""";

        private final DataSource dataSource;
        private final Clock clock;
        private final UUID tenantId;
        private final String spendable;
        /** Prepared statements of each physical connection; the pool has at most its size of them. */
        private final Map<Connection, Statements> prepared = new ConcurrentHashMap<>();

        /** ANALYZE over the whole database, so every mode runs with the plans of tables with statistics. */
        void analyze() {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("analyze");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        SqlPair(DataSource dataSource, Clock clock, UUID tenantId, List<DrawdownCriterion> drawdownOrder) {
            this.dataSource = dataSource;
            this.clock = clock;
            this.tenantId = tenantId;
            this.spendable = "select id, granted - consumed - held - expired - revoked - suspended from credit_blocks "
                    + "where tenant_id = ? and account_id = ? "
                    + "and consumed + held + expired + revoked + suspended < granted "
                    + "and closed_at is null and suspension_source is null and (expires_at is null or expires_at > ?) "
                    + "order by " + LedgerStore.drawdownOrderBy(drawdownOrder);
        }

        int statementsPerPair() {
            return 11;
        }

        /**
         * One reserve and one complete of {@code used} credits; null when both committed, else what went
         * wrong. {@code reservedAt[0]} is set to System.nanoTime() when the reserve has committed.
         */
        String pair(UUID accountId, long credits, long used, long[] reservedAt) {
            UUID taskId;
            try {
                taskId = inTransaction(s -> reserve(s, accountId, credits));
                reservedAt[0] = System.nanoTime();
            } catch (SQLException | RuntimeException e) {
                return "sql reserve: " + e;
            }
            try {
                inTransaction(s -> complete(s, taskId, used));
                return null;
            } catch (SQLException | RuntimeException e) {
                return "sql complete: " + e;
            }
        }

        private UUID reserve(Statements s, UUID accountId, long credits) throws SQLException {
            Instant now = clock.instant();
            Timestamp at = Timestamp.from(now);
            PreparedStatement lock = s.get(LOCK_ACCOUNT);
            lock.setObject(1, tenantId);
            lock.setObject(2, accountId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("account " + accountId + " has no ledger row");
                }
            }
            PreparedStatement blocks = s.get(spendable);
            blocks.setObject(1, tenantId);
            blocks.setObject(2, accountId);
            blocks.setTimestamp(3, at);
            List<UUID> taken = new ArrayList<>(1);
            List<Long> takes = new ArrayList<>(1);
            long remaining = credits;
            try (ResultSet rs = blocks.executeQuery()) {
                while (remaining > 0 && rs.next()) {
                    long take = Math.min(rs.getLong(2), remaining);
                    taken.add(rs.getObject(1, UUID.class));
                    takes.add(take);
                    remaining -= take;
                }
            }
            if (remaining > 0) {
                throw new IllegalStateException("insufficient credits: " + (credits - remaining) + " of " + credits);
            }
            PreparedStatement hold = s.get(HOLD_BLOCK);
            for (int i = 0; i < taken.size(); i++) {
                hold.setLong(1, takes.get(i));
                hold.setObject(2, tenantId);
                hold.setObject(3, accountId);
                hold.setObject(4, taken.get(i));
                if (taken.size() == 1) {
                    expectOne(hold.executeUpdate(), "credit block held");
                } else {
                    hold.addBatch();
                }
            }
            if (taken.size() > 1) {
                for (int n : hold.executeBatch()) {
                    expectOne(n, "credit block held");
                }
            }
            UUID holdId = Ids.newId(now);
            UUID taskId = Ids.newId(now);
            Timestamp expires = Timestamp.from(now.plus(Tasks.DEFAULT_TTL));
            PreparedStatement insertHold = s.get(INSERT_HOLD);
            insertHold.setObject(1, tenantId);
            insertHold.setObject(2, holdId);
            insertHold.setObject(3, accountId);
            insertHold.setLong(4, credits);
            insertHold.setString(5, "task:" + taskId);
            insertHold.setTimestamp(6, expires);
            insertHold.setTimestamp(7, at);
            expectOne(insertHold.executeUpdate(), "hold inserted");
            PreparedStatement entries = s.entries(taken.size());
            int p = 1;
            for (int i = 0; i < taken.size(); i++) {
                p = entry(entries, p, now, accountId, taken.get(i), holdId, "hold", takes.get(i));
            }
            entries.executeUpdate();
            PreparedStatement task = s.get(INSERT_TASK);
            task.setObject(1, tenantId);
            task.setObject(2, taskId);
            task.setObject(3, accountId);
            task.setLong(4, credits);
            task.setObject(5, holdId);
            task.setString(6, "bench");
            task.setTimestamp(7, at);
            task.setTimestamp(8, expires);
            expectOne(task.executeUpdate(), "task inserted");
            return taskId;
        }

        private UUID complete(Statements s, UUID taskId, long used) throws SQLException {
            Instant now = clock.instant();
            Timestamp at = Timestamp.from(now);
            PreparedStatement lock = s.get(LOCK_TASK);
            lock.setObject(1, tenantId);
            lock.setObject(2, taskId);
            UUID accountId;
            UUID holdId;
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("task " + taskId + " is not reserved");
                }
                accountId = rs.getObject(1, UUID.class);
                holdId = rs.getObject(2, UUID.class);
                if (used > rs.getLong(3)) {
                    throw new IllegalStateException("credits: more than reserved");
                }
            }
            PreparedStatement settle = s.get(SETTLE_HOLD);
            settle.setLong(1, used);
            settle.setTimestamp(2, at);
            settle.setObject(3, tenantId);
            settle.setObject(4, accountId);
            settle.setObject(5, holdId);
            settle.setTimestamp(6, at);
            expectOne(settle.executeUpdate(), "hold settled (it was no longer held, or past its TTL)");
            PreparedStatement blocks = s.get(SETTLE_BLOCKS);
            blocks.setLong(1, used);
            blocks.setObject(2, tenantId);
            blocks.setObject(3, accountId);
            blocks.setObject(4, holdId);
            blocks.setObject(5, tenantId);
            blocks.setObject(6, accountId);
            List<Object[]> rows = new ArrayList<>(2);
            try (ResultSet rs = blocks.executeQuery()) {
                while (rs.next()) {
                    UUID block = rs.getObject(1, UUID.class);
                    if (rs.getLong(2) > 0) {
                        rows.add(new Object[] {block, "consume", rs.getLong(2)});
                    }
                    if (rs.getLong(3) > 0) {
                        rows.add(new Object[] {block, "release", rs.getLong(3)});
                    }
                }
            }
            if (!rows.isEmpty()) {
                PreparedStatement entries = s.entries(rows.size());
                int p = 1;
                for (Object[] row : rows) {
                    p = entry(entries, p, now, accountId, (UUID) row[0], holdId, (String) row[1], (Long) row[2]);
                }
                entries.executeUpdate();
            }
            PreparedStatement task = s.get(COMPLETE_TASK);
            task.setLong(1, used);
            task.setTimestamp(2, at);
            task.setObject(3, tenantId);
            task.setObject(4, accountId);
            task.setObject(5, taskId);
            expectOne(task.executeUpdate(), "task completed");
            return taskId;
        }

        private int entry(PreparedStatement entries, int p, Instant now, UUID accountId, UUID blockId, UUID holdId,
                String type, long credits) throws SQLException {
            entries.setObject(p++, tenantId);
            entries.setObject(p++, Ids.newId(now));
            entries.setObject(p++, accountId);
            entries.setObject(p++, blockId);
            entries.setObject(p++, holdId);
            entries.setString(p++, type);
            entries.setLong(p++, credits);
            entries.setTimestamp(p++, Timestamp.from(now));
            return p;
        }

        private static void expectOne(int updated, String what) {
            if (updated != 1) {
                throw new IllegalStateException(what + ": " + updated + " rows");
            }
        }

        interface Work<T> {
            T run(Statements statements) throws SQLException;
        }

        /**
         * Runs {@code work} in one transaction on a pooled connection, as Spring's transaction manager
         * opens one: autocommit off on the pool's proxy, commit, and the proxy resets it on close.
         * The statements run on the physical connection (so they outlive the proxy), which the pool
         * does not see: on failure this rolls back itself before the connection goes back.
         */
        private <T> T inTransaction(Work<T> work) throws SQLException {
            try (Connection proxy = dataSource.getConnection()) {
                proxy.setAutoCommit(false);
                Connection physical = proxy.unwrap(Connection.class);
                Statements statements = prepared.computeIfAbsent(physical, Statements::new);
                try {
                    T result = work.run(statements);
                    proxy.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    proxy.rollback();
                    throw e;
                }
            }
        }

        /** One physical connection's prepared statements, by SQL text. */
        static final class Statements {

            private final Connection connection;
            private final Map<String, PreparedStatement> bySql = new HashMap<>();
            private final Map<Integer, PreparedStatement> entriesByRows = new HashMap<>();

            Statements(Connection connection) {
                this.connection = connection;
            }

            PreparedStatement get(String sql) throws SQLException {
                PreparedStatement statement = bySql.get(sql);
                if (statement == null || statement.isClosed()) {
                    statement = connection.prepareStatement(sql);
                    bySql.put(sql, statement);
                }
                return statement;
            }

            /** {@code insert into ledger_entries} of {@code rows} rows in one statement. */
            PreparedStatement entries(int rows) throws SQLException {
                PreparedStatement statement = entriesByRows.get(rows);
                if (statement == null || statement.isClosed()) {
                    statement = connection.prepareStatement("insert into ledger_entries (tenant_id, public_id, "
                            + "account_id, block_id, hold_id, type, credits, reason, created_at) values "
                            + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, null, ?)")));
                    entriesByRows.put(rows, statement);
                }
                return statement;
            }
        }
    }

    // ---------------------------------------------------------------- invariants

    /** After the run: the tenant's ledger, as every mode left it, still adds up. */
    static final class Invariants {

        private static final Map<String, String> CHECKS = new LinkedHashMap<>();

        static {
            CHECKS.put("block counters that differ from the sums of their entries", """
                    select count(*) from credit_blocks b
                    left join (select block_id,
                                      coalesce(sum(credits) filter (where type = 'grant'), 0) as granted,
                                      coalesce(sum(credits) filter (where type = 'hold'), 0)
                                        - coalesce(sum(credits) filter (where type in ('release', 'consume')), 0)
                                        as held,
                                      coalesce(sum(credits) filter (where type = 'consume'), 0) as consumed
                               from ledger_entries where tenant_id = ? group by block_id) e on e.block_id = b.id
                    where b.tenant_id = ? and (b.granted <> coalesce(e.granted, 0) or b.held <> coalesce(e.held, 0)
                          or b.consumed <> coalesce(e.consumed, 0)
                          or b.consumed + b.held + b.expired + b.revoked + b.suspended > b.granted)""");
            CHECKS.put("holds whose status or consumed credits disagree with their entries", """
                    select count(*) from holds h
                    left join (select hold_id,
                                      coalesce(sum(credits) filter (where type = 'hold'), 0) as held,
                                      coalesce(sum(credits) filter (where type = 'consume'), 0) as consumed,
                                      coalesce(sum(credits) filter (where type = 'release'), 0) as released
                               from ledger_entries where tenant_id = ? and hold_id is not null group by hold_id) e
                           on e.hold_id = h.id
                    where h.tenant_id = ? and not coalesce(e.held = h.credits and case h.status
                          when 'held' then e.consumed = 0 and e.released = 0
                          when 'settled' then e.consumed = h.consumed and e.consumed + e.released = h.credits
                          else false end, false)""");
            CHECKS.put("tasks whose status or credits disagree with their hold", """
                    select count(*) from tasks t left join holds h on h.tenant_id = t.tenant_id and h.id = t.hold_id
                    where t.tenant_id = ? and not coalesce(h.account_id = t.account_id
                          and h.credits = t.credits_reserved and case t.status
                          when 'reserved' then h.status = 'held'
                          when 'completed' then h.status = 'settled' and h.consumed = t.credits_used
                          else false end, false)""");
        }

        /** What is broken, one line per kind; empty when every invariant holds. */
        static List<String> check(Connection connection, UUID tenantId) throws SQLException {
            List<String> broken = new ArrayList<>();
            for (Map.Entry<String, String> check : CHECKS.entrySet()) {
                try (PreparedStatement s = connection.prepareStatement(check.getValue())) {
                    long parameters = check.getValue().chars().filter(c -> c == '?').count();
                    for (int i = 1; i <= parameters; i++) {
                        s.setObject(i, tenantId);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            broken.add(rs.getLong(1) + " " + check.getKey());
                        }
                    }
                }
            }
            try (PreparedStatement s = connection.prepareStatement("""
                    select (select count(*) from tasks where tenant_id = ?),
                           (select count(*) from tasks where tenant_id = ? and status = 'reserved')""")) {
                s.setObject(1, tenantId);
                s.setObject(2, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    System.out.printf(Locale.ROOT, "Ledger invariants checked over %,d tasks (%d still reserved): %s%n",
                            rs.getLong(1), rs.getLong(2), broken.isEmpty() ? "all hold" : String.join("; ", broken));
                }
            }
            return broken;
        }
    }

    // ---------------------------------------------------------------- memory

    /** The JVM's heap and the process's resident memory over one measured window, in MB. */
    record Memory(double heapAfterMb, double heapPeakMb, double rssAfterMb, double rssPeakMb, double hwmMb) {
    }

    /** Samples heap used and VmRSS every 100 ms while a window is measured. */
    static final class MemorySampler {

        private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();
        private volatile boolean stop;
        private long heapPeak;
        private long rssPeak;
        private final Thread thread;

        private MemorySampler() {
            thread = new Thread(() -> {
                while (!stop) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-sampler");
            thread.setDaemon(true);
        }

        static MemorySampler start() {
            MemorySampler sampler = new MemorySampler();
            sampler.sample();
            sampler.thread.start();
            return sampler;
        }

        private synchronized void sample() {
            heapPeak = Math.max(heapPeak, HEAP.getHeapMemoryUsage().getUsed());
            rssPeak = Math.max(rssPeak, status("VmRSS:"));
        }

        Memory stop() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join();
            long heap = HEAP.getHeapMemoryUsage().getUsed();
            long rss = status("VmRSS:");
            synchronized (this) {
                heapPeak = Math.max(heapPeak, heap);
                rssPeak = Math.max(rssPeak, rss);
                double mb = 1024 * 1024;
                return new Memory(heap / mb, heapPeak / mb, rss / mb, rssPeak / mb, status("VmHWM:") / mb);
            }
        }

        /** A size line of /proc/self/status, in bytes; 0 without /proc. */
        private static long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no /proc
            }
            return 0;
        }
    }

    // ---------------------------------------------------------------- setup

    record Setup(UUID tenantId, String secretKey, List<UUID> accounts, UUID hotAccount) {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        static Setup create(HttpClient http, String baseUrl, String adminKey, int accounts, boolean hot)
                throws Exception {
            JsonNode tenant = call(http, baseUrl, adminKey, "/v1/tenants", Map.of(
                    "name", "bench-" + UUID.randomUUID(),
                    "settings", Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD",
                            "support_email", "bench@example.com")));
            UUID tenantId = UUID.fromString(tenant.get("id").asString());
            String secret = tenant.get("secret_key").get("key").asString();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                ids.add(account(http, baseUrl, secret, "bench-" + i));
            }
            // GRANT covers 14 million pairs of 7 credits, far more than any run spends from one account
            UUID hotAccount = hot ? account(http, baseUrl, secret, "bench-hot") : null;
            return new Setup(tenantId, secret, List.copyOf(ids), hotAccount);
        }

        private static UUID account(HttpClient http, String baseUrl, String secret, String name) throws Exception {
            JsonNode account = call(http, baseUrl, secret, "/v1/accounts",
                    Map.of("external_id", name, "email", name + "@example.com"));
            UUID id = UUID.fromString(account.get("id").asString());
            call(http, baseUrl, secret, "/v1/credit-grants",
                    Map.of("account_id", id.toString(), "credits", GRANT, "source", "promotional"));
            return id;
        }

        private static JsonNode call(HttpClient http, String baseUrl, String key, String path, Object body)
                throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("setup: POST " + path + " -> " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    // ---------------------------------------------------------------- resource accounting

    /** Where CPU and database work went during a measured window. */
    static final class Resources {

        double seconds;
        double processCpu;
        double driverCpu;
        double httpClientCpu;
        /** The open-loop phase's scheduler thread (arrivals-*), part of the load generator. */
        double arrivalsCpu;
        double tomcatCpu;
        double batcherCpu;
        double postgresCpu;
        double machineBusyCpu;
        double machineTotalCpu;
        long commits;
        long apiKeyScans;
        double dbActiveMillis;
        double dbIdleInTxMillis;
        double jitCpu;
        double gcCpu;

        double jvmOtherCpu(Mode mode) {
            return Math.max(0, processCpu - clientCpu(mode) - appCpu(mode));
        }

        /**
         * The threads that ran the service code: Tomcat's workers, or the harness threads in the
         * in-process modes (direct, sql); in the batched modes also the threads whose name says
         * "batch" (the batcher's own, if it has any).
         */
        double appCpu(Mode mode) {
            return (mode.http() ? tomcatCpu : driverCpu) + (mode.batched() ? batcherCpu : 0);
        }

        /**
         * The load generator: harness threads and the JDK HttpClient's own threads (HTTP mode only), and
         * the open-loop scheduler. In the in-process modes the harness (and open-loop pool) threads run the
         * service code, so they count as app threads.
         */
        double clientCpu(Mode mode) {
            return (mode.http() ? driverCpu + httpClientCpu : httpClientCpu) + arrivalsCpu;
        }

        double totalCpu() {
            return processCpu + postgresCpu;
        }

        double perPair(double cpuSeconds, long pairs) {
            return pairs == 0 ? Double.NaN : cpuSeconds * 1000 / pairs;
        }

        double machineBusy() {
            return machineTotalCpu == 0 ? Double.NaN : machineBusyCpu / machineTotalCpu;
        }

        double machineNotOurs() {
            return machineTotalCpu == 0 ? Double.NaN
                    : Math.max(0, machineBusyCpu - processCpu - postgresCpu) / machineTotalCpu;
        }

        Resources plus(Resources o) {
            Resources r = new Resources();
            r.seconds = seconds + o.seconds;
            r.processCpu = processCpu + o.processCpu;
            r.driverCpu = driverCpu + o.driverCpu;
            r.httpClientCpu = httpClientCpu + o.httpClientCpu;
            r.arrivalsCpu = arrivalsCpu + o.arrivalsCpu;
            r.tomcatCpu = tomcatCpu + o.tomcatCpu;
            r.batcherCpu = batcherCpu + o.batcherCpu;
            r.postgresCpu = postgresCpu + o.postgresCpu;
            r.machineBusyCpu = machineBusyCpu + o.machineBusyCpu;
            r.machineTotalCpu = machineTotalCpu + o.machineTotalCpu;
            r.commits = commits + o.commits;
            r.apiKeyScans = apiKeyScans + o.apiKeyScans;
            r.dbActiveMillis = dbActiveMillis + o.dbActiveMillis;
            r.dbIdleInTxMillis = dbIdleInTxMillis + o.dbIdleInTxMillis;
            r.jitCpu = jitCpu + o.jitCpu;
            r.gcCpu = gcCpu + o.gcCpu;
            return r;
        }

        record Snapshot(long nanos, long processCpuNanos, Map<Long, ThreadCpu> threads, Map<Long, Long> postgresTicks,
                long machineBusyTicks, long machineTotalTicks, long commits, long apiKeyScans, double activeMillis,
                double idleInTxMillis, Map<Long, NativeThreadCpu> nativeThreads) {
        }

        record ThreadCpu(String name, long nanos) {
        }

        /** A thread of this process as /proc sees it, including the JVM's own (JIT, GC), which JMX hides. */
        record NativeThreadCpu(String name, long ticks) {
        }

        static Resources between(Snapshot a, Snapshot b) {
            Resources r = new Resources();
            r.seconds = (b.nanos() - a.nanos()) / 1e9;
            r.processCpu = (b.processCpuNanos() - a.processCpuNanos()) / 1e9;
            for (Map.Entry<Long, ThreadCpu> e : b.threads().entrySet()) {
                ThreadCpu earlier = a.threads().get(e.getKey());
                double cpu = (e.getValue().nanos() - (earlier == null ? 0 : earlier.nanos())) / 1e9;
                String name = e.getValue().name();
                if (name.startsWith("bench-")) {
                    r.driverCpu += cpu;
                } else if (name.startsWith("HttpClient-")) {
                    r.httpClientCpu += cpu;
                } else if (name.startsWith("http-nio-")) {
                    r.tomcatCpu += cpu;
                } else if (name.startsWith("arrivals-")) {
                    r.arrivalsCpu += cpu;
                } else if (name.toLowerCase(Locale.ROOT).contains("batch")) {
                    r.batcherCpu += cpu;
                }
            }
            for (Map.Entry<Long, Long> e : b.postgresTicks().entrySet()) {
                long earlier = a.postgresTicks().getOrDefault(e.getKey(), 0L);
                r.postgresCpu += (double) (e.getValue() - earlier) / CLK_TCK;
            }
            r.machineBusyCpu = (double) (b.machineBusyTicks() - a.machineBusyTicks()) / CLK_TCK;
            r.machineTotalCpu = (double) (b.machineTotalTicks() - a.machineTotalTicks()) / CLK_TCK;
            r.commits = b.commits() - a.commits();
            r.apiKeyScans = b.apiKeyScans() - a.apiKeyScans();
            r.dbActiveMillis = b.activeMillis() - a.activeMillis();
            r.dbIdleInTxMillis = b.idleInTxMillis() - a.idleInTxMillis();
            for (Map.Entry<Long, NativeThreadCpu> e : b.nativeThreads().entrySet()) {
                NativeThreadCpu earlier = a.nativeThreads().get(e.getKey());
                double cpu = (double) (e.getValue().ticks() - (earlier == null ? 0 : earlier.ticks())) / CLK_TCK;
                String name = e.getValue().name();
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    r.jitCpu += cpu;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    r.gcCpu += cpu;
                }
            }
            return r;
        }
    }

    /** Reads CPU time (JVM threads, PostgreSQL processes, the machine) and PostgreSQL's statistics. */
    static final class Probe implements AutoCloseable {

        final Connection connection;
        private final long postmasterPid;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        private Probe(Connection connection, long postmasterPid) {
            this.connection = connection;
            this.postmasterPid = postmasterPid;
        }

        static Probe open(EmbeddedPostgresServer postgres) throws Exception {
            Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
            String pid = Files.readAllLines(postgres.dataDirectory().resolve("postmaster.pid")).get(0).trim();
            return new Probe(c, Long.parseLong(pid));
        }

        /** The server's version and the settings that decide what a commit costs. */
        String serverVersion() {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("select current_setting('server_version'), "
                            + "current_setting('synchronous_commit'), current_setting('fsync'), "
                            + "current_setting('shared_buffers')")) {
                rs.next();
                return String.format("PostgreSQL %s (synchronous_commit=%s, fsync=%s, shared_buffers=%s)",
                        rs.getString(1).split(" ")[0], rs.getString(2), rs.getString(3), rs.getString(4));
            } catch (SQLException e) {
                return "PostgreSQL ?";
            }
        }

        Resources.Snapshot snapshot() {
            long nanos = System.nanoTime();
            Map<Long, Resources.ThreadCpu> cpu = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), new Resources.ThreadCpu(info.getThreadName(), t));
                }
            }
            long process = os.getProcessCpuTime();
            Map<Long, Long> pg = new LinkedHashMap<>();
            ProcessHandle.of(postmasterPid).ifPresent(postmaster -> {
                pg.put(postmasterPid, procTicks(postmasterPid));
                postmaster.descendants().forEach(p -> pg.put(p.pid(), procTicks(p.pid())));
            });
            long[] machine = machineTicks();
            try (Statement s = connection.createStatement()) {
                long commits;
                double active;
                double idleInTx;
                try (ResultSet rs = s.executeQuery("select xact_commit, active_time, idle_in_transaction_time "
                        + "from pg_stat_database where datname = current_database()")) {
                    rs.next();
                    commits = rs.getLong(1);
                    active = rs.getDouble(2);
                    idleInTx = rs.getDouble(3);
                }
                long keyScans;
                try (ResultSet rs = s.executeQuery(
                        "select coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'api_keys'")) {
                    keyScans = rs.next() ? rs.getLong(1) : 0;
                }
                return new Resources.Snapshot(nanos, process, cpu, pg, machine[0], machine[1], commits, keyScans,
                        active, idleInTx, nativeThreads());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** This process's threads from /proc/self/task: name and utime + stime in clock ticks. */
        private static Map<Long, Resources.NativeThreadCpu> nativeThreads() {
            Map<Long, Resources.NativeThreadCpu> result = new HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                tasks.forEach(task -> {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        result.put(Long.parseLong(task.getFileName().toString()),
                                new Resources.NativeThreadCpu(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                });
            } catch (IOException e) {
                // no /proc: JIT and GC stay unattributed inside "JVM other"
            }
            return result;
        }

        /** utime + stime of a process, in clock ticks; 0 when it is gone. */
        private static long procTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** {busy, total} ticks of all CPUs from /proc/stat. */
        private static long[] machineTicks() {
            try {
                String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
                long[] v = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
                long total = 0;
                for (int i = 0; i < Math.min(v.length, 8); i++) {
                    total += v[i]; // user nice system idle iowait irq softirq steal (guest is inside user)
                }
                long idle = v[3] + v[4];
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
