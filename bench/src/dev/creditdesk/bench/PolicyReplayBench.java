package dev.creditdesk.bench;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.policy.ReplayReport;
import dev.creditdesk.refunds.PastDecisions;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay benchmark of issue 18 (not a test): a million past refund requests, generated in an
 * embedded PostgreSQL with set-based SQL, replayed under a candidate policy version with
 * {@link PastDecisions} and {@link PolicyReplay} in-process, beside what the database alone takes
 * to stream the same rows. Run it with {@code bench/policy-replay.sh}; see
 * docs/bench-notes/policy-replay.md.
 *
 * <p>{@code generate} builds a few hundred distinct, realistic facts in Java (plans, currencies
 * USD/EUR, tax, bonus credits, credits used, days since purchase, earlier refunds, tasks, ...),
 * snapshots them as the server does ({@link PolicyDocuments#snapshot}, less the one field that does
 * not read back: see {@link #snapshot}) and evaluates the shipped
 * tiered-usage policy on them for the proposals. SQL then writes the requests: each picks a
 * template by a seeded hash, and its times (received_at = requested_at, purchased_at, charged_at)
 * are the template's moved by whole days plus under an hour, which keeps every derived fact (days
 * and hours since purchase, the window) and so the decision: a replay of the shipped version must
 * find no change, which {@code run} checks before it measures anything.
 *
 * <p>Ids are UUIDv7 of the received time and rows are written in that order, as the service writes
 * them. Of the requests, about 1 % have a proposal without facts (made before snapshots existed,
 * not replayable: left out by the query), 3 % were decided by another policy (exceptions-only:
 * left out), 10 % have two proposals with facts (the latest, from another template, is the one
 * replayed) and the rest one.
 */
public final class PolicyReplayBench {

    static final String TENANT_NAME = "policy-replay-bench";
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** Received times fall in [START, START + DAYS days + 1 hour). */
    static final LocalDate START = LocalDate.of(2025, 12, 1);
    static final int DAYS = 365;
    static final Instant FROM = Instant.parse("2025-11-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        Path data = Path.of(options.getOrDefault("--data", "target/policy-replay/pg"));
        switch (args[0]) {
            case "generate" -> generate(data, Long.parseLong(options.getOrDefault("--requests", "1000000")),
                    Long.parseLong(options.getOrDefault("--seed", "42")),
                    Integer.parseInt(options.getOrDefault("--templates", "400")));
            case "run" -> run(data, Integer.parseInt(options.getOrDefault("--threads",
                            String.valueOf(Runtime.getRuntime().availableProcessors()))),
                    Path.of(options.getOrDefault("--candidate", "bench/policies/tiered-usage-candidate.yaml")),
                    Integer.parseInt(options.getOrDefault("--rounds", "3")),
                    Integer.parseInt(options.getOrDefault("--sample", "20000")),
                    !options.containsKey("--no-guard"), options.containsKey("--replay-only"),
                    Double.parseDouble(options.getOrDefault("--max-rate", "0")));
            case "explain" -> explain(data);
            default -> throw new IllegalArgumentException("unknown command " + args[0] + " (try --help)");
        }
        System.exit(0);
    }

    static final String USAGE = """
            usage: bench/policy-replay.sh generate [--requests 1000000] [--seed 42] [--templates 400] [--data DIR]
                   bench/policy-replay.sh run [--threads N] [--candidate FILE] [--rounds 3] [--sample 20000]
                                              [--data DIR] [--no-guard] [--replay-only] [--max-rate N]
              --data        the embedded PostgreSQL's data directory (default target/policy-replay/pg); kept
                            between generate and run. When a PostgreSQL already runs on it (e.g. the ledger
                            benchmark started with --data on the same directory), run connects to it.
              --threads     PolicyReplay worker threads (default: the number of CPUs)
              --sample      cases read into memory for the split of where the time goes (0: no split)
              --no-guard    skip the same-version replay that must find 0 changes
              --replay-only rounds replay only (no SQL baselines, no split): for running beside another load
              --max-rate    hand the replay at most N cases a second (default: as fast as it goes)""";

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " (try --help)");
            }
            if (args[i].equals("--no-guard") || args[i].equals("--replay-only")) {
                options.put(args[i], "true");
            } else if (i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException(args[i] + " needs a value (try --help)");
            }
        }
        return options;
    }

    // ---------------------------------------------------------------- the database

    /** The embedded PostgreSQL on {@code data}: the one already running there, or one started here. */
    record Database(String url, EmbeddedPostgresServer started) implements AutoCloseable {

        static Database open(Path data, boolean wipe) throws IOException {
            Path pid = data.resolve("postmaster.pid");
            if (Files.exists(pid)) {
                List<String> lines = Files.readAllLines(pid);
                boolean alive = ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive)
                        .orElse(false);
                if (alive) {
                    if (wipe) {
                        throw new IllegalStateException("a PostgreSQL runs on " + data + ": stop it before generate");
                    }
                    String url = "jdbc:postgresql://localhost:" + lines.get(3).trim() + "/postgres";
                    System.out.println("Connecting to the PostgreSQL already running on " + data + ": " + url);
                    return new Database(url, null);
                }
            }
            // never wipe here: the embedded library deletes a directory it wiped when it stops (generate
            // empties the directory itself before)
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0, false, false);
            Database db = new Database(server.jdbcUrl(), server);
            if (!wipe) {
                // data generated by an older checkout gets the migrations since (e.g. the index the replay
                // pages with); a PostgreSQL already running is the ledger benchmark's, which migrated it
                Flyway.configure().dataSource(db.url(), "postgres", "").load().migrate();
            }
            return db;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "postgres", "");
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    // ---------------------------------------------------------------- generate

    /** One distinct past request: its facts snapshot and what the shipped policy (and another) proposed. */
    record Template(int index, Facts facts, String factsJson, long purchaseOffsetSeconds, Instant requestedAt,
            Decision decision, Decision other, String plan, String currency, BigDecimal net, BigDecimal tax,
            BigDecimal fee, long credits, long bonusCredits, boolean delivered, BigDecimal refunded, String category,
            String channel) {
    }

    private static final String[][] PLANS = {
            // id, credits, USD net
            {"credits-100", "100", "9.90"}, {"credits-400", "400", "29.90"}, {"credits-1000", "1000", "69.00"},
            {"credits-5000", "5000", "299.00"}};
    private static final String[] CATEGORIES = {"change_of_mind", "change_of_mind", "change_of_mind",
            "unused_credits", "unused_credits", "partial_use", "quality", "quality", "other", "duplicate_charge"};
    private static final String[] COUNTRIES = {"US", "US", "US", "DE", "FR", "GB", "CA", "ES", ""};

    static List<Template> templates(int count, long seed, PolicyDocuments.Loaded shipped,
            PolicyDocuments.Loaded other) {
        Random random = new Random(seed);
        List<Template> templates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            templates.add(template(i, random, shipped, other));
        }
        return templates;
    }

    private static Template template(int index, Random r, PolicyDocuments.Loaded shipped,
            PolicyDocuments.Loaded other) {
        int p = pick(r, 30, 40, 20, 10);
        String plan = PLANS[p][0];
        long credits = Long.parseLong(PLANS[p][1]);
        boolean eur = r.nextInt(100) < 35;
        String currency = eur ? "EUR" : "USD";
        BigDecimal net = new BigDecimal(PLANS[p][2]);
        if (eur) {
            net = net.multiply(new BigDecimal("0.92")).setScale(2, RoundingMode.HALF_UP);
        }
        BigDecimal tax = eur ? net.multiply(new BigDecimal("0.19")).setScale(2, RoundingMode.HALF_UP)
                : r.nextInt(100) < 30 ? net.multiply(new BigDecimal("0.08")).setScale(2, RoundingMode.HALF_UP)
                : new BigDecimal("0.00");
        BigDecimal fee = r.nextInt(100) < 10 ? new BigDecimal("0.49") : new BigDecimal("0.00");
        BigDecimal total = net.add(tax).add(fee);
        long bonus = r.nextInt(100) < 25 ? credits / 10 : 0;
        long bonusUnused = bonus == 0 ? 0 : r.nextLong(bonus + 1);
        // share of the purchased credits used: a third within 10 %, some between 5 and 10 %, most
        // beyond, a tenth all of them
        double ratio = switch (pick(r, 25, 10, 45, 10, 10)) {
            case 0 -> r.nextDouble() * 0.05;
            case 1 -> 0.05 + r.nextDouble() * 0.05;
            case 2 -> 0.10 + r.nextDouble() * 0.85;
            case 3 -> 1.0;
            default -> r.nextDouble() * 0.5;
        };
        long used = Math.min(credits, Math.round(credits * ratio));
        long held = used < credits && r.nextInt(100) < 10 ? Math.min(credits - used, 1 + r.nextLong(credits / 20 + 1))
                : 0;
        boolean delivered = r.nextInt(100) >= 2;
        BigDecimal refunded = r.nextInt(100) < 5 ? net.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP)
                : new BigDecimal("0.00");
        String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
        String channel = switch (pick(r, 85, 10, 5)) {
            case 0 -> "web";
            case 1 -> "app_store";
            default -> "api";
        };
        // days from purchase to request: most within the 7-day window, a fifth after it
        int days = r.nextInt(100) < 80 ? r.nextInt(8) : 8 + r.nextInt(5);
        LocalTime requestTime = LocalTime.of(9 + r.nextInt(10), r.nextInt(60), r.nextInt(60));
        ZonedDateTime requested = START.atTime(requestTime).atZone(ZONE);
        ZonedDateTime purchased = days == 0 ? requested.minusMinutes(5 + r.nextInt(55))
                : requested.toLocalDate().minusDays(days).atTime(8 + r.nextInt(11), r.nextInt(60), r.nextInt(60))
                        .atZone(ZONE);
        long orders = 1 + r.nextInt(8);
        boolean hasTask = r.nextInt(100) < 20;
        boolean outage = r.nextInt(100) < 10;
        Facts facts = Facts.builder(ZONE, requested.toInstant())
                .anchor(Anchor.PURCHASE, purchased.toInstant())
                .anchor(Anchor.CHARGE, purchased.toInstant())
                .put("request", "category", category)
                .put("request", "evidence", r.nextInt(100) < 10 ? List.of("screenshot") : List.of())
                .put("request", "has_task", hasTask)
                .put("request", "task_failed", hasTask && r.nextInt(100) < 30)
                .put("request", "credits_consumed_by_task", hasTask ? (long) r.nextInt(50) : 0L)
                .put("request", "channel", channel)
                .put("order", "net", net)
                .put("order", "tax", tax)
                .put("order", "fee", fee)
                .put("order", "total", total)
                .put("order", "currency", currency)
                .put("order", "credits", credits)
                .put("order", "bonus_credits", bonus)
                .put("order", "used", used)
                .put("order", "held", held)
                .put("order", "unused", Math.max(0, credits - used - held))
                .put("order", "bonus_unused", bonusUnused)
                .put("order", "delivered", delivered)
                .put("order", "duplicate_charges", 0L)
                .put("order", "duplicate_amount", BigDecimal.ZERO)
                .put("order", "refunded", refunded)
                .put("order", "kind", "package")
                .put("order", "plan", plan)
                .put("order", "is_first_purchase", orders == 1)
                .put("order", "is_subscription", false)
                .put("order", "channel", channel)
                .put("order", "provider", r.nextInt(100) < 95 ? "stripe" : "manual")
                .put("account", "orders", orders)
                .put("account", "lifetime_used", used + (orders - 1) * r.nextInt(400))
                .put("account", "lifetime_refunds", (long) (r.nextInt(100) < 85 ? 0 : 1 + r.nextInt(2)))
                .put("account", "disputes", (long) (r.nextInt(100) < 98 ? 0 : 1))
                .put("account", "country", COUNTRIES[r.nextInt(COUNTRIES.length)])
                .put("account", "active_subscription", r.nextInt(100) < 10)
                .put("outage", "longest_hours", outage ? new BigDecimal("2.5") : BigDecimal.ZERO)
                .put("outage", "total_hours", outage ? new BigDecimal("3.75") : BigDecimal.ZERO)
                .put("dispute", "open", false)
                .put("dispute", "opened_before_request", false)
                .put("dispute", "status", "none")
                .put("subscription", "interval", "none").put("subscription", "status", "none")
                .put("subscription", "period", 0L).put("subscription", "is_renewal", false)
                .put("subscription", "cancel_at_period_end", false).put("subscription", "cancelled", false)
                .put("subscription", "months_elapsed", 0L).put("subscription", "months_left", 0L)
                .build();
        Decision decision = shipped.evaluate(facts);
        String factsJson = JSON.writeValueAsString(snapshot(facts));
        long offset = Duration.between(purchased.toInstant(), requested.toInstant()).toSeconds();
        Template t = new Template(index, facts, factsJson, offset, requested.toInstant(), decision,
                other.evaluate(facts), plan, currency, net, tax, fee, credits, bonus, delivered, refunded, category,
                channel);
        checkShifts(t, shipped);
        return t;
    }

    /**
     * PolicyDocuments.snapshot, less request.exact_hours_since_purchase: FactsWriter writes it as
     * derived (up to 34 digits, e.g. 73.51916666666666666666666666666667) and FactsReader refuses
     * more than 12 after the point, so a snapshot whose purchase is not a whole number of
     * 36-second steps before the request cannot be read back (found by this benchmark; reported to
     * the lead). The reader derives the field again from the anchors, so leaving it out is what the
     * one-line fix (the field among FactsWriter's DERIVED) would write.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> snapshot(Facts facts) {
        Map<String, Object> snapshot = PolicyDocuments.snapshot(facts);
        ((Map<String, Object>) snapshot.get("request")).remove("exact_hours_since_purchase");
        return snapshot;
    }

    /**
     * The snapshot moved by whole days and under an hour (as the SQL moves it) reads back into facts
     * the shipped policy decides as it decided the template.
     */
    @SuppressWarnings("unchecked")
    private static void checkShifts(Template t, PolicyDocuments.Loaded shipped) {
        PolicyReplay.Verdict expected = PolicyReplay.Verdict.of(t.decision());
        for (int days : new int[] {0, 97, 120, 180, 333, DAYS - 1}) {
            for (int seconds : new int[] {0, 3599}) {
                Instant requested = t.requestedAt().plus(Duration.ofDays(days)).plusSeconds(seconds);
                Map<String, Object> raw = JSON.readValue(t.factsJson(), Map.class);
                raw.put("requested_at", requested.toString());
                raw.put("purchased_at", requested.minusSeconds(t.purchaseOffsetSeconds()).toString());
                raw.put("charged_at", requested.minusSeconds(t.purchaseOffsetSeconds()).toString());
                PolicyReplay.Verdict got = PolicyReplay.Verdict.of(
                        shipped.evaluate(PolicyDocuments.facts(raw, ZONE.getId())));
                if (got.differs(expected)) {
                    throw new IllegalStateException("template " + t.index() + " moved by " + days + " days "
                            + seconds + " s decides " + got.label() + ", not " + expected.label());
                }
            }
        }
    }

    private static int pick(Random r, int... weights) {
        int n = r.nextInt(Arrays.stream(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            n -= weights[i];
            if (n < 0) {
                return i;
            }
        }
        throw new AssertionError();
    }

    static PolicyDocuments.Loaded load(Path file) throws IOException {
        return PolicyDocuments.standard().load(file.getFileName().toString(), Files.readString(file));
    }

    /** The status a case with this proposal would have reached. */
    private static String status(Decision d) {
        if (!d.automatic() || d.outcome() == Outcome.NEEDS_REVIEW) {
            return "in_review";
        }
        return d.outcome().refunds() ? "approved" : "rejected";
    }

    private static void generate(Path data, long requests, long seed, int templateCount) throws Exception {
        if (requests < 1 || templateCount < 1) {
            throw new IllegalArgumentException("--requests and --templates must be at least 1");
        }
        long started = System.nanoTime();
        PolicyDocuments.Loaded shipped = load(Path.of("policies/tiered-usage.yaml"));
        PolicyDocuments.Loaded other = load(Path.of("policies/exceptions-only.yaml"));
        List<Template> templates = templates(templateCount, seed, shipped, other);
        Map<String, Long> byRule = new java.util.TreeMap<>();
        templates.forEach(t -> byRule.merge(t.decision().ruleId() == null ? "-" : t.decision().ruleId(), 1L, Long::sum));
        System.out.printf(Locale.ROOT, "%d templates (rules of the shipped tiered-usage: %s), snapshots %d..%d "
                        + "characters%n", templates.size(), byRule,
                templates.stream().mapToInt(t -> t.factsJson().length()).min().orElse(0),
                templates.stream().mapToInt(t -> t.factsJson().length()).max().orElse(0));
        if (Files.exists(data)) {
            try (var paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Database db = Database.open(data, true)) {
            Flyway.configure().dataSource(db.url(), "postgres", "").load().migrate();
            System.out.printf(Locale.ROOT, "Migrated in %.1f s%n", (System.nanoTime() - started) / 1e9);
            try (Connection c = db.connect()) {
                fill(c, templates, requests, seed);
            }
        }
        System.out.printf(Locale.ROOT, "Generated %,d requests in %.0f s into %s%n", requests,
                (System.nanoTime() - started) / 1e9, data);
    }

    private static void fill(Connection c, List<Template> templates, long requests, long seed) throws SQLException {
        UUID tenant = UUID.nameUUIDFromBytes(("policy-replay-bench-" + seed).getBytes());
        long accounts = Math.max(1, requests / 5);
        try (Statement s = c.createStatement()) {
            s.execute("set synchronous_commit = off");
            s.execute("""
                    create temp table bench_templates (
                        idx int primary key, facts jsonb not null, proposal jsonb not null, other jsonb not null,
                        purchase_offset interval not null, requested_at timestamptz not null, plan text not null,
                        currency char(3) not null, net numeric(19, 4) not null, tax numeric(19, 4) not null,
                        fee numeric(19, 4) not null, credits bigint not null, bonus bigint not null,
                        delivered boolean not null, refunded numeric(19, 4) not null, category text not null,
                        channel text not null, outcome text not null, amount numeric(19, 4), status text not null,
                        other_version text not null, other_outcome text not null, other_amount numeric(19, 4),
                        other_status text not null)""");
        }
        try (PreparedStatement insert = c.prepareStatement("""
                insert into bench_templates values (?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),
                    make_interval(secs => ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Template t : templates) {
                int i = 1;
                insert.setInt(i++, t.index());
                insert.setString(i++, t.factsJson());
                insert.setString(i++, JSON.writeValueAsString(t.decision().toJson()));
                insert.setString(i++, JSON.writeValueAsString(t.other().toJson()));
                insert.setLong(i++, t.purchaseOffsetSeconds());
                insert.setObject(i++, t.requestedAt().atOffset(java.time.ZoneOffset.UTC));
                insert.setString(i++, t.plan());
                insert.setString(i++, t.currency());
                insert.setBigDecimal(i++, t.net());
                insert.setBigDecimal(i++, t.tax());
                insert.setBigDecimal(i++, t.fee());
                insert.setLong(i++, t.credits());
                insert.setLong(i++, t.bonusCredits());
                insert.setBoolean(i++, t.delivered());
                insert.setBigDecimal(i++, t.refunded());
                insert.setString(i++, t.category());
                insert.setString(i++, t.channel());
                insert.setString(i++, t.decision().outcome().wireName());
                insert.setBigDecimal(i++, t.decision().amount());
                insert.setString(i++, status(t.decision()));
                insert.setString(i++, t.other().policyVersion());
                insert.setString(i++, t.other().outcome().wireName());
                insert.setBigDecimal(i++, t.other().amount());
                insert.setString(i++, status(t.other()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // Every random choice is a seeded hash of the row number: the same --requests and --seed give
        // the same rows. kind: 0 facts null, 1 another policy, 2 two proposals, 3 one proposal.
        String[] steps = {
                "insert into tenants (id, name, timezone, holiday_country, currency, support_email, drawdown_order, "
                        + "policy_id, created_at, updated_at) values ('" + tenant + "', '" + TENANT_NAME + "', '"
                        + ZONE.getId() + "', 'US', 'USD', 'support@example.com', "
                        + "'{soonest_expiry,non_refundable_first,oldest_first}', 'tiered-usage', "
                        + "'2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z')",
                "insert into accounts (tenant_id, id, external_id, email, created_at) "
                        + "select '" + tenant + "', md5('a' || " + seed + " || '-' || a)::uuid, 'acct-' || a, "
                        + "'customer' || a || '@example.com', timestamptz '2025-01-01T00:00:00Z' + a * interval '1 s' "
                        + "from generate_series(1, " + accounts + ") a",
                "create temp table bench_rows as select i, "
                        + "((hashint8extended(i, " + seed + ") & 9223372036854775807) % " + templates.size() + ")::int tpl, "
                        + "((hashint8extended(i, " + (seed + 1) + ") & 9223372036854775807) % " + templates.size() + ")::int tpl2, "
                        + "case when (hashint8extended(i, " + (seed + 2) + ") & 9223372036854775807) % 1000 < 10 then 0 "
                        + "     when (hashint8extended(i, " + (seed + 2) + ") & 9223372036854775807) % 1000 < 40 then 1 "
                        + "     when (hashint8extended(i, " + (seed + 2) + ") & 9223372036854775807) % 1000 < 140 then 2 "
                        + "     else 3 end kind, "
                        + "(hashint8extended(i, " + (seed + 3) + ") & 9223372036854775807) % " + DAYS + " shift_days, "
                        + "(hashint8extended(i, " + (seed + 4) + ") & 9223372036854775807) % 3600 shift_seconds, "
                        + "md5('a' || " + seed + " || '-' || (1 + i % " + accounts + "))::uuid account_id, "
                        + "'customer' || (1 + i % " + accounts + ") || '@example.com' email "
                        + "from generate_series(1, " + requests + ") i",
                "alter table bench_rows add column received_at timestamptz, add column order_id uuid, "
                        + "add column request_id uuid",
                "update bench_rows b set received_at = t.requested_at + b.shift_days * interval '1 day' "
                        + "+ b.shift_seconds * interval '1 s' from bench_templates t where t.idx = b.tpl",
                // time-ordered ids, as the service makes them (UUIDv7: milliseconds, then random bits)
                "update bench_rows set order_id = " + uuid7("received_at - interval '1 hour'", "'o' || " + seed + " || '-' || i")
                        + ", request_id = " + uuid7("received_at", "'r' || " + seed + " || '-' || i"),
                "analyze bench_rows",
                "insert into orders (tenant_id, id, account_id, order_number, product_id, kind, purchased_at, currency, "
                        + "net, tax, fee, total, credits, bonus_credits, status, undelivered_reason, refunded, created_by, "
                        + "created_at, channel) "
                        + "select '" + tenant + "', b.order_id, b.account_id, 'ORD-' || b.i, t.plan, 'package', "
                        + "b.received_at - t.purchase_offset, t.currency, t.net, t.tax, t.fee, t.net + t.tax + t.fee, "
                        + "t.credits, t.bonus, case when not t.delivered then 'undelivered' when t.refunded > 0 "
                        + "then 'partially_refunded' else 'delivered' end, case when not t.delivered then 'payment pending' "
                        + "end, t.refunded, 'bench', b.received_at - t.purchase_offset, t.channel "
                        + "from bench_rows b join bench_templates t on t.idx = b.tpl order by b.received_at, b.i",
                "insert into refund_requests (tenant_id, id, account_id, order_id, email, order_number, purchase_date, "
                        + "category, reason, status, policy_id, policy_version, outcome, proposed_amount, proposal, "
                        + "received_at, decided_at, created_by) "
                        + "select '" + tenant + "', b.request_id, b.account_id, b.order_id, b.email, 'ORD-' || b.i, "
                        + "((b.received_at - t.purchase_offset) at time zone '" + ZONE.getId() + "')::date, t.category, "
                        + "'generated by bench/policy-replay.sh', "
                        + "case when b.kind = 1 then t.other_status else t.status end, "
                        + "case when b.kind = 1 then 'exceptions-only' else 'tiered-usage' end, "
                        + "case when b.kind = 1 then t.other_version else '2026-02-04' end, "
                        + "case when b.kind = 1 then t.other_outcome else t.outcome end, "
                        + "case when b.kind = 1 then t.other_amount else t.amount end, "
                        + "case when b.kind = 1 then t.other else t.proposal end, b.received_at, "
                        + "case when (case when b.kind = 1 then t.other_status else t.status end) <> 'in_review' "
                        + "then b.received_at + interval '2 hours' end, 'bench' "
                        + "from bench_rows b join bench_templates t on t.idx = b.tpl order by b.received_at, b.i",
                // the earlier proposal of the requests with two: another template's facts and proposal
                "insert into refund_request_proposals (tenant_id, refund_request_id, policy_id, policy_version, outcome, "
                        + "amount, proposal, trigger, evaluated_by, evaluated_at, facts) "
                        + "select '" + tenant + "', b.request_id, 'tiered-usage', '2026-02-04', t.outcome, t.amount, "
                        + "t.proposal, 'intake', 'system', b.received_at, " + facts("t", "b.received_at") + " "
                        + "from bench_rows b join bench_templates t on t.idx = b.tpl2 where b.kind = 2 order by b.received_at, b.i",
                "insert into refund_request_proposals (tenant_id, refund_request_id, policy_id, policy_version, outcome, "
                        + "amount, proposal, trigger, evaluated_by, evaluated_at, facts) "
                        + "select '" + tenant + "', b.request_id, "
                        + "case when b.kind = 1 then 'exceptions-only' else 'tiered-usage' end, "
                        + "case when b.kind = 1 then t.other_version else '2026-02-04' end, "
                        + "case when b.kind = 1 then t.other_outcome else t.outcome end, "
                        + "case when b.kind = 1 then t.other_amount else t.amount end, "
                        + "case when b.kind = 1 then t.other else t.proposal end, "
                        + "case when b.kind = 2 then 'evidence' else 'intake' end, 'system', "
                        + "b.received_at + case when b.kind = 2 then interval '1 hour' else interval '0' end, "
                        + "case when b.kind = 0 then null else " + facts("t", "b.received_at") + " end "
                        + "from bench_rows b join bench_templates t on t.idx = b.tpl order by b.received_at, b.i",
                "vacuum (analyze) tenants",
                "vacuum (analyze) accounts",
                "vacuum (analyze) orders",
                "vacuum (analyze) refund_requests",
                "vacuum (analyze) refund_request_proposals",
        };
        c.setAutoCommit(true);
        for (String step : steps) {
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                int rows = s.executeUpdate(step);
                System.out.printf(Locale.ROOT, "  %6.1f s  %,10d rows  %s%n", (System.nanoTime() - t0) / 1e9, rows,
                        step.length() > 90 ? step.substring(0, 90) + "..." : step);
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select pg_size_pretty(pg_total_relation_size('refund_requests')),
                       pg_size_pretty(pg_total_relation_size('refund_request_proposals')),
                       pg_size_pretty(pg_total_relation_size('orders')), pg_size_pretty(pg_database_size(current_database())),
                       (select count(*) from bench_rows where kind = 0), (select count(*) from bench_rows where kind = 1),
                       (select count(*) from bench_rows where kind = 2), (select count(*) from bench_rows where kind = 3),
                       (select min(received_at) from bench_rows), (select max(received_at) from bench_rows)""")) {
            rs.next();
            System.out.printf(Locale.ROOT, "Sizes: refund_requests %s, refund_request_proposals %s, orders %s, "
                            + "database %s%nRequests: %,d with facts null, %,d by exceptions-only, %,d with two proposals, "
                            + "%,d with one; received %s .. %s%n", rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9),
                    rs.getString(10));
        }
    }

    /** A version 7 UUID for the moment {@code at}, its random bits from md5 of {@code salt}. */
    private static String uuid7(String at, String salt) {
        return "(lpad(to_hex((extract(epoch from " + at + ") * 1000)::bigint), 12, '0') || '7' || substr(md5(" + salt
                + "), 1, 3) || '8' || substr(md5(" + salt + "), 4, 15))::uuid";
    }

    /** The template's snapshot with its times moved to a request received at {@code received}. */
    private static String facts(String t, String received) {
        String iso = "to_char((%s) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
        String purchased = received + " - " + t + ".purchase_offset";
        return t + ".facts || jsonb_build_object('requested_at', " + iso.formatted(received) + ", 'purchased_at', "
                + iso.formatted(purchased) + ", 'charged_at', " + iso.formatted(purchased) + ")";
    }

    // ---------------------------------------------------------------- run

    record Tenant(UUID id, String timezone) {
    }

    record Round(String what, long cases, double seconds, long changed, String money, long unreplayable) {
        double perSecond() {
            return cases / seconds;
        }
    }

    private static void run(Path data, int threads, Path candidateFile, int rounds, int sample, boolean guard,
            boolean replayOnly, double maxRate) throws Exception {
        PolicyDocuments.Loaded shipped = load(Path.of("policies/tiered-usage.yaml"));
        PolicyDocuments.Loaded candidate = load(candidateFile);
        if (!candidate.policy().id().equals("tiered-usage")) {
            throw new IllegalArgumentException("--candidate: the generated cases were decided by tiered-usage, not "
                    + candidate.policy().id());
        }
        System.out.printf(Locale.ROOT, "%d CPUs, %d replay threads, load average %s%n",
                Runtime.getRuntime().availableProcessors(), threads, loadAverage());
        try (Database db = Database.open(data, false)) {
            Tenant tenant;
            long requests;
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id, timezone from tenants where name = '" + TENANT_NAME + "'")) {
                if (!rs.next()) {
                    throw new IllegalStateException("no generated data in " + data + ": run generate first");
                }
                tenant = new Tenant(rs.getObject(1, UUID.class), rs.getString(2));
                requests = PastDecisions.requestsIn(c, tenant.id(), FROM, TO);
                c.rollback();
            }
            System.out.printf(Locale.ROOT, "%,d requests in the period%n", requests);
            if (guard) {
                Round same = replay(db, tenant, shipped, threads, "guard: shipped tiered-usage over itself", maxRate);
                print(same);
                if (same.changed() != 0 || same.unreplayable() != 0) {
                    System.out.println("FAILED: a replay of the version that decided must change nothing");
                    System.exit(1);
                }
            }
            List<Round> all = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // alternate which goes first, so neither always runs on a warmer cache
                List<Round> round = new ArrayList<>();
                if (r % 2 == 0) {
                    round.add(replay(db, tenant, candidate, threads, "replay candidate", maxRate));
                }
                if (!replayOnly) {
                    round.add(drain(db, tenant));
                    round.add(count(db, tenant));
                }
                if (r % 2 == 1) {
                    round.add(replay(db, tenant, candidate, threads, "replay candidate", maxRate));
                }
                round.forEach(PolicyReplayBench::print);
                all.addAll(round);
            }
            System.out.printf(Locale.ROOT, "%nMedians over %d rounds (load average now %s):%n", rounds, loadAverage());
            double replay = median(all, "replay candidate");
            System.out.printf(Locale.ROOT, "| what | cases | median s | cases/s | / SQL stream |%n|---|---:|---:|---:|---:|%n");
            long cases = all.stream().filter(x -> x.what().equals("replay candidate")).findFirst().orElseThrow().cases();
            if (replayOnly) {
                System.out.printf(Locale.ROOT, "| replay candidate, %d threads | %,d | %.2f | %,.0f | |%n", threads,
                        cases, replay, cases / replay);
            } else {
                double stream = median(all, "SQL: PastDecisions drained, no evaluation");
                double count = median(all, "SQL: count(*), sum(length(facts::text)) over the same join");
                System.out.printf(Locale.ROOT, "| replay candidate, %d threads | %,d | %.2f | %,.0f | %.2f |%n", threads,
                        cases, replay, cases / replay, replay / stream);
                System.out.printf(Locale.ROOT, "| SQL: PastDecisions drained, no evaluation | %,d | %.2f | %,.0f | 1.00 |%n",
                        cases, stream, cases / stream);
                System.out.printf(Locale.ROOT, "| SQL: count(*), sum(length(facts::text)), same join | %,d | %.2f | %,.0f | %.2f |%n",
                        cases, count, cases / count, count / stream);
                if (sample > 0) {
                    split(db, tenant, candidate, sample, stream / cases);
                }
            }
        }
    }

    private static double median(List<Round> rounds, String what) {
        double[] s = rounds.stream().filter(r -> r.what().equals(what)).mapToDouble(Round::seconds).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void print(Round r) {
        System.out.printf(Locale.ROOT, "%-60s %,10d cases %7.2f s %,9.0f cases/s  changed %,d  money %s%s%n",
                r.what(), r.cases(), r.seconds(), r.perSecond(), r.changed(), r.money(),
                r.unreplayable() == 0 ? "" : "  unreplayable " + r.unreplayable());
    }

    private static Round replay(Database db, Tenant tenant, PolicyDocuments.Loaded policy, int threads, String what,
            double maxRate) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = db.connect()) {
            PastDecisions cases = PastDecisions.open(c, tenant.id(), policy.policy().id(), FROM, TO);
            AtomicLong changes = new AtomicLong();
            ReplayReport report = new PolicyReplay(policy, tenant.timezone(), null, threads)
                    .replay(maxRate > 0 ? paced(cases, maxRate) : cases, change -> changes.incrementAndGet(),
                            done -> {
                                // a line per 200,000 cases, so a run stopped halfway still says how fast it went
                                if (done % 200_000 < 256) {
                                    System.out.printf(Locale.ROOT, "  %s: %,d cases in %.1f s%n", what, done,
                                            (System.nanoTime() - t0) / 1e9);
                                }
                            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            c.rollback();
            StringBuilder money = new StringBuilder();
            for (ReplayReport.MoneyTotal m : report.money()) {
                money.append(money.isEmpty() ? "" : ", ").append(m.currency()).append(' ')
                        .append(m.difference().toPlainString());
            }
            if (changes.get() != report.changed()) {
                throw new IllegalStateException("changes received " + changes + ", report says " + report.changed());
            }
            return new Round(what, report.replayed() + report.unreplayable(), seconds, report.changed(),
                    money.toString(), report.unreplayable());
        }
    }

    /** {@code cases} handed out at most {@code perSecond} a second (the reading thread sleeps when ahead). */
    static Iterator<PolicyReplay.PastCase> paced(Iterator<PolicyReplay.PastCase> cases, double perSecond) {
        long start = System.nanoTime();
        return new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
                return cases.hasNext();
            }

            @Override
            public PolicyReplay.PastCase next() {
                if (++n % 64 == 0) {
                    long due = start + (long) (n / perSecond * 1e9);
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                    }
                }
                return cases.next();
            }
        };
    }

    private static Round drain(Database db, Tenant tenant) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        long chars = 0;
        try (Connection c = db.connect()) {
            PastDecisions cases = PastDecisions.open(c, tenant.id(), "tiered-usage", FROM, TO);
            while (cases.hasNext()) {
                chars += cases.next().factsJson().length();
                n++;
            }
            c.rollback();
        }
        return new Round("SQL: PastDecisions drained, no evaluation", n, (System.nanoTime() - t0) / 1e9, 0,
                String.format(Locale.ROOT, "(%,d MB of facts text)", chars >> 20), 0);
    }

    /** The join PastDecisions reads a page at a time, in one query aggregated in the server. */
    static final String COUNT = """
            select count(*), sum(length(p.facts::text))
            from refund_requests r
            cross join lateral (
                select q.policy_id, q.proposal, q.facts from refund_request_proposals q
                where q.tenant_id = r.tenant_id and q.refund_request_id = r.id and q.facts is not null
                order by q.seq desc limit 1) p
            where r.tenant_id = ? and r.received_at >= ? and r.received_at < ? and p.policy_id = ?""";

    /** EXPLAIN (ANALYZE, BUFFERS) of the first page, of a page halfway through, and of the count. */
    private static void explain(Path data) throws Exception {
        try (Database db = Database.open(data, false); Connection c = db.connect()) {
            UUID tenant;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id from tenants where name = '" + TENANT_NAME + "'")) {
                rs.next();
                tenant = rs.getObject(1, UUID.class);
            }
            java.sql.Timestamp halfwayReceived;
            UUID halfwayId;
            try (PreparedStatement s = c.prepareStatement("""
                    select received_at, id from refund_requests where tenant_id = ? and received_at >= ? and received_at < ?
                    order by received_at, id offset (select count(*) / 2 from refund_requests where tenant_id = ?) limit 1""")) {
                s.setObject(1, tenant);
                s.setTimestamp(2, java.sql.Timestamp.from(FROM));
                s.setTimestamp(3, java.sql.Timestamp.from(TO));
                s.setObject(4, tenant);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    halfwayReceived = rs.getTimestamp(1);
                    halfwayId = rs.getObject(2, UUID.class);
                }
            }
            for (String query : List.of(PastDecisions.FIRST_PAGE, PastDecisions.NEXT_PAGE, COUNT)) {
                try (PreparedStatement s = c.prepareStatement("explain (analyze, buffers, verbose) " + query)) {
                    int i = 1;
                    s.setObject(i++, tenant);
                    s.setTimestamp(i++, java.sql.Timestamp.from(FROM));
                    s.setTimestamp(i++, java.sql.Timestamp.from(TO));
                    if (query.equals(PastDecisions.NEXT_PAGE)) {
                        s.setTimestamp(i++, halfwayReceived);
                        s.setObject(i++, halfwayId);
                    }
                    if (query.equals(COUNT)) {
                        s.setString(i++, "tiered-usage");
                    } else {
                        s.setInt(i++, 2_000);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            System.out.println(rs.getString(1));
                        }
                    }
                }
                System.out.println();
            }
        }
    }

    private static Round count(Database db, Tenant tenant) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(COUNT)) {
            s.setObject(1, tenant.id());
            s.setTimestamp(2, java.sql.Timestamp.from(FROM));
            s.setTimestamp(3, java.sql.Timestamp.from(TO));
            s.setString(4, "tiered-usage");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Round("SQL: count(*), sum(length(facts::text)) over the same join", rs.getLong(1),
                        (System.nanoTime() - t0) / 1e9, 0, String.format(Locale.ROOT, "(%,d MB of facts text)",
                                rs.getLong(2) >> 20), 0);
            }
        }
    }

    /**
     * Where a case's time goes, one thread, on {@code sample} cases held in memory (so no database):
     * JSON parsing, FactsReader, evaluation; each timed twice, the second counted.
     */
    @SuppressWarnings("unchecked")
    private static void split(Database db, Tenant tenant, PolicyDocuments.Loaded candidate, int sample,
            double streamPerCase) throws Exception {
        List<PolicyReplay.PastCase> cases = new ArrayList<>(sample);
        try (Connection c = db.connect()) {
            PastDecisions past = PastDecisions.open(c, tenant.id(), "tiered-usage", FROM, TO);
            while (past.hasNext() && cases.size() < sample) {
                cases.add(past.next());
            }
            c.rollback();
        }
        List<Map<String, Object>> raws = new ArrayList<>(cases.size());
        List<Facts> facts = new ArrayList<>(cases.size());
        double parse = 0;
        double read = 0;
        double evaluate = 0;
        for (int pass = 0; pass < 2; pass++) {
            raws.clear();
            facts.clear();
            parse = time(() -> cases.forEach(p -> raws.add(JSON.readValue(p.factsJson(), Map.class))));
            read = time(() -> raws.forEach(raw -> facts.add(PolicyDocuments.facts(raw, tenant.timezone(), null))));
            evaluate = time(() -> facts.forEach(f -> PolicyReplay.Verdict.of(candidate.evaluate(f))));
        }
        double n = cases.size();
        System.out.printf(Locale.ROOT, "%nWhere a case's time goes (one thread, %,d cases in memory; the stream from "
                + "the database measured above):%n| part | µs per case | s per 1M cases, one thread |%n|---|---:|---:|%n",
                cases.size());
        row("database stream (PastDecisions drained, the reading thread)", streamPerCase);
        row("JSON text -> Map (Jackson)", parse / n);
        row("Map -> Facts (FactsReader)", read / n);
        row("evaluate the candidate + Verdict", evaluate / n);
    }

    private static void row(String part, double secondsPerCase) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", part, secondsPerCase * 1e6, secondsPerCase * 1e6);
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
