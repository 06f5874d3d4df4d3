package dev.creditdesk.cli;

import dev.creditdesk.policy.BusinessDays;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyException;
import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.policy.ReplayReport;
import dev.creditdesk.refunds.HandlingTime;
import dev.creditdesk.refunds.PastDecisions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code creditdesk policy simulate CANDIDATE.yaml --tenant ID}: replays a candidate version of a
 * policy over the tenant's past cases that policy decided, read a page at a time in read-only
 * transactions, and prints what would have gone otherwise (money, credits, reviews, rules), with
 * every changed case in a CSV or JSON file if asked. It never writes to the database: every
 * transaction on its connection is read-only.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Replay a candidate policy version over a tenant's past cases (those its "
        + "policy id decided, received in [--from, --to)) and compare what the candidate decides with what they got. "
        + "Reads in read-only transactions, a page of past cases at a time; writes nothing to the database.")
final class SimulateCommand implements Callable<Integer> {

    /** The handling time per reviewed case when the tenant's decisions do not show one. */
    static final Duration DEFAULT_HANDLING = Duration.ofMinutes(10);
    static final Duration DEFAULT_PERIOD = Duration.ofDays(90);
    /** The longest handling time the option takes, a working day: anything longer is a typo. */
    static final BigDecimal MAX_HANDLING_MINUTES = BigDecimal.valueOf(8 * 60);
    static final int MAX_THREADS = 256;
    static final List<String> CSV_COLUMNS = List.of("case_id", "received_at", "currency", "before_outcome",
            "before_rule", "before_amount", "before_credits_removed", "before_review", "after_outcome", "after_rule",
            "after_amount", "after_credits_removed", "after_review", "money_difference");

    private static final Comparator<PolicyReplay.Change> BY_RECEIVED = Comparator
            .comparing(PolicyReplay.Change::receivedAt).thenComparing(PolicyReplay.Change::caseId);

