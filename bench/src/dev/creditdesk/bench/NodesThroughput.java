package dev.creditdesk.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reserve+complete pairs per second over HTTP against 1, 2 or 3 nodes of the application sharing
 * one embedded PostgreSQL (not a test; see docs/benchmarks.md, "Several nodes"). The nodes are
 * Spring contexts in this one JVM, each with its own Tomcat, JDBC pool and beans, as
 * {@code ThreeNodesIT} runs them; the clients spread round-robin over the nodes in play. On one
 * machine the nodes share its cores, so the figure shows what several nodes cost (more
 * connections, more threads, lock waits on the same rows), not what they add.
 */
public final class NodesThroughput {

    private static final long RESERVE = 10;
    private static final long USE = 7;
    private static final long GRANT = 100_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Options(List<Integer> nodes, int clients, int accounts, int initialWarmupSeconds, int warmupSeconds,
            int measureSeconds, int rounds, String arguments) {

        static Options parse(String[] args) {
            List<Integer> nodes = List.of(1, 2, 3);
            int clients = 24;
            int accounts = 0;
            int initial = 30;
            int warmup = 3;
            int measure = 10;
            int rounds = 3;
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--nodes" -> nodes = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt)
                            .toList();
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--accounts" -> accounts = Integer.parseInt(value);
                    case "--initial-warmup" -> initial = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--measure" -> measure = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--help", "-h" -> {
                        System.out.println("""
                                usage: NodesThroughput [--nodes 1,2,3] [--clients 24] [--accounts N] [--initial-warmup S]
                                                       [--warmup S] [--measure S] [--rounds N]
                                  --nodes           node counts to measure (default 1,2,3); the most are started once
                                  --clients         concurrent HTTP clients, spread round-robin over the nodes (default 24)
                                  --accounts        accounts the clients share (default: one per client, no lock waits)
                                  --initial-warmup  seconds of load on every node before measuring (default 30)
                                  --warmup          seconds of load before each measurement (default 3)
                                  --measure         seconds measured per node count and round (default 10)
                                  --rounds          rounds; the node counts' order alternates between rounds (default 3)""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
                }
            }
            if (nodes.isEmpty() || nodes.stream().anyMatch(n -> n < 1 || n > 8)) {
                throw new IllegalArgumentException("--nodes: each between 1 and 8");
            }
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("--clients: between 1 and 256");
            }
            if (accounts < 0 || accounts > clients) {
                throw new IllegalArgumentException("--accounts: between 1 and --clients");
            }
            return new Options(nodes, clients, accounts == 0 ? clients : accounts, initial, warmup, measure, rounds,
                    String.join(" ", args));
        }
    }

    record Phase(int nodes, int round, long pairs, double seconds, long errors, double p50Millis, double p99Millis,
            int connections) {

        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    private final Options options;
    private final List<String> baseUrls;
    private final String secretKey;
    private final List<UUID> accounts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final EmbeddedPostgresServer postgres;

    private NodesThroughput(Options options, List<String> baseUrls, String secretKey, List<UUID> accounts,
            EmbeddedPostgresServer postgres) {
        this.options = options;
        this.baseUrls = baseUrls;
        this.secretKey = secretKey;
        this.accounts = accounts;
        this.postgres = postgres;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int maxNodes = options.nodes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path dataDir = Files.createTempDirectory("creditdesk-bench-nodes-pg-");
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        long started = System.nanoTime();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, true, false);
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        boolean failed = true;
        try {
            for (int n = 1; n <= maxNodes; n++) {
                // Command-line arguments win over application.properties; otherwise the shipped settings.
                nodes.add(new SpringApplicationBuilder(CreditdeskApplication.class).run("--server.port=0",
                        "--creditdesk.database.url=" + postgres.jdbcUrl(), "--creditdesk.database.user=postgres",
                        "--creditdesk.demo.enabled=false", "--creditdesk.jobs.enabled=false",
                        "--creditdesk.admin-key=" + adminKey,
                        "--creditdesk.rate-limits.per-key.requests-per-second=1000000000",
                        "--creditdesk.rate-limits.per-key.burst=1000000000",
                        "--spring.application.name=creditdesk-node-" + n, "--logging.level.root=warn"));
            }
            List<String> baseUrls = nodes.stream()
                    .map(c -> "http://localhost:" + c.getEnvironment().getProperty("local.server.port")).toList();
            int poolSize = nodes.get(0).getBean(HikariDataSource.class).getMaximumPoolSize();
            String tomcatThreads = nodes.get(0).getEnvironment().getProperty("server.tomcat.threads.max", "200");
            NodesThroughput bench = setup(options, baseUrls, adminKey, postgres);
            System.out.printf(Locale.ROOT, "Setup done in %.1f s: %d nodes, each JDBC pool %d and Tomcat max threads %s; "
                            + "%d clients on %d accounts; %d CPUs%n", (System.nanoTime() - started) / 1e9, maxNodes,
                    poolSize, tomcatThreads, options.clients(), options.accounts(),
                    Runtime.getRuntime().availableProcessors());
            List<Phase> phases = bench.run(maxNodes);
            String report = report(options, phases, poolSize, tomcatThreads);
            System.out.println();
            System.out.println(report);
            Path out = Path.of("target", "bench-nodes-results.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("(also written to " + out + ")");
            long errors = phases.stream().mapToLong(Phase::errors).sum();
            failed = errors > 0;
            if (failed) {
                System.out.println("FAILED: " + errors + " errors; figures are not valid");
            }
        } finally {
            for (ConfigurableApplicationContext node : nodes) {
                node.close();
            }
            postgres.close();
            if (Files.exists(dataDir)) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.out.printf(Locale.ROOT, "Total %.0f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(failed ? 1 : 0);
    }

    private static NodesThroughput setup(Options options, List<String> baseUrls, String adminKey,
            EmbeddedPostgresServer postgres) throws Exception {
        NodesThroughput probe = new NodesThroughput(options, baseUrls, null, List.of(), postgres);
        JsonNode tenant = probe.call(baseUrls.get(0), adminKey, "/v1/tenants", Map.of("name", "bench-" + UUID.randomUUID(),
                "settings", Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD",
                        "support_email", "bench@example.com")));
        String secret = tenant.get("secret_key").get("key").asString();
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < options.accounts(); i++) {
            JsonNode account = probe.call(baseUrls.get(0), secret, "/v1/accounts",
                    Map.of("external_id", "bench-" + i, "email", "bench" + i + "@example.com"));
            UUID id = UUID.fromString(account.get("id").asString());
            probe.call(baseUrls.get(0), secret, "/v1/credit-grants",
                    Map.of("account_id", id.toString(), "credits", GRANT, "source", "promotional"));
            accounts.add(id);
        }
        return new NodesThroughput(options, baseUrls, secret, List.copyOf(accounts), postgres);
    }

    private List<Phase> run(int maxNodes) throws Exception {
        if (options.initialWarmupSeconds() > 0) {
            Phase warm = phase(maxNodes, 0, 0, options.initialWarmupSeconds());
            System.out.printf(Locale.ROOT, "initial warm-up on %d nodes: %,.0f pairs/s, %d errors%n", maxNodes,
                    warm.pairsPerSecond(), warm.errors());
        }
        List<Phase> phases = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<Integer> order = new ArrayList<>(options.nodes());
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (int nodes : order) {
                Phase p = phase(nodes, round, options.warmupSeconds(), options.measureSeconds());
                phases.add(p);
                System.out.printf(Locale.ROOT, "%d node(s) round %d: %,6.0f pairs/s  p50 %6.1f ms  p99 %6.1f ms  "
                                + "errors %d  database connections %d%n", nodes, round, p.pairsPerSecond(),
                        p.p50Millis(), p.p99Millis(), p.errors(), p.connections());
            }
        }
        return phases;
    }

    /** {@link Options#clients()} threads, client i on node i % nodes and account i % accounts. */
    private Phase phase(int nodes, int round, int warmupSeconds, int measureSeconds) throws Exception {
        LongAdder pairs = new LongAdder();
        LongAdder errors = new LongAdder();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        List<long[]> latencies = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            String baseUrl = baseUrls.get(i % nodes);
            UUID account = accounts.get(i % accounts.size());
            long[] buffer = new long[1 << 16];
            latencies.add(buffer);
            threads.add(new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    String error = pair(baseUrl, account);
                    long elapsed = System.nanoTime() - t0;
                    if (error != null) {
                        errors.increment();
                        if (samples.size() < 10) {
                            samples.add(error);
                        }
                        continue;
                    }
                    pairs.increment();
                    if (measuring.get() && n < buffer.length - 1) {
                        buffer[n++] = elapsed;
                    }
                }
                buffer[buffer.length - 1] = n;
            }, "bench-client-" + i));
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmupSeconds * 1000L);
        long before = pairs.sum();
        long t0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measureSeconds * 1000L);
        measuring.set(false);
        long after = pairs.sum();
        long t1 = System.nanoTime();
        int connections = connections();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long[] all = latencies.stream().flatMapToLong(b -> Arrays.stream(b, 0, (int) b[b.length - 1])).sorted()
                .toArray();
        if (errors.sum() > 0) {
            System.out.printf("  %d nodes: %d errors, e.g.:%n", nodes, errors.sum());
            samples.forEach(e -> System.out.println("    " + e));
        }
        return new Phase(nodes, round, after - before, (t1 - t0) / 1e9, errors.sum(), percentile(all, 0.50),
                percentile(all, 0.99), connections);
    }

    private String pair(String baseUrl, UUID account) {
        try {
            HttpResponse<String> reserved = http.send(post(baseUrl + "/v1/tasks",
                    "{\"account_id\":\"" + account + "\",\"credits\":" + RESERVE + "}"), HttpResponse.BodyHandlers.ofString());
            if (reserved.statusCode() / 100 != 2) {
                return "POST /v1/tasks -> " + reserved.statusCode() + " " + reserved.body();
            }
            String id = JSON.readTree(reserved.body()).get("id").asString();
            HttpResponse<String> completed = http.send(post(baseUrl + "/v1/tasks/" + id + "/complete",
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

    private HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + secretKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private JsonNode call(String baseUrl, String key, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("setup: POST " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Connections open to the server (all nodes' pools), read from pg_stat_activity. */
    private int connections() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1) - 1;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String report(Options options, List<Phase> phases, int poolSize, String tomcatThreads) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Arguments: %s%n%d clients on %d accounts; each node JDBC pool %d, "
                        + "Tomcat max threads %s; medians of %d rounds%n%n",
                options.arguments().isEmpty() ? "(defaults)" : options.arguments(), options.clients(),
                options.accounts(), poolSize, tomcatThreads, options.rounds()));
        out.append("| nodes | pairs/s | vs 1 node | p50 ms | p99 ms | rounds (pairs/s) | database connections |\n");
        out.append("|------:|--------:|----------:|-------:|-------:|------------------|---------------------:|\n");
        Map<Integer, List<Phase>> byNodes = phases.stream().collect(Collectors.groupingBy(Phase::nodes));
        Double single = byNodes.containsKey(1) ? median(byNodes.get(1).stream().map(Phase::pairsPerSecond).toList()) : null;
        for (int nodes : options.nodes()) {
            List<Phase> ps = byNodes.get(nodes);
            double rate = median(ps.stream().map(Phase::pairsPerSecond).toList());
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %.1f | %.1f | %s | %d |%n", nodes, rate,
                    single == null ? "–" : String.format(Locale.ROOT, "%.2f", rate / single),
                    median(ps.stream().map(Phase::p50Millis).toList()), median(ps.stream().map(Phase::p99Millis).toList()),
                    ps.stream().map(p -> String.format(Locale.ROOT, "%.0f", p.pairsPerSecond()))
                            .collect(Collectors.joining(", ")),
                    ps.stream().mapToInt(Phase::connections).max().orElse(0)));
        }
        long errors = phases.stream().mapToLong(Phase::errors).sum();
        out.append(String.format(Locale.ROOT, "%nErrors: %d%n", errors));
        return out.toString();
    }
}
