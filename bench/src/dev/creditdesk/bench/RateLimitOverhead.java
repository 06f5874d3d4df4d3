package dev.creditdesk.bench;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the rate limiter costs: two servers in one JVM on one embedded PostgreSQL, one with the
 * limiter on (limits so high nothing is refused) and
 * one with {@code creditdesk.rate-limits.enabled=false}; N clients read one account's balance with
 * one key, alternating the servers (ABBA) round after round. Not a test; see docs/benchmarks.md.
 * {@code --max-unsynced-tokens} is how many tokens the limited server takes from the key's bucket
 * before writing it (the limits are so high that the percentage of the burst never decides): 20 by
 * default, as for a key with the default burst of 200; 0 writes on every request, as before issue 17.
 *
 * <pre>bench/rate-limit-overhead.sh [--clients 8] [--warmup S] [--measure S] [--rounds N]
 *     [--max-unsynced-tokens 20]</pre>
 */
public final class RateLimitOverhead {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int clients = 8;
        int warmup = 20;
        int measure = 8;
        int rounds = 3;
        long maxUnsyncedTokens = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--measure" -> measure = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--max-unsynced-tokens" -> maxUnsyncedTokens = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dataDir = Files.createTempDirectory("creditdesk-bench-pg-");
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, true, false);
        List<ConfigurableApplicationContext> apps = new ArrayList<>();
        try {
            ConfigurableApplicationContext limited = start(postgres, adminKey, true, maxUnsyncedTokens);
            apps.add(limited);
            ConfigurableApplicationContext unlimited = start(postgres, adminKey, false, maxUnsyncedTokens);
            apps.add(unlimited);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String on = url(limited);
            String off = url(unlimited);
            JsonNode tenant = post(http, on, adminKey, "/v1/tenants", """
                    {"name":"bench-%s","settings":{"timezone":"UTC","holiday_country":"US","currency":"USD",
                     "support_email":"bench@example.com"}}""".formatted(UUID.randomUUID()));
            String key = tenant.get("secret_key").get("key").asString();
            String account = post(http, on, key, "/v1/accounts",
                    "{\"external_id\":\"bench\",\"email\":\"bench@example.com\"}").get("id").asString();
            String path = "/v1/accounts/" + account + "/balance";

            System.out.printf(Locale.ROOT, "warm-up %d s on each server, %d clients, max-unsynced-tokens %d%n",
                    warmup, clients, maxUnsyncedTokens);
            load(http, on + path, key, clients, warmup);
            load(http, off + path, key, clients, warmup);
            JdbcClient database = limited.getBean(JdbcClient.class);
            long writesBefore = bucketWrites(database);
            long requestsOn = 0;
            List<Double> withLimiter = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean onFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    boolean limiterOn = onFirst == (leg == 0);
                    Leg measured = load(http, (limiterOn ? on : off) + path, key, clients, measure);
                    double perSecond = measured.perSecond();
                    (limiterOn ? withLimiter : without).add(perSecond);
                    requestsOn += limiterOn ? measured.requests() : 0;
                    System.out.printf(Locale.ROOT, "round %d, limiter %s: %.0f requests/s%n", round + 1,
                            limiterOn ? "on " : "off", perSecond);
                }
            }
            double a = median(withLimiter);
            double b = median(without);
            System.out.printf(Locale.ROOT, "%n| clients | limiter on, req/s | limiter off, req/s | on / off | "
                    + "extra per request |%n|---:|---:|---:|---:|---:|%n| %d | %.0f | %.0f | %.2f | %.2f ms |%n",
                    clients, a, b, a / b, clients * (1 / a - 1 / b) * 1000);
            System.out.println("rounds on: " + withLimiter + ", off: " + without);
            long writes = bucketWrites(database) - writesBefore;
            System.out.printf(Locale.ROOT, "rate_limit_buckets rows written while measured: %d for %d requests "
                    + "with the limiter on (%.3f per request; from pg_stat_user_tables, flushed by 2 s pauses)%n",
                    writes, requestsOn, writes / (double) requestsOn);
        } finally {
            for (ConfigurableApplicationContext app : apps) {
                app.close();
            }
            postgres.close();
        }
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(EmbeddedPostgresServer postgres, String adminKey,
            boolean limiter, long maxUnsyncedTokens) {
        return new SpringApplicationBuilder(CreditdeskApplication.class).run(
                "--server.port=0",
                "--creditdesk.database.url=" + postgres.jdbcUrl(),
                "--creditdesk.database.user=postgres",
                "--creditdesk.demo.enabled=false",
                "--creditdesk.jobs.enabled=false",
                "--creditdesk.admin-key=" + adminKey,
                "--creditdesk.rate-limits.enabled=" + limiter,
                "--creditdesk.rate-limits.per-key.requests-per-second=1000000000",
                "--creditdesk.rate-limits.per-key.burst=1000000000",
                "--creditdesk.rate-limits.per-address.requests-per-second=1000000000",
                "--creditdesk.rate-limits.per-address.burst=1000000000",
                "--creditdesk.rate-limits.sync.max-unsynced-tokens=" + maxUnsyncedTokens,
                "--management.server.port=-1",
                "--logging.level.root=warn");
    }

    /** Rows of rate_limit_buckets inserted or updated so far; PostgreSQL's statistics lag up to a second. */
    private static long bucketWrites(JdbcClient database) throws InterruptedException {
        Thread.sleep(2_000);
        return database.sql("select coalesce(sum(n_tup_ins + n_tup_upd), 0) from pg_stat_user_tables "
                + "where relname = 'rate_limit_buckets'").query(Long.class).single();
    }

    private record Leg(double perSecond, long requests) {
    }

    /** Requests per second that {@code clients} threads get through in {@code seconds}; any non-200 fails the run. */
    private static Leg load(HttpClient http, String url, String key, int clients, int seconds)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .GET().build();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(response.statusCode() + " " + response.body());
                        }
                        done.increment();
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("requests failed", failures.get(0));
        }
        return new Leg(done.sum() / ((System.nanoTime() - started) / 1e9), done.sum());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String url(ConfigurableApplicationContext app) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    }

    private static JsonNode post(HttpClient http, String baseUrl, String key, String path, String body)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("setup: POST " + path + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
