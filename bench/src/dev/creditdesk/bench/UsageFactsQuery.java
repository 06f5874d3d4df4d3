package dev.creditdesk.bench;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import dev.creditdesk.usage.Usage;
import dev.creditdesk.usage.UsageSpan;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facts query of issue 13 (not a test): one account with 100,000 usage events in a table of
 * 10 million, and the usage aggregates a realistic policy reads (downloads since the purchase,
 * generations this period, minutes of audio over the lifetime) answered by {@link Usage#totals}
 * in-process, timed call by call. Beside it, in the same run, hand-written plain-JDBC count
 * queries over the raw events (no rollup). Run it with {@code bench/usage-facts.sh}; see
 * docs/benchmarks.md.
 *
 * <p>The filled database is kept (default {@code target/bench-usage-pg}) and reused by the next
 * run with the same sizes, since filling takes minutes; {@code --refill} starts again.
 */
public final class UsageFactsQuery {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] KINDS = {"download", "generation", "audio_minutes", "export"};
    private static final Duration HISTORY = Duration.ofDays(365);

    record Options(Path data, long events, long hot, int accounts, int warmup, int iterations, boolean refill) {

        static Options parse(String[] args) {
            Path data = Path.of("target/bench-usage-pg");
            long events = 10_000_000;
            long hot = 100_000;
            int accounts = 10_000;
            int warmup = 1_000;
            int iterations = 10_000;
            boolean refill = false;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data" -> data = Path.of(value);
                    case "--events" -> events = Long.parseLong(value);
                    case "--hot" -> hot = Long.parseLong(value);
                    case "--accounts" -> accounts = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--iterations" -> iterations = Integer.parseInt(value);
                    case "--refill" -> {
                        refill = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            return new Options(data, events, hot, accounts, warmup, iterations, refill);
        }
    }

    record Filled(UUID tenant, UUID hotAccount, Instant now) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        if (options.refill() && Files.exists(options.data())) {
            try (var paths = Files.walk(options.data())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(options.data(), 0, false, false);
        ConfigurableApplicationContext app = null;
        try {
            app = new SpringApplicationBuilder(CreditdeskApplication.class).run(
                    "--server.port=0",
                    "--creditdesk.database.url=" + postgres.jdbcUrl(),
                    "--creditdesk.database.user=postgres",
                    "--creditdesk.demo.enabled=false",
                    "--creditdesk.jobs.enabled=false",
                    "--creditdesk.admin-key=" + adminKey,
                    "--management.server.port=-1",
                    "--logging.level.root=warn");
            DataSource dataSource = app.getBean(DataSource.class);
            Usage usage = app.getBean(Usage.class);
            Filled filled;
            try (Connection c = dataSource.getConnection()) {
                filled = existing(c, options);
                if (filled == null) {
                    filled = fill(c, options, url(app), adminKey);
                }
                printSizes(c);
            }
            run(options, filled, usage, dataSource);
        } finally {
            if (app != null) {
                app.close();
            }
            postgres.close();
        }
        System.exit(0);
    }

    /** The spans of the policy's three aggregates for one request, edges moved by up to a day each time. */
    private static List<UsageSpan> spans(Filled filled, Random random) {
        Instant requestedAt = filled.now().minusSeconds(random.nextInt(86_400));
        Instant purchase = requestedAt.minus(Duration.ofDays(9)).minusSeconds(random.nextInt(86_400));
        Instant renewal = requestedAt.minus(Duration.ofDays(20)).minusSeconds(random.nextInt(86_400));
        return List.of(new UsageSpan("download", purchase, requestedAt),
                new UsageSpan("generation", renewal, requestedAt),
                new UsageSpan("audio_minutes", null, requestedAt));
    }

    private static void run(Options options, Filled filled, Usage usage, DataSource dataSource) throws Exception {
        Random random = new Random(13);
        // the rollup path must agree with plain counts before its speed means anything
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < 20; i++) {
                List<UsageSpan> spans = spans(filled, random);
                List<UsageTotal> totals = usage.totals(filled.tenant(), filled.hotAccount(), spans);
                for (int s = 0; s < spans.size(); s++) {
                    UsageTotal plain = plainCount(c, filled, spans.get(s));
                    if (plain.count() != totals.get(s).count()
                            || plain.quantity().compareTo(totals.get(s).quantity()) != 0) {
                        throw new IllegalStateException("span " + spans.get(s) + ": facts query " + totals.get(s)
                                + ", plain count " + plain);
                    }
                }
                if (i == 0) {
                    System.out.println("facts of one request: " + spans.stream().map(UsageSpan::kind).toList()
                            + " -> " + totals);
                }
            }
        }
        System.out.printf(Locale.ROOT, "warm-up %d rounds, then %d timed rounds; each round calls the three "
                + "in turn (rotating which goes first), so all three see the same load%n", options.warmup(),
                options.iterations());
        List<Row> rows;
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        try (Connection c = dataSource.getConnection()) {
            Timed facts = () -> usage.totals(filled.tenant(), filled.hotAccount(), spans(filled, random));
            Timed oneCount = () -> plainCount(c, filled, spans(filled, random).get(0));
            Timed threeCounts = () -> {
                for (UsageSpan span : spans(filled, random)) {
                    plainCount(c, filled, span);
                }
            };
            rows = measure(List.of("facts query: Usage.totals, 3 aggregates (rollup + edge days)",
                    "baseline: one plain count, downloads since purchase (JDBC)",
                    "without rollup: 3 plain counts over raw events (JDBC)"),
                    List.of(facts, oneCount, threeCounts), options);
        }
        System.out.printf(Locale.ROOT, "%nload average before: %s, after: %s (%d cores)%n", loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%n| query | p50 ms | p99 ms | max ms | p50 / baseline p50 |%n"
                + "|---|---:|---:|---:|---:|%n");
        double baseline = rows.get(1).p50();
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f |%n", row.name(), row.p50(), row.p99(),
                    row.max(), row.p50() / baseline);
        }
    }

    interface Timed {
        void call() throws Exception;
    }

    record Row(String name, double p50, double p99, double max) {
    }

    private static List<Row> measure(List<String> names, List<Timed> timed, Options options) throws Exception {
        int n = timed.size();
        for (int i = 0; i < options.warmup(); i++) {
            for (Timed t : timed) {
                t.call();
            }
        }
        long[][] nanos = new long[n][options.iterations()];
        for (int i = 0; i < options.iterations(); i++) {
            for (int k = 0; k < n; k++) {
                int which = (i + k) % n;
                long start = System.nanoTime();
                timed.get(which).call();
                nanos[which][i] = System.nanoTime() - start;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long[] sorted = nanos[k];
            Arrays.sort(sorted);
            rows.add(new Row(names.get(k), sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6));
        }
        return rows;
    }

    /** The hand-written query: count and sum of one kind's raw events in the span. */
    private static UsageTotal plainCount(Connection c, Filled filled, UsageSpan span) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                select count(*), coalesce(sum(quantity), 0) from usage_events
                where tenant_id = ? and account_id = ? and kind = ? and occurred_at >= ? and occurred_at <= ?""")) {
            s.setObject(1, filled.tenant());
            s.setObject(2, filled.hotAccount());
            s.setString(3, span.kind());
            s.setTimestamp(4, Timestamp.from(span.from() == null ? Instant.parse("2000-01-01T00:00:00Z") : span.from()));
            s.setTimestamp(5, Timestamp.from(span.to()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new UsageTotal(rs.getLong(1), rs.getBigDecimal(2));
            }
        }
    }

    private static Filled existing(Connection c, Options options) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists bench_usage_fill (tenant_id uuid, hot_account uuid, now timestamptz, "
                    + "events bigint, hot bigint, accounts int)");
            try (ResultSet rs = s.executeQuery("select tenant_id, hot_account, now, events, hot, accounts "
                    + "from bench_usage_fill")) {
                if (rs.next() && rs.getLong("events") == options.events() && rs.getLong("hot") == options.hot()
                        && rs.getInt("accounts") == options.accounts()) {
                    System.out.println("reusing the filled database in " + options.data());
                    return new Filled(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getTimestamp(3).toInstant());
                }
            }
        }
        if (count(c, "select count(*) from usage_events") > 0) {
            throw new IllegalStateException(options.data() + " holds another fill: pass --refill");
        }
        return null;
    }

    private static Filled fill(Connection c, Options options, String url, String adminKey) throws Exception {
        long started = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode tenant = post(http, url, adminKey, "/v1/tenants", """
                {"name":"bench-%s","settings":{"timezone":"UTC","holiday_country":"US","currency":"USD",
                 "support_email":"bench@example.com"}}""".formatted(UUID.randomUUID()));
        UUID tenantId = UUID.fromString(tenant.get("id").asString());
        String key = tenant.get("secret_key").get("key").asString();
        UUID hot = UUID.fromString(post(http, url, key, "/v1/accounts",
                "{\"external_id\":\"hot\",\"email\":\"hot@example.com\"}").get("id").asString());
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("set maintenance_work_mem = '1GB'");
            s.execute("insert into accounts (tenant_id, id, external_id, email, created_at) select '" + tenantId
                    + "', gen_random_uuid(), 'bench-' || g, 'b' || g || '@example.com', now() "
                    + "from generate_series(1, " + (options.accounts() - 1) + ") g");
            // bulk load without indexes, then build them: minutes instead of hours
            s.execute("alter table usage_events drop constraint usage_events_pkey");
            s.execute("alter table usage_events drop constraint usage_events_tenant_id_account_id_fkey");
            s.execute("drop index usage_events_external_id, usage_events_task, usage_events_span, "
                    + "usage_events_account_id");
            String kinds = "(array['" + String.join("','", KINDS) + "'])[1 + g %% " + KINDS.length + "]";
            String insert = "insert into usage_events (tenant_id, id, external_id, account_id, kind, quantity, unit, "
                    + "occurred_at, created_at) select '%s', gen_random_uuid(), '%s' || g, %s, " + kinds + ", "
                    + "case when g %% 4 = 2 then (g %% 90) / 4.0 else 1 end, null, "
                    + "timestamptz '" + now + "' - (hashint8(g) & 1073741823) %% " + HISTORY.toSeconds()
                    + " * interval '1 second', timestamptz '" + now + "' from generate_series(%d, %d) g%s";
            s.execute(insert.formatted(tenantId, "hot-", "'" + hot + "'::uuid", 1, options.hot(), ""));
            long rest = options.events() - options.hot();
            long chunk = 1_000_000;
            for (long from = 1; from <= rest; from += chunk) {
                long to = Math.min(rest, from + chunk - 1);
                s.execute(insert.formatted(tenantId, "ev-", "a.id", from, to, " join (select id, row_number() over "
                        + "(order by id) - 1 as n from accounts where tenant_id = '" + tenantId + "' and id <> '" + hot
                        + "') a on a.n = g % " + (options.accounts() - 1)));
                System.out.printf(Locale.ROOT, "filled %,d of %,d events (%.0f s)%n", options.hot() + to,
                        options.events(), (System.nanoTime() - started) / 1e9);
            }
            System.out.println("building indexes");
            s.execute("alter table usage_events add primary key (tenant_id, id)");
            s.execute("alter table usage_events add constraint usage_events_tenant_id_account_id_fkey "
                    + "foreign key (tenant_id, account_id) references accounts (tenant_id, id)");
            s.execute("create unique index usage_events_external_id on usage_events (tenant_id, external_id) "
                    + "where external_id is not null");
            s.execute("create unique index usage_events_task on usage_events (tenant_id, task_id) "
                    + "where task_id is not null");
            s.execute("create index usage_events_span on usage_events (tenant_id, account_id, kind, occurred_at) "
                    + "include (quantity)");
            s.execute("create index usage_events_account_id on usage_events (tenant_id, account_id, id desc)");
            System.out.println("rolling up days");
            s.execute("insert into usage_daily (tenant_id, account_id, kind, day, count, quantity) "
                    + "select tenant_id, account_id, kind, cast(occurred_at at time zone 'UTC' as date), count(*), "
                    + "sum(quantity) from usage_events group by 1, 2, 3, 4");
            s.execute("vacuum analyze usage_events");
            s.execute("vacuum analyze usage_daily");
            s.execute("delete from bench_usage_fill");
            s.execute("insert into bench_usage_fill values ('" + tenantId + "', '" + hot + "', '" + now + "', "
                    + options.events() + ", " + options.hot() + ", " + options.accounts() + ")");
        }
        System.out.printf(Locale.ROOT, "filled in %.0f s: %,d events, %,d of them for one account%n",
                (System.nanoTime() - started) / 1e9, count(c, "select count(*) from usage_events"),
                count(c, "select count(*) from usage_events where account_id = '" + hot + "'"));
        return new Filled(tenantId, hot, now);
    }

    private static void printSizes(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select pg_size_pretty(pg_relation_size('usage_events')),
                       pg_size_pretty(pg_indexes_size('usage_events')),
                       pg_size_pretty(pg_total_relation_size('usage_daily')),
                       (select count(*) from usage_daily),
                       current_setting('shared_buffers')""")) {
            rs.next();
            System.out.printf("usage_events %s + indexes %s; usage_daily %s (%,d rows); shared_buffers %s%n",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