    @Parameters(index = "0", paramLabel = "CANDIDATE.yaml", description = "The candidate policy version; its id "
            + "names the policy whose past cases are replayed.")
    Path file;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", description = "The tenant whose cases "
            + "are replayed (its timezone and holiday country are read from the database).")
    String tenant;

    @Option(names = "--from", paramLabel = "DATE|INSTANT", description = "Cases received from (inclusive): a date "
            + "(midnight in the tenant's timezone) or an RFC 3339 instant. Default: 90 days before --to.")
    String from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", description = "Cases received before (exclusive), as "
            + "--from. Default: now.")
    String to;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads evaluating cases (default: the "
            + "available processors).")
    Integer threads;

    @Option(names = "--max-rate", paramLabel = "N", description = "At most N past cases a second, to spare a "
            + "database that serves the service (default: 0, as fast as it goes).")
    int maxRate;

    @Option(names = "--handling-minutes", paramLabel = "M", description = "Minutes a person spends per reviewed "
            + "case (default: measured from the tenant's decisions of the last 90 days, else 10).")
    BigDecimal handlingMinutes;

    @Option(names = "--holiday-country", paramLabel = "XX", description = "The holiday country (ISO 3166) business "
            + "days are counted with (default: the tenant's).")
    String holidayCountry;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every changed case to FILE as CSV.")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report and every changed case to FILE "
            + "as JSON.")
    Path json;

    @Option(names = "--quiet", description = "No progress bar on standard error.")
    boolean quiet;

    @Mixin
    DatabaseCommands.DatabaseOptions database;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Where elapsed time for the progress bar comes from; display only. */
    LongSupplier nanoTime = System::nanoTime;

    /** The tenant's settings a replay needs. */
    record TenantSettings(ZoneId timezone, String holidayCountry) {
    }

    @Override
    public Integer call() {
        CreditdeskCli cli = (CreditdeskCli) spec.commandLine().getParent().getParent().getCommand();
        PrintWriter out = cli.out();
        PrintWriter err = spec.commandLine().getErr();
        PolicyDocuments.Loaded candidate;
        UUID tenantId;
        int workers;
        try {
            tenantId = tenantId(tenant);
            workers = threads(threads);
            checkHandlingMinutes(handlingMinutes);
            if (maxRate < 0) {
                throw new IllegalArgumentException("--max-rate: " + maxRate + " is not 0 (unpaced) or more");
            }
            checkWritable("--csv", csv);
            checkWritable("--json", json);
            if (holidayCountry != null) {
                CreditdeskCli.businessDays(holidayCountry);
            }
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot be read (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
            try {
                candidate = PolicyDocuments.standard().load(file.toString(), yaml);
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                return CreditdeskCli.INVALID;
            }
        } catch (RuntimeException e) {
            return cli.fail(e);
        }

        Instant now = cli.clock().instant();
        String policyId = candidate.policy().id();
        List<PolicyReplay.Change> changes = new ArrayList<>();
        ReplayReport report;
        HandlingTime handling;
        Instant start;
        Instant end;
        TenantSettings settings;
        try (DatabaseCommands.Connected connected = database.connect(cli.env(), out);
                Connection connection = connected.target().connect()) {
            try {
                readOnlySnapshot(connection);
                settings = tenantSettings(connection, tenantId);
                end = to == null ? now : instant("--to", to, settings.timezone());
                start = from == null ? end.minus(DEFAULT_PERIOD) : instant("--from", from, settings.timezone());
                if (!start.isBefore(end)) {
                    throw new IllegalArgumentException("--from: " + start + " is not before --to " + end);
                }
                BusinessDays businessDays = CreditdeskCli.businessDays(
                        holidayCountry != null ? holidayCountry : settings.holidayCountry());
                handling = handlingMinutes != null
                        ? HandlingTime.given(Duration.ofMillis(handlingMinutes.multiply(BigDecimal.valueOf(60_000))
                                .longValue()))
                        : HandlingTime.measure(connection, tenantId, now, DEFAULT_HANDLING);
                // the settings were read in one snapshot; the past cases are read a page at a time, each
                // page in a transaction of its own, so that no snapshot is held for the whole replay
                connection.rollback();
                long total = PastDecisions.requestsIn(connection, tenantId, start, end);
                Progress progress = new Progress(quiet ? null : err, total, nanoTime);
                PastDecisions cases = PastDecisions.open(connection, tenantId, policyId, start, end);
                report = new PolicyReplay(candidate, settings.timezone().getId(), businessDays, workers)
                        .replay(PolicyReplay.paced(cases, maxRate), changes::add, progress::update);
                progress.finish();
            } finally {
                rollback(connection);
            }
        } catch (SQLException e) {
            return cli.fail(new IllegalStateException("database: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cli.fail(new IllegalStateException("interrupted: nothing was written"));
        } catch (RuntimeException e) {
            return cli.fail(e);
        }

        changes.sort(BY_RECEIVED);
        try {
            if (json != null) {
                writeJson(json, report, handling, tenantId, start, end, changes);
            }
            if (csv != null) {
                writeCsv(csv, changes);
            }
        } catch (IOException | UncheckedIOException e) {
            return cli.fail(new IllegalStateException("cannot write the export: " + e.getMessage(), e));
        }
        summary(out, report, handling, tenantId, settings.timezone(), start, end);
        if (json != null) {
            out.println("wrote the report and " + changes.size() + " changed cases to " + json);
        }
        if (csv != null) {
            out.println("wrote " + changes.size() + " changed cases to " + csv);
        }
        out.flush();
        return 0;
    }

    /** Autocommit off, one repeatable-read read-only transaction: every read sees one snapshot, no write is taken. */
    static void readOnlySnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
        }
    }

    /**
     * Ends the read-only transaction. A connection that cannot even roll back is closed next,
     * which ends it too; the error that came first is the one worth telling.
     */
    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing the connection discards the transaction
        }
    }

    static TenantSettings tenantSettings(Connection connection, UUID tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select timezone, holiday_country from tenants where id = ?")) {
            select.setObject(1, tenantId);
            try (ResultSet rs = executeQuery(select)) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("--tenant: no tenant " + tenantId + " in this database");
                }
                ZoneId zone;
                try {
                    zone = ZoneId.of(rs.getString(1));
                } catch (DateTimeException e) {
                    throw new IllegalStateException("tenant " + tenantId + " has a timezone Java does not know: '"
                            + rs.getString(1) + "'");
                }
                String country = rs.getString(2);
                return new TenantSettings(zone, country == null || country.isBlank() ? null : country);
            }
        }
    }

    /** The first query: a database without Creditdesk's tables is said so, not as PostgreSQL's error. */
    private static ResultSet executeQuery(PreparedStatement select) throws SQLException {
        try {
            return select.executeQuery();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new IllegalArgumentException("the database has no tenants table: it is not a Creditdesk "
                        + "database (check --url or --data-directory)");
            }
            throw e;
        }
    }

    static UUID tenantId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tenant: '" + value + "' is not a tenant id (a UUID)");
        }
    }

    static int threads(Integer value) {
        int n = value == null ? Runtime.getRuntime().availableProcessors() : value;
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("--threads: " + n + " is not between 1 and " + MAX_THREADS);
        }
        return n;
    }

    static void checkHandlingMinutes(BigDecimal minutes) {
        // at most two decimals: 1e-400000000 is more than 0 but no time a person spends
        if (minutes != null && (minutes.signum() <= 0 || minutes.compareTo(MAX_HANDLING_MINUTES) > 0
                || minutes.stripTrailingZeros().scale() > 2)) {
            throw new IllegalArgumentException("--handling-minutes: " + minutes
                    + " is not more than 0 and at most " + MAX_HANDLING_MINUTES + " with at most two decimals");
        }
    }

    /** Refuses, before any replay, an export whose folder does not exist or cannot be written. */
    static void checkWritable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new IllegalArgumentException(option + ": cannot write " + file
                    + " (not a file in a writable folder)");
        }
    }

    /**
     * A date (midnight in {@code zone}) or an RFC 3339 instant. Named by {@code option} when it is
     * neither.
     */
    static Instant instant(String option, String value, ZoneId zone) {
        try {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + ": '" + value + "' is neither a date (2026-01-01) nor "
                        + "an RFC 3339 instant (2026-01-01T00:00:00Z)");
            }
        }
    }

    // ---- the summary

    static void summary(PrintWriter out, ReplayReport report, HandlingTime handling, UUID tenantId, ZoneId zone,
            Instant start, Instant end) {
        out.println("policy " + report.policyId() + " version " + report.version() + " replayed over tenant "
                + tenantId + "'s cases received from " + start + " to " + end + " (" + zone + ")");
        out.println("replayed: " + grouped(report.replayed()) + ", changed: " + grouped(report.changed())
                + ", unchanged: " + grouped(report.replayed() - report.changed()) + ", unreplayable: "
                + grouped(report.unreplayable()));
        if (report.money().isEmpty()) {
            out.println("money refunded: none");
        }
        for (ReplayReport.MoneyTotal money : report.money()) {
            out.println("money refunded (" + money.currency() + "): before " + money.before().toPlainString()
                    + ", after " + money.after().toPlainString() + ", difference " + signed(money.difference()));
        }
        out.println("credits removed: before " + grouped(report.credits().before()) + ", after "
                + grouped(report.credits().after()) + ", difference " + signed(report.credits().difference()));
        Duration agentTime = report.agentTime(handling.perCase());
        out.println("cases a person reviews: before " + grouped(report.review().before()) + ", after "
                + grouped(report.review().after()) + ", difference " + signed(report.review().difference())
                + "; agent time " + hoursAndMinutes(agentTime) + " at " + minutes(handling.perCase())
                + " min per case (" + handlingSource(handling) + ")");
        if (!report.transitions().isEmpty()) {
            out.println("transitions" + (report.transitions().size() > 10 ? " (top 10 of "
                    + report.transitions().size() + ")" : "") + ":");
            report.transitions().stream().limit(10).forEach(t -> out.println("  " + label(t.fromOutcome().wireName(),
                    t.fromRule()) + " → " + label(t.toOutcome().wireName(), t.toRule()) + ": " + grouped(t.count())));
        }
        out.println("rules (before → after):");
        report.rules().forEach(r -> out.println("  " + r.rule() + ": " + grouped(r.before()) + " → "
                + grouped(r.after())));
        if (!report.unreplayableReasons().isEmpty()) {
            out.println("not replayable:");
            report.unreplayableReasons().forEach(r -> out.println("  " + r.reason() + ": " + grouped(r.count())));
        }
    }

    private static String label(String outcome, String rule) {
        return outcome + (rule == null ? "" : " (" + rule + ")");
    }

    private static String handlingSource(HandlingTime handling) {
        switch (handling.source()) {
            case MEASURED:
                return "measured over " + handling.sample() + " decisions";
            case GIVEN:
                return "--handling-minutes";
            default:
                return "default: too few decisions to measure";
        }
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String signed(long n) {
        return (n > 0 ? "+" : "") + grouped(n);
    }

    static String signed(BigDecimal n) {
        return (n.signum() > 0 ? "+" : "") + n.toPlainString();
    }

    /** "+2 h 05 min", "-0 h 30 min": the agent time difference, rounded to the minute. */
    static String hoursAndMinutes(Duration d) {
        long minutes = Math.round(Math.abs(d.toMillis()) / 60_000.0);
        String sign = d.isNegative() ? "-" : d.isZero() ? "" : "+";
        return sign + (minutes / 60) + " h " + String.format(Locale.ROOT, "%02d", minutes % 60) + " min";
    }

    private static String minutes(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(60_000), 1, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }

    // ---- the exports

    static void writeJson(Path file, ReplayReport report, HandlingTime handling, UUID tenantId, Instant start,
            Instant end, List<PolicyReplay.Change> changes) throws IOException {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        try (OutputStream stream = Files.newOutputStream(file);
                JsonGenerator generator = mapper.createGenerator(stream)) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> field : report.toJson(handling.perCase(), handling.source().wireName())
                    .entrySet()) {
                generator.writePOJOProperty(field.getKey(), field.getValue());
            }
            generator.writeStringProperty("tenant_id", tenantId.toString());
            generator.writeStringProperty("from", start.toString());
            generator.writeStringProperty("to", end.toString());
            generator.writeArrayPropertyStart("changes");
            for (PolicyReplay.Change change : changes) {
                generator.writePOJO(changeJson(change));
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    static Map<String, Object> changeJson(PolicyReplay.Change change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("case_id", change.caseId());
        json.put("received_at", change.receivedAt().toString());
        json.put("currency", change.currency());
        json.put("before", verdictJson(change.before()));
        json.put("after", verdictJson(change.after()));
        json.put("money_difference", change.moneyDifference().toPlainString());
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("api", "/v1/refund-requests/" + change.caseId());
        links.put("console", "/console/cases/" + change.caseId());
        json.put("links", links);
        return json;
    }

    private static Map<String, Object> verdictJson(PolicyReplay.Verdict verdict) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", verdict.outcome().wireName());
        json.put("rule", verdict.ruleId());
        json.put("amount", verdict.amount() == null ? null : verdict.amount().toPlainString());
        json.put("credits_removed", verdict.creditsRemoved());
        json.put("review", verdict.review());
        return json;
    }

    static void writeCsv(Path file, List<PolicyReplay.Change> changes) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(csvLine(CSV_COLUMNS));
            for (PolicyReplay.Change c : changes) {
                List<String> row = new ArrayList<>(CSV_COLUMNS.size());
                row.add(c.caseId());
                row.add(c.receivedAt().toString());
                row.add(c.currency());
                addVerdict(row, c.before());
                addVerdict(row, c.after());
                row.add(c.moneyDifference().toPlainString());
                writer.write(csvLine(row));
            }
        }
    }

    private static void addVerdict(List<String> row, PolicyReplay.Verdict verdict) {
        row.add(verdict.outcome().wireName());
        row.add(verdict.ruleId() == null ? "" : verdict.ruleId());
        row.add(verdict.amount() == null ? "" : verdict.amount().toPlainString());
        row.add(Long.toString(verdict.creditsRemoved()));
        row.add(Boolean.toString(verdict.review()));
    }

    /** One RFC 4180 record: fields with a comma, quote or line break quoted, quotes doubled, CRLF at the end. */
    static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append("\r\n").toString();
    }

    // ---- the progress bar

    /**
     * A progress bar on one line of standard error, redrawn with a carriage return at most five
     * times a second; the replay reports from its worker threads. The total is an upper bound (the
     * period's requests, whichever policy decided them), so the last line says 100%.
     */
    static final class Progress {
        static final int WIDTH = 10;
        static final long EVERY_NANOS = 200_000_000L;

        private final PrintWriter err;
        private final long total;
        private final LongSupplier nanoTime;
        private final long started;
        private long lastDrawn;
        private long done;
        private int lastLength;

        Progress(PrintWriter err, long total, LongSupplier nanoTime) {
            this.err = err;
            this.total = total;
            this.nanoTime = nanoTime;
            this.started = nanoTime.getAsLong();
            this.lastDrawn = started;
            if (err != null) {
                draw(0, total, started, "");
            }
        }

        synchronized void update(long done) {
            this.done = Math.max(this.done, done);
            if (err == null) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (now - lastDrawn < EVERY_NANOS) {
                return;
            }
            lastDrawn = now;
            draw(this.done, Math.max(total, this.done), now, "");
        }

        synchronized void finish() {
            if (err == null) {
                return;
            }
            draw(done, done, nanoTime.getAsLong(), System.lineSeparator());
        }

        private void draw(long count, long of, long now, String end) {
            int percent = of == 0 ? 100 : (int) (count * 100 / of);
            int filled = percent * WIDTH / 100;
            String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent + "% "
                    + grouped(count) + "/" + grouped(of) + " cases, " + Duration.ofNanos(now - started).toSeconds()
                    + " s";
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            lastLength = line.length();
            err.print("\r" + line + padding + end);
            err.flush();
        }
    }
}
