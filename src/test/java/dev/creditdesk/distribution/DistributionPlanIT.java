package dev.creditdesk.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.distribution.DistributionPlan.CoordinatorLocal;
import dev.creditdesk.distribution.DistributionPlan.Distributed;
import dev.creditdesk.distribution.DistributionPlan.Placement;
import dev.creditdesk.distribution.DistributionPlan.Reference;
import dev.creditdesk.support.TestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution plan against the schema the migrations build: every table is placed, and the
 * keys Citus would refuse are exactly the ones docs/scaling.md lists as changes. Citus requires
 * every primary key and unique index of a distributed table to contain its distribution column,
 * a foreign key between distributed tables to join them on their distribution columns within one
 * co-location group, no foreign key from a reference or coordinator table to a distributed one,
 * and no null in a distribution column.
 */
class DistributionPlanIT {

    /**
     * What would have to change before the tables can be distributed as planned. A new table or key
     * that Citus would refuse fails the test until it is listed here (and in docs/scaling.md) or the
     * plan or the key is changed.
     */
    private static final Set<String> KEY_CHANGES = Set.of(
            // Keys of account-scoped rows that name the row's own id but not the account.
            "unique key account_credit_entries_pkey on account_credit_entries (tenant_id, id) lacks account_id",
            "unique key account_suspensions_pkey on account_suspensions (tenant_id, id) lacks account_id",
            "unique key credit_blocks_pkey on credit_blocks (tenant_id, id) lacks account_id",
            "unique key holds_pkey on holds (tenant_id, id) lacks account_id",
            "unique key ledger_entries_pkey on ledger_entries (tenant_id, id) lacks account_id",
            "unique key ledger_entries_public_id on ledger_entries (tenant_id, public_id) lacks account_id",
            "unique key tasks_pkey on tasks (tenant_id, id) lacks account_id",
            "unique key tasks_tenant_id_hold_id_key on tasks (tenant_id, hold_id) lacks account_id",
            "unique key usage_events_pkey on usage_events (tenant_id, id) lacks account_id",
            "unique key usage_events_task on usage_events (tenant_id, task_id) lacks account_id",
            "foreign key ledger_entries_tenant_id_block_id_fkey ledger_entries (tenant_id, block_id) -> credit_blocks (tenant_id, id) does not join account_id to account_id",
            // Keys unique across a tenant's accounts: a product's own ids. Unenforceable per shard.
            "unique key accounts_tenant_id_external_id_key on accounts (tenant_id, external_id) lacks id",
            "unique key tasks_tenant_id_external_id_key on tasks (tenant_id, external_id) lacks account_id",
            "unique key usage_events_external_id on usage_events (tenant_id, external_id) lacks account_id",
            // Tenant records that point at an account: the two live in different co-location groups.
            "foreign key disputes_tenant_id_account_id_fkey disputes (tenant_id, account_id) -> accounts (tenant_id, id) crosses groups TENANT -> ACCOUNT",
            "foreign key orders_tenant_id_account_id_fkey orders (tenant_id, account_id) -> accounts (tenant_id, id) crosses groups TENANT -> ACCOUNT",
            "foreign key outage_compensations_tenant_id_account_id_fkey outage_compensations (tenant_id, account_id) -> accounts (tenant_id, id) crosses groups TENANT -> ACCOUNT",
            "foreign key refund_requests_tenant_id_account_id_fkey refund_requests (tenant_id, account_id) -> accounts (tenant_id, id) crosses groups TENANT -> ACCOUNT",
            "foreign key subscriptions_tenant_id_account_id_fkey subscriptions (tenant_id, account_id) -> accounts (tenant_id, id) crosses groups TENANT -> ACCOUNT",
            // The audit log: one global id, and operator actions without a tenant.
            "unique key audit_log_pkey on audit_log (id) lacks tenant_id",
            "distribution column audit_log.tenant_id may be null",
            "unique key console_saved_filters_pkey on console_saved_filters (id) lacks tenant_id");

    private static String url;

    @BeforeAll
    static void migrate() {
        url = TestDatabase.newDatabase("distribution_plan");
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
    }

    @Test
    void everyTableOfTheSchemaIsPlaced() throws SQLException {
        Set<String> tables = new TreeSet<>(strings("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p')"""));

        assertThat(tables).as("tables without a placement in DistributionPlan (distributed by a column, reference "
                        + "or coordinator-local: decide, and say why in docs/scaling.md)")
                .isSubsetOf(DistributionPlan.TABLES.keySet());
        assertThat(DistributionPlan.TABLES.keySet()).as("tables placed in DistributionPlan that the schema lacks")
                .isSubsetOf(tables);
    }

