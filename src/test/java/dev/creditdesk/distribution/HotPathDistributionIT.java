package dev.creditdesk.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.distribution.DistributionPlan.Distributed;
import dev.creditdesk.distribution.StatementCapture.Binding;
import dev.creditdesk.distribution.StatementCapture.Captured;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every statement the hot path sends (grant, reserve, complete, fail, restore, balance, ledger,
 * tasks, usage), driven over HTTP and captured at the JDBC level, reaches one shard under the
 * {@link DistributionPlan} (a write may sit in a modifying CTE of a larger statement, so the writes
 * are looked for anywhere in a statement): each scan of a distributed table has its distribution column equal to
 * one value (read from PostgreSQL's own plan of the statement with the values it was sent with,
 * so joins and implied equalities count as PostgreSQL sees them), and each insert names it.
 * Statements that do not are failures unless {@link #ALLOWED} lists them with the reason.
 *
 * <p>Its own Spring context (the import), so the shared context's DataSource stays unwrapped. With
 * group commit off, whatever the environment says: a batch's statements cover every account in it,
 * many shards by design (docs/scaling.md).
 */
@Import(StatementCapture.class)
@TestPropertySource(properties = "creditdesk.tasks.batching.enabled=false")
class HotPathDistributionIT extends IntegrationTest {

    enum Why {
        /** Runs over every account on purpose (a job, an operator's report): a parallel multi-shard query. */
        CROSSES_SHARDS_BY_DESIGN,
        /** A hot-path statement that would fan out to every shard today: a finding in docs/scaling.md. */
        FINDING
    }

    /** A statement that may reach more than one shard: the table, a fragment of its SQL, and why. */
    record Allowed(String table, String sqlFragment, Why why, String reason) {
        boolean covers(String table, String sql) {
            return this.table.equals(table) && sql.contains(sqlFragment);
        }
    }

    static final List<Allowed> ALLOWED = List.of(
            new Allowed("tasks", "from tasks where tenant_id = ? and id = ?", Why.FINDING,
                    "complete, fail, restore and GET name only the task (/v1/tasks/{id}): the first lookup asks "
                            + "every shard by the unique task id (one index probe each, in parallel); every "
                            + "later statement of the request names the task's account"),
            new Allowed("credit_blocks", "from credit_blocks where tenant_id = ? and id = ?", Why.FINDING,
                    "a webhook event renders the changed block by its id alone (ResourceChanged carries no "
                            + "account), as GET /v1/credit-blocks/{id} does"));

    private static final Pattern INSERT = Pattern.compile("^insert into (\\w+) \\(([^)]*)\\)");

    @Autowired
    StatementCapture capture;

    @Test
    void everyHotPathStatementReachesOneShard() throws SQLException {
        TestTenant tenant = newTenant();
        capture.start();
        List<Captured> statements;
        try {
            driveTheHotPath(tenant);
        } finally {
            statements = capture.stop();
        }

        Map<String, Captured> distinct = new LinkedHashMap<>();
        for (Captured statement : statements) {
            distinct.putIfAbsent(normalized(statement.sql()), statement);
        }
        assertThat(distinct.keySet()).as("the capture saw the hot path's writes")
                .anyMatch(sql -> sql.contains("insert into holds"))
                .anyMatch(sql -> sql.contains("insert into ledger_entries"))
                .anyMatch(sql -> sql.contains("update credit_blocks"))
                .anyMatch(sql -> sql.contains("update tasks"));

        List<String> failures = new ArrayList<>();
        Set<Allowed> used = new LinkedHashSet<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), "postgres", "")) {
            for (var entry : distinct.entrySet()) {
                String sql = entry.getKey();
                if (!sql.matches("^(select|insert|update|delete|with)\\b.*")) {
                    continue;
                }
                for (String problem : problems(c, sql, entry.getValue())) {
                    String table = problem.substring(0, problem.indexOf(':'));
                    ALLOWED.stream().filter(a -> a.covers(table, sql)).findFirst().ifPresentOrElse(used::add,
                            () -> failures.add(problem + "\n    " + sql));
                }
            }
        }
        assertThat(failures).as("hot-path statements that would reach more than one shard (filter by the "
                + "distribution key, or list them in ALLOWED with the reason and in docs/scaling.md)").isEmpty();
        assertThat(used).as("ALLOWED entries no statement needed any more (remove them)")
                .containsExactlyInAnyOrderElementsOf(ALLOWED);
    }

    private void driveTheHotPath(TestTenant tenant) {
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);

        Api.Response completed = api.post("/v1/tasks", tenant.secretKey(),
                Map.of("account_id", account, "credits", 10, "external_id", "job-" + UUID.randomUUID(),
                        "kind", "video", "quantity", "12.5", "unit", "seconds"),
                Map.of("Idempotency-Key", "reserve-" + UUID.randomUUID()));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(201);
        String completedId = completed.text("id");
        ok(api.post("/v1/tasks/" + completedId + "/complete", tenant.secretKey(), Map.of("credits", 8)));

        Api.Response failed = reserve(tenant, account, 5);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(201);
        ok(api.post("/v1/tasks/" + failed.text("id") + "/fail", tenant.secretKey(), Map.of("reason", "model error")));
        ok(api.post("/v1/tasks/" + completedId + "/restore", tenant.supportKey(), Map.of("reason", "blank output")));

        assertThat(available(tenant, account)).isEqualTo(100);
        ok(api.get("/v1/tasks/" + completedId, tenant.secretKey()));
        ok(api.get("/v1/tasks?account_id=" + account, tenant.secretKey()));
        ok(api.get("/v1/accounts/" + account, tenant.secretKey()));
        ok(api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey()));
        Api.Response ledger = api.get("/v1/accounts/" + account + "/ledger?limit=2", tenant.secretKey());
        ok(ledger);
        ok(api.get("/v1/accounts/" + account + "/ledger?limit=2&starting_after="
                + ledger.body().get("data").get(1).get("id").asString(), tenant.secretKey()));

        Map<String, Object> event = Map.of("external_id", "ev-" + UUID.randomUUID(), "account_id", account,
                "kind", "download", "occurred_at", clock.instant().minusSeconds(60).toString());
        ok(api.post("/v1/usage-events", tenant.secretKey(), Map.of("data", List.of(event))));
        ok(api.get("/v1/usage-events?account_id=" + account, tenant.supportKey()));
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** "table: what is wrong" for each distributed table the statement would not pin to one shard. */
    private static List<String> problems(Connection c, String sql, Captured statement) throws SQLException {
        List<String> problems = new ArrayList<>();
        Matcher insert = INSERT.matcher(sql);
        if (insert.find() && DistributionPlan.TABLES.get(insert.group(1)) instanceof Distributed d
                && !List.of(insert.group(2).split("\\s*,\\s*")).contains(d.column())) {
            problems.add(insert.group(1) + ": inserted without " + d.column());
        }
        Set<DistributionPlan.Group> groups = new LinkedHashSet<>();
        walk(plan(c, statement), problems, groups);
        if (groups.size() > 1) {
            problems.add(groups + ": one statement joins tables of different co-location groups");
        }
        return problems;
    }

    private static void walk(JsonNode node, List<String> problems, Set<DistributionPlan.Group> groups) {
        JsonNode relation = node.get("Relation Name");
        if (relation != null && DistributionPlan.TABLES.get(relation.asString()) instanceof Distributed d) {
            groups.add(d.group());
            boolean insert = "Insert".equals(text(node, "Operation"));
            boolean modify = "ModifyTable".equals(text(node, "Node Type"));
            if (!modify && !insert && !pinned(conditions(node), d.column())) {
                problems.add(relation.asString() + ": " + text(node, "Node Type") + " without " + d.column()
                        + " = one value (conditions: " + conditions(node) + ")");
            }
        }
        JsonNode plans = node.get("Plans");
        if (plans != null) {
            plans.forEach(child -> walk(child, problems, groups));
        }
    }

    /** The node's own conditions and those of the bitmap index scans feeding it. */
    private static String conditions(JsonNode node) {
        StringBuilder all = new StringBuilder();
        for (String key : List.of("Index Cond", "Recheck Cond", "Filter")) {
            if (node.get(key) != null) {
                all.append(node.get(key).asString()).append(' ');
            }
        }
        JsonNode plans = node.get("Plans");
        if (plans != null && text(node, "Node Type").startsWith("Bitmap")) {
            plans.forEach(child -> all.append(conditions(child)));
        }
        return all.toString().trim();
    }

    private static boolean pinned(String conditions, String column) {
        String value = "('[^']*'::[\\w ]+|\\$\\d+)";
        String col = "(?<![\\w.])(\\w+\\.)?" + column + "(?!\\w)";
        return Pattern.compile(col + " = " + value + "|" + value + " = " + col).matcher(conditions).find();
    }

    private static JsonNode plan(Connection c, Captured statement) throws SQLException {
        try (PreparedStatement explain = c.prepareStatement("explain (format json) " + statement.sql())) {
            for (Binding binding : statement.bindings()) {
                try {
                    binding.setter().invoke(explain, binding.arguments());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return JsonMapper.builder().build().readTree(rs.getString(1)).get(0).get("Plan");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        return node.get(field) == null ? "" : node.get(field).asString();
    }

    static String normalized(String sql) {
        return sql.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }
}
