package dev.creditdesk.bench;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.ApiKeys;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import java.io.IOException;
import java.lang.reflect.Method;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import java.lang.management.ManagementFactory;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ledger throughput benchmark (not a test): reserve+complete pairs per second, through HTTP and
 * with the same ledger calls made directly in-process, at several client counts, against one
 * embedded PostgreSQL. Run it with {@code bench/ledger-throughput.sh}; see docs/benchmarks.md.
 *
 * <p>Each client owns one account, so no two clients contend for one account's ledger lock:
 * the figure is the service's throughput, not one account's (one hot account serialises on its
 * {@code ledger_accounts} row by design).
 *
 * <p>A pair is {@code POST /v1/tasks} (reserve 10 credits) then {@code POST /v1/tasks/{id}/complete}
 * (use 7). Direct mode calls {@link Tasks#reserve} and {@link Tasks#complete}, each in its own
 * transaction from the application's {@link TransactionTemplate}: the same SQL the HTTP path
 * issues inside its request transaction, without HTTP, JSON, the API key lookup and the
 * idempotency/transaction filter.
 */
public final class LedgerThroughput {

    private static final long RESERVE = 10;
    private static final long USE = 7;
    private static final long GRANT = 100_000_000L;
    private static final int MAX_ERRORS_KEPT = 10;
    private static final long CLK_TCK = 100; // /proc/<pid>/stat ticks per second on Linux

    enum Mode {
        HTTP("HTTP"),
        DIRECT("direct"),
        /** What-if, not the application as shipped: HTTP with API key recognition cached in memory. */
        HTTP_KEY_CACHE("HTTP+key cache");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        boolean http() {
            return this != DIRECT;
        }
    }

    record Options(List<Integer> clients, int warmupSeconds, int measureSeconds, int rounds,
            int initialWarmupSeconds, List<Mode> modes, Path jfr, String arguments) {

        static Options parse(String[] args) {
            List<Integer> clients = List.of(8, 32);
            int warmup = 10;
            int measure = 20;
            int rounds = 3;
            int initial = 30;
            List<Mode> modes = List.of(Mode.HTTP, Mode.DIRECT);
            Path jfr = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--measure" -> measure = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--initial-warmup" -> initial = Integer.parseInt(value);
                    case "--jfr" -> jfr = Path.of(value);
                    case "--modes" -> modes = Arrays.stream(value.split(",")).map(String::trim)
                            .map(m -> Mode.valueOf(m.toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
                    case "--help", "-h" -> {
                        System.out.println("""
                                usage: LedgerThroughput [--clients 8,32] [--warmup S] [--measure S] [--rounds N]
                                                        [--initial-warmup S]
                                  --clients         concurrent clients per measurement (default 8,32)
                                  --warmup          seconds of load before each measurement (default 10)
                                  --measure         seconds measured per phase (default 20)
                                  --rounds          measurements per mode and client count, alternating (default 3)
                                  --initial-warmup  seconds of JIT warm-up per HTTP mode before the first phase; direct
                                                    mode gets a third of it (default 30)
                                  --jfr FILE        record a JFR profile (1 ms samples) after the initial warm-up
                                  --modes           http,direct (default); http-key-cache adds a what-if mode:
                                                    HTTP with API key recognition cached (bench-only advice)""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
                i++;
            }
            return new Options(clients, warmup, measure, rounds, initial, modes, jfr, String.join(" ", args));
        }
    }

    /** One measured phase. */
    record Phase(Mode mode, int clients, int round, long pairs, double seconds, long errors, double p50Millis,
            double p99Millis, Resources used) {

        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    private final Options options;
    private final String baseUrl;
    private final String secretKey;
    private final UUID tenantId;
    private final List<UUID> accounts;
    private final Tasks tasks;
    private final TransactionTemplate transactions;
    private final HttpClient http;
    private final Probe probe;

    private LedgerThroughput(Options options, String baseUrl, String secretKey, UUID tenantId, List<UUID> accounts,
            Tasks tasks, TransactionTemplate transactions, HttpClient http, Probe probe) {
        this.options = options;
        this.baseUrl = baseUrl;
        this.secretKey = secretKey;
        this.tenantId = tenantId;
        this.accounts = accounts;
        this.tasks = tasks;
        this.transactions = transactions;
        this.http = http;
        this.probe = probe;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int maxClients = options.clients().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path dataDir = Files.createTempDirectory("creditdesk-bench-pg-");
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        long started = System.nanoTime();
        // Quiet the embedded server's start-up chatter; Spring's logging takes over once the app starts.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, true, false);
        ConfigurableApplicationContext context = null;
        boolean failed = true;
        try {
            // Command-line arguments, so they override application.properties (builder properties would not).
            String[] properties = {
                    "--server.port=0",
                    "--creditdesk.database.url=" + postgres.jdbcUrl(),
                    "--creditdesk.database.user=postgres",
                    "--creditdesk.demo.enabled=false",
                    "--creditdesk.jobs.enabled=false",
                    "--creditdesk.admin-key=" + adminKey,
                    // one key drives every client: a limit it never reaches, so each request still pays the check
                    "--creditdesk.rate-limits.per-key.requests-per-second=1000000000",
                    "--creditdesk.rate-limits.per-key.burst=1000000000",
                    "--logging.level.root=warn"};
            ConfigurableApplicationContext app = new SpringApplicationBuilder(CreditdeskApplication.class)
                    .initializers(ctx -> {
                        if (options.modes().contains(Mode.HTTP_KEY_CACHE)) {
                            KeyCache.register(ctx);
                        }
                    })
                    .run(properties);
            context = app;
            String baseUrl = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            Setup setup = Setup.create(http, baseUrl, adminKey, maxClients);
            Tasks tasks = context.getBean(Tasks.class);
            TransactionTemplate transactions = context.getBeanProvider(TransactionTemplate.class)
                    .getIfAvailable(() -> new TransactionTemplate(app.getBean(PlatformTransactionManager.class)));
            int poolSize = context.getBean(HikariDataSource.class).getMaximumPoolSize();
            String tomcatThreads = context.getEnvironment().getProperty("server.tomcat.threads.max", "200");

            try (Probe probe = Probe.open(postgres)) {
                LedgerThroughput bench = new LedgerThroughput(options, baseUrl, setup.secretKey(), setup.tenantId(),
                        setup.accounts(), tasks, transactions, http, probe);
                System.out.printf(Locale.ROOT, "Setup done in %.1f s: tenant %s, %d accounts with %,d credits each; "
                                + "JDBC pool %d, Tomcat max threads %s, %d CPUs, %s%n",
                        (System.nanoTime() - started) / 1e9, setup.tenantId(), maxClients, GRANT, poolSize,
                        tomcatThreads, Runtime.getRuntime().availableProcessors(), probe.serverVersion());
                List<Phase> phases = bench.run();
                String report = report(options, phases, poolSize, tomcatThreads, probe.serverVersion());
                System.out.println();
                System.out.println(report);
                Path out = Path.of("target", "bench-results.md");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);
                System.out.println("(also written to " + out + ")");
                long errors = phases.stream().mapToLong(Phase::errors).sum() + bench.warmupErrors.get();
                failed = errors > 0;
                if (failed) {
                    System.out.println("FAILED: " + errors + " errors; figures are not valid");
                }
            }
        } finally {
            if (context != null) {
                context.close();
            }
            postgres.close();
            deleteRecursively(dataDir);
        }
        System.out.printf(Locale.ROOT, "Total %.0f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(failed ? 1 : 0);
    }

    private final AtomicLong warmupErrors = new AtomicLong();

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
        int maxClients = options.clients().stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (options.initialWarmupSeconds() > 0) {
            for (Mode mode : options.modes()) {
                // The HTTP stack needs far more calls than the ledger code to be compiled; direct mode runs
                // the ledger code the HTTP warm-up has already compiled, and gets a third of the time.
                int seconds = mode.http() ? options.initialWarmupSeconds()
                        : Math.max(1, options.initialWarmupSeconds() / 3);
                Phase warm = phase(mode, maxClients, 0, 0, seconds);
                System.out.printf(Locale.ROOT, "initial warm-up %-6s %2d clients: %,.0f pairs/s, %d errors%n",
                        mode.label(), maxClients, warm.pairsPerSecond(), warm.errors());
                warmupErrors.addAndGet(warm.errors());
            }
        }
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
            for (int clients : options.clients()) {
                List<Mode> order = new ArrayList<>(options.modes());
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Mode mode : order) {
                    Phase p = phase(mode, clients, round, options.warmupSeconds(), options.measureSeconds());
                    phases.add(p);
                    Resources r = p.used();
                    System.out.printf(Locale.ROOT,
                            "%-6s %2d clients round %d: %,6.0f pairs/s  p50 %5.1f ms  p99 %5.1f ms  errors %d"
                                    + "  | CPU ms/pair: load generator %.2f, app threads %.2f, JVM other %.2f "
                                    + "(JIT %.2f, GC %.2f), PostgreSQL %.2f = %.2f; machine busy %.0f%%, "
                                    + "other load %.0f%%%n",
                            mode.label(), clients, round, p.pairsPerSecond(), p.p50Millis(), p.p99Millis(),
                            p.errors(), r.perPair(r.clientCpu(mode), p.pairs()), r.perPair(r.appCpu(mode), p.pairs()),
                            r.perPair(r.jvmOtherCpu(), p.pairs()), r.perPair(r.jitCpu, p.pairs()),
                            r.perPair(r.gcCpu, p.pairs()), r.perPair(r.postgresCpu, p.pairs()),
                            r.perPair(r.totalCpu(), p.pairs()), 100 * r.machineBusy(), 100 * r.machineNotOurs());
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
    private Phase phase(Mode mode, int clients, int round, int warmupSeconds, int measureSeconds)
            throws InterruptedException {
        LongAdder pairs = new LongAdder();
        LongAdder errors = new LongAdder();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        List<long[]> latencies = new ArrayList<>();
        Flags flags = new Flags();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            UUID account = accounts.get(i);
            long[] buffer = new long[1 << 16];
            latencies.add(buffer);
            Thread t = new Thread(() -> {
                int n = 0;
                while (!flags.stop) {
                    long t0 = System.nanoTime();
                    String error = mode.http() ? httpPair(account) : directPair(account);
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
            }, "bench-" + mode.name().toLowerCase(Locale.ROOT) + "-" + i);
            threads.add(t);
        }
        KeyCache.enabled = mode == Mode.HTTP_KEY_CACHE;
        threads.forEach(Thread::start);
        Thread.sleep(warmupSeconds * 1000L);
        Resources.Snapshot before = probe.snapshot();
        long pairsBefore = pairs.sum();
        long t0 = System.nanoTime();
        flags.measuring = true;
        Thread.sleep(measureSeconds * 1000L);
        flags.measuring = false;
        long pairsAfter = pairs.sum();
        long t1 = System.nanoTime();
        Resources.Snapshot after = probe.snapshot();
        flags.stop = true;
        for (Thread t : threads) {
            t.join();
        }
        KeyCache.enabled = false;
        long[] all = latencies.stream()
                .flatMapToLong(b -> Arrays.stream(b, 0, (int) b[b.length - 1]))
                .sorted().toArray();
        if (errors.sum() > 0) {
            System.out.printf("  %s %d clients: %d errors, e.g.:%n", mode.label(), clients, errors.sum());
            errorSamples.forEach(e -> System.out.println("    " + e));
        }
        return new Phase(mode, clients, round, pairsAfter - pairsBefore, (t1 - t0) / 1e9, errors.sum(),
                percentile(all, 0.50), percentile(all, 0.99), Resources.between(before, after));
    }

    private static final class Flags {
        volatile boolean measuring;
        volatile boolean stop;
    }

    /** One reserve + complete over HTTP; null when both answered 2xx, otherwise what went wrong. */
    private String httpPair(UUID account) {
        try {
            HttpResponse<String> reserved = http.send(post("/v1/tasks",
                    "{\"account_id\":\"" + account + "\",\"credits\":" + RESERVE + "}"),
                    HttpResponse.BodyHandlers.ofString());
            if (reserved.statusCode() / 100 != 2) {
                return "POST /v1/tasks -> " + reserved.statusCode() + " " + reserved.body();
            }
            String id = field(reserved.body(), "id");
            HttpResponse<String> completed = http.send(post("/v1/tasks/" + id + "/complete",
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

    /** The same two calls, each in its own transaction as the request transaction filter would open. */
    private String directPair(UUID account) {
        try {
            Task task = transactions.execute(
                    s -> tasks.reserve(tenantId, account, RESERVE, Tasks.DEFAULT_TTL, null, "bench"));
            transactions.execute(s -> tasks.complete(tenantId, task.id(), USE));
            return null;
        } catch (RuntimeException e) {
            return "direct: " + e;
        }
    }

    private HttpRequest post(String path, String json) {
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

    private static String report(Options options, List<Phase> phases, int poolSize, String tomcatThreads,
            String pgVersion) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Arguments: `%s`. Initial JIT warm-up %d s per HTTP mode (direct a third "
                        + "of it), then per phase %d s warm-up and %d s measured; %d rounds per mode, alternating; "
                        + "medians shown. JDBC pool %d, Tomcat max threads %s, %d CPUs, Java %s, %s.%n%n",
                options.arguments(), options.initialWarmupSeconds(), options.warmupSeconds(),
                options.measureSeconds(), options.rounds(), poolSize, tomcatThreads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), pgVersion));
        List<Mode> others = options.modes().stream().filter(m -> m != Mode.DIRECT).toList();
        boolean direct = options.modes().contains(Mode.DIRECT);
        StringBuilder head = new StringBuilder("| clients |");
        StringBuilder rule = new StringBuilder("|--------:|");
        for (Mode mode : options.modes()) {
            head.append(' ').append(mode.label()).append(" pairs/s |");
            rule.append("------:|");
        }
        if (direct) {
            for (Mode mode : others) {
                head.append(' ').append(mode.label()).append(" / direct |");
                rule.append("------:|");
            }
        }
        for (Mode mode : options.modes()) {
            head.append(' ').append(mode.label()).append(" rounds |");
            rule.append("------|");
        }
        md.append(head).append('\n').append(rule).append('\n');
        for (int clients : options.clients()) {
            StringBuilder row = new StringBuilder("| " + clients + " |");
            for (Mode mode : options.modes()) {
                row.append(String.format(Locale.ROOT, " %,.0f |", median(rates(phases, mode, clients))));
            }
            if (direct) {
                double d = median(rates(phases, Mode.DIRECT, clients));
                for (Mode mode : others) {
                    row.append(String.format(Locale.ROOT, " %.2f |", median(rates(phases, mode, clients)) / d));
                }
            }
            for (Mode mode : options.modes()) {
                row.append(' ').append(list(rates(phases, mode, clients))).append(" |");
            }
            md.append(row).append('\n');
        }
        md.append("\nWhere the time goes, per reserve+complete pair, all rounds of a row pooled. CPU in ms: "
                + "load generator = the harness's client threads and the JDK HttpClient's threads; app threads = "
                + "Tomcat workers (HTTP) or the harness threads calling Tasks (direct); JVM other = the rest of "
                + "the process, with the part of its JIT compiler and GC threads (read from /proc/self/task); "
                + "other load = CPU used on the machine by other "
                + "processes. PostgreSQL figures from pg_stat_database / pg_stat_user_tables.\n\n");
        md.append("| mode | clients | p50 ms | p99 ms | load generator | app threads | JVM other (JIT, GC) | PostgreSQL "
                + "| total CPU | CPU w/o load generator | machine busy | other load | commits | api_keys lookups "
                + "| DB active ms | idle in tx ms |\n");
        md.append("|------|--------:|-------:|-------:|------:|------:|------:|------:|------:|------:|------:|------:"
                + "|------:|------:|------:|------:|\n");
        for (int clients : options.clients()) {
            for (Mode mode : options.modes()) {
                List<Phase> ps = phases.stream().filter(p -> p.mode() == mode && p.clients() == clients).toList();
                if (ps.isEmpty()) {
                    continue;
                }
                Resources r = ps.stream().map(Phase::used).reduce(Resources::plus).orElseThrow();
                long pairs = ps.stream().mapToLong(Phase::pairs).sum();
                double p50 = median(ps.stream().map(Phase::p50Millis).toList());
                double p99 = median(ps.stream().map(Phase::p99Millis).toList());
                md.append(String.format(Locale.ROOT,
                        "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f (%.2f, %.2f) | %.2f | %.2f | %.2f | %.0f%% | %.0f%% "
                                + "| %.2f | %.2f | %.2f | %.2f |%n",
                        mode.label(), clients, p50, p99, r.perPair(r.clientCpu(mode), pairs),
                        r.perPair(r.appCpu(mode), pairs), r.perPair(r.jvmOtherCpu(), pairs),
                        r.perPair(r.jitCpu, pairs), r.perPair(r.gcCpu, pairs),
                        r.perPair(r.postgresCpu, pairs), r.perPair(r.totalCpu(), pairs),
                        r.perPair(r.totalCpu() - r.clientCpu(mode), pairs),
                        100 * r.machineBusy(), 100 * r.machineNotOurs(),
                        (double) r.commits / pairs, (double) r.apiKeyScans / pairs, r.dbActiveMillis / pairs,
                        r.dbIdleInTxMillis / pairs));
            }
        }
        long errors = phases.stream().mapToLong(Phase::errors).sum();
        md.append(String.format(Locale.ROOT, "%nErrors (non-2xx responses or exceptions) in measured phases: %d%n",
                errors));
        return md.toString();
    }

    private static List<Double> rates(List<Phase> phases, Mode mode, int clients) {
        return phases.stream().filter(p -> p.mode() == mode && p.clients() == clients)
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

    // ---------------------------------------------------------------- setup

    record Setup(UUID tenantId, String secretKey, List<UUID> accounts) {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        static Setup create(HttpClient http, String baseUrl, String adminKey, int accounts) throws Exception {
            JsonNode tenant = call(http, baseUrl, adminKey, "/v1/tenants", Map.of(
                    "name", "bench-" + UUID.randomUUID(),
                    "settings", Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD",
                            "support_email", "bench@example.com")));
            UUID tenantId = UUID.fromString(tenant.get("id").asString());
            String secret = tenant.get("secret_key").get("key").asString();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                JsonNode account = call(http, baseUrl, secret, "/v1/accounts",
                        Map.of("external_id", "bench-" + i, "email", "bench" + i + "@example.com"));
                UUID id = UUID.fromString(account.get("id").asString());
                call(http, baseUrl, secret, "/v1/credit-grants",
                        Map.of("account_id", id.toString(), "credits", GRANT, "source", "promotional"));
                ids.add(id);
            }
            return new Setup(tenantId, secret, List.copyOf(ids));
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
        double tomcatCpu;
        double postgresCpu;
        double machineBusyCpu;
        double machineTotalCpu;
        long commits;
        long apiKeyScans;
        double dbActiveMillis;
        double dbIdleInTxMillis;
        double jitCpu;
        double gcCpu;

        double jvmOtherCpu() {
            return Math.max(0, processCpu - driverCpu - httpClientCpu - tomcatCpu);
        }

        /** The threads that ran the service code: Tomcat's workers, or the harness threads in direct mode. */
        double appCpu(Mode mode) {
            return mode.http() ? tomcatCpu : driverCpu;
        }

        /** The load generator: harness threads and the JDK HttpClient's own threads (HTTP mode only). */
        double clientCpu(Mode mode) {
            return mode.http() ? driverCpu + httpClientCpu : httpClientCpu;
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
            r.tomcatCpu = tomcatCpu + o.tomcatCpu;
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

        private final Connection connection;
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