    @Test
    void theKeysCitusWouldRefuseAreTheListedChanges() throws SQLException {
        Set<String> refused = new TreeSet<>();
        refused.addAll(uniqueKeysWithoutTheDistributionColumn());
        refused.addAll(foreignKeysAcrossShards());
        refused.addAll(nullableDistributionColumns());

        assertThat(refused).as("keys Citus would refuse under the plan; list new ones in KEY_CHANGES and "
                        + "docs/scaling.md, or change the plan or the key")
                .containsExactlyInAnyOrderElementsOf(KEY_CHANGES);
    }

    @Test
    void theDistributionColumnsExist() throws SQLException {
        for (var entry : DistributionPlan.TABLES.entrySet()) {
            if (entry.getValue() instanceof Distributed d) {
                assertThat(strings("select attname from pg_attribute where attrelid = '" + entry.getKey()
                                + "'::regclass and attnum > 0 and not attisdropped"))
                        .as("columns of %s", entry.getKey()).contains(d.column());
            }
        }
    }

    private List<String> uniqueKeysWithoutTheDistributionColumn() throws SQLException {
        List<String> refused = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select t.relname, i.relname,
                       array(select a.attname::text from unnest(ix.indkey[0:ix.indnkeyatts - 1]) with ordinality k(num, pos)
                             join pg_attribute a on a.attrelid = t.oid and a.attnum = k.num order by k.pos)
                from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = 'public' and ix.indisunique""")) {
            while (rs.next()) {
                String table = rs.getString(1);
                List<String> columns = list(rs.getArray(3));
                if (DistributionPlan.TABLES.get(table) instanceof Distributed d && !columns.contains(d.column())) {
                    refused.add("unique key " + rs.getString(2) + " on " + table + " (" + String.join(", ", columns)
                            + ") lacks " + d.column());
                }
            }
        }
        return refused;
    }

    private List<String> foreignKeysAcrossShards() throws SQLException {
        List<String> refused = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select con.conname, t.relname, f.relname,
                       array(select a.attname::text from unnest(con.conkey) with ordinality k(num, pos)
                             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.pos),
                       array(select a.attname::text from unnest(con.confkey) with ordinality k(num, pos)
                             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.pos)
                from pg_constraint con join pg_class t on t.oid = con.conrelid join pg_class f on f.oid = con.confrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = 'public' and con.contype = 'f'""")) {
            while (rs.next()) {
                String from = rs.getString(2);
                String to = rs.getString(3);
                List<String> fromColumns = list(rs.getArray(4));
                List<String> toColumns = list(rs.getArray(5));
                String described = "foreign key " + rs.getString(1) + " " + from + " (" + String.join(", ", fromColumns)
                        + ") -> " + to + " (" + String.join(", ", toColumns) + ")";
                Placement source = DistributionPlan.TABLES.get(from);
                Placement target = DistributionPlan.TABLES.get(to);
                if (target instanceof Reference) {
                    continue; // any table may refer to a reference table
                }
                if (source instanceof Distributed a && target instanceof Distributed b) {
                    if (a.group() != b.group()) {
                        refused.add(described + " crosses groups " + a.group() + " -> " + b.group());
                    } else {
                        int at = fromColumns.indexOf(a.column());
                        if (at < 0 || !toColumns.get(at).equals(b.column())) {
                            refused.add(described + " does not join " + a.column() + " to " + b.column());
                        }
                    }
                } else if (!(source instanceof CoordinatorLocal && target instanceof CoordinatorLocal)) {
                    refused.add(described + " refers from " + kind(source) + " to " + kind(target));
                }
            }
        }
        return refused;
    }

    private List<String> nullableDistributionColumns() throws SQLException {
        List<String> refused = new ArrayList<>();
        for (var entry : DistributionPlan.TABLES.entrySet()) {
            if (entry.getValue() instanceof Distributed d && !strings("select attname from pg_attribute where attrelid = '"
                    + entry.getKey() + "'::regclass and attname = '" + d.column() + "' and not attnotnull").isEmpty()) {
                refused.add("distribution column " + entry.getKey() + "." + d.column() + " may be null");
            }
        }
        return refused;
    }

    private static String kind(Placement placement) {
        return placement == null ? "an unplaced table" : placement.getClass().getSimpleName();
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static List<String> list(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }
}
