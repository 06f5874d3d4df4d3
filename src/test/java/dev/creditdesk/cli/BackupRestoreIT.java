package dev.creditdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.MutableClock;
import dev.creditdesk.support.TestClockConfiguration;
import dev.creditdesk.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code creditdesk backup} and {@code restore} through the CLI entry point: a backup of the
 * running service's database restored into a fresh database serves the same tenant, with the
 * same keys, the same way; a restore never touches a database that holds anything, and a damaged
 * file is refused before any database is touched.
 */
class BackupRestoreIT extends IntegrationTest {

    private static final Instant BACKED_UP_AT = Instant.parse("2026-03-02T10:15:30Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CreditdeskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), name -> null,
                Clock.fixed(BACKED_UP_AT, ZoneOffset.UTC));
        return new Run(status, out.toString(), err.toString());
    }

    private static Path backupOfTheTestDatabase(Path dir) {
        Path file = dir.resolve("creditdesk.backup");
        Run backup = cli("backup", "--to", file.toString(), "--url", TestDatabase.url(), "--user", "postgres");
        assertThat(backup.status()).as(backup.err()).isZero();
        assertThat(backup.out()).startsWith("backed up ").contains(" to " + file);
        return file;
    }

    @Test
    void aRestoredBackupServesTheSameDataWithTheSameKeys(@TempDir Path dir) throws Exception {
        TestTenant tenant = newTenant("case-review", Map.of());
        UUID account = newAccount(tenant);
        grant(tenant, account, 50);
        String task = reserve(tenant, account, 5).text("id");
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 100)).status()).isEqualTo(201);
        Instant purchased = clock.instant().minus(Duration.ofHours(1));
        String order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "B-1", "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", purchased.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "t-1"))).text("id");
        String request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "customer@example.com",
                "order_number", "B-1", "purchase_date",
                purchased.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "billing_error", "reason", "charged twice")).text("id");
        String refund = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", order, "amount", "1.00",
                "reason", "goodwill")).text("id");
        assertThat(List.of(task, order, request, refund)).doesNotContainNull();
        List<String> reads = List.of("/v1/accounts/" + account, "/v1/accounts/" + account + "/balance",
                "/v1/accounts/" + account + "/credit-blocks", "/v1/accounts/" + account + "/ledger",
                "/v1/tasks/" + task, "/v1/orders/" + order, "/v1/refunds/" + refund,
                "/v1/refund-requests/" + request, "/v1/refund-requests/" + request + "/history",
                "/v1/catalog/products/pro");
        List<JsonNode> before = new ArrayList<>();
        for (String path : reads) {
            Api.Response response = api.get(path, tenant.adminKey());
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            before.add(response.body());
        }

        Path file = backupOfTheTestDatabase(dir);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode manifest = JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            assertThat(manifest.get("format").asInt()).isEqualTo(1);
            assertThat(manifest.get("created_at").asString()).isEqualTo(BACKED_UP_AT.toString());
            assertThat(manifest.get("schema_version").asString()).isEqualTo(appliedSchemaVersion(TestDatabase.url()));
            List<String> tables = new ArrayList<>();
            manifest.get("tables").forEach(t -> tables.add(t.get("name").asString()));
            assertThat(tables).contains("tenants", "ledger_entries", "audit_log", "refund_requests", "tasks")
                    .doesNotContain("flyway_schema_history");
            manifest.get("tables").forEach(t -> assertThat(t.get("sha256").asString()).hasSize(64));
        }

        String restoredUrl = TestDatabase.newDatabase("restored_backup_it");
        Run restore = cli("restore", "--from", file.toString(), "--url", restoredUrl, "--user", "postgres");
        assertThat(restore.status()).as(restore.err()).isZero();
        assertThat(restore.out()).startsWith("restored ").contains("backup made " + BACKED_UP_AT);

        try (ConfigurableApplicationContext restored = new SpringApplicationBuilder(CreditdeskApplication.class,
                TestClockConfiguration.class)
                .properties("server.port=0", "creditdesk.database.url=" + restoredUrl, "creditdesk.database.user=postgres",
                        "creditdesk.jobs.enabled=false", "creditdesk.demo.enabled=false",
                        "creditdesk.admin-key=" + OPERATOR_KEY)
                .run()) {
            restored.getBean(MutableClock.class).moveTo(clock.instant());
            Api other = new Api("http://localhost:" + restored.getEnvironment().getProperty("local.server.port"));
            for (int i = 0; i < reads.size(); i++) {
                Api.Response response = other.get(reads.get(i), tenant.adminKey());
                assertThat(response.status()).as(reads.get(i) + " " + response).isEqualTo(200);
                assertThat(response.body()).as(reads.get(i)).isEqualTo(before.get(i));
            }
            long available = before.get(1).get("available").asLong();
            // new rows after the restore: the identity sequences were carried over, no id is handed out twice
            Api.Response next = other.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 7));
            assertThat(next.status()).as(next.toString()).isEqualTo(201);
            assertThat(other.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("available"))
                    .isEqualTo(available - 7);
            assertThat(other.get("/v1/accounts/" + account + "/ledger", tenant.secretKey()).body().get("data"))
                    .hasSize(before.get(3).get("data").size() + 1);
            assertThat(other.get("/v1/tenants/" + tenant.id(), OPERATOR_KEY).status()).isEqualTo(200);
        }
    }

    @Test
    void aRestoreIntoADatabaseThatHoldsAnythingIsRefusedAndChangesNothing(@TempDir Path dir) throws Exception {
        newTenant();
        Path file = backupOfTheTestDatabase(dir);
        String url = TestDatabase.newDatabase("restore_not_empty");
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create table notes (body text)");
            s.execute("insert into notes values ('keep me')");
        }

        Run restore = cli("restore", "--from", file.toString(), "--url", url, "--user", "postgres");

        assertThat(restore.status()).isEqualTo(2);
        assertThat(restore.err().strip()).isEqualTo("error: database restore_not_empty is not empty (schema public has "
                + "1 tables, views, sequences, types, functions or extensions): a backup is restored into an empty database only; nothing was changed");
        assertThat(tablesIn(url)).containsExactly("notes");
        assertThat(count(url, "notes")).isEqualTo(1);

        // A schema holding only a function or a type is not empty either: a failed restore cleans the schema
        // with Flyway, which would drop them.
        String withAFunction = TestDatabase.newDatabase("restore_function_only");
        try (Connection c = DriverManager.getConnection(withAFunction, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create function answer() returns int language sql as 'select 42'");
            s.execute("create type mood as enum ('calm')");
        }
        Run intoAFunction = cli("restore", "--from", file.toString(), "--url", withAFunction, "--user", "postgres");
        assertThat(intoAFunction.status()).isEqualTo(2);
        assertThat(intoAFunction.err()).contains("is not empty (schema public has 2 tables, views, sequences, types, "
                + "functions or extensions)");

        Run intoTheLiveDatabase = cli("restore", "--from", file.toString(), "--url", TestDatabase.url(), "--user",
                "postgres");
        assertThat(intoTheLiveDatabase.status()).isEqualTo(2);
        assertThat(intoTheLiveDatabase.err()).contains("is not empty");
    }

    @Test
    void aTruncatedOrCorruptedFileIsRefusedInOneLineBeforeAnyDatabaseIsTouched(@TempDir Path dir) throws Exception {
        newTenant();
        Path file = backupOfTheTestDatabase(dir);
        byte[] bytes = Files.readAllBytes(file);
        String url = TestDatabase.newDatabase("restore_damaged");

        Path truncated = dir.resolve("truncated.backup");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run fromTruncated = cli("restore", "--from", truncated.toString(), "--url", url, "--user", "postgres");
        assertThat(fromTruncated.status()).isEqualTo(2);
        assertThat(fromTruncated.err().strip()).startsWith("error: " + truncated + " is damaged or not a Creditdesk backup")
                .doesNotContain("\n");

        // a table's rows changed under a manifest that still describes the old ones
        Path tampered = dir.resolve("tampered.backup");
        rewrite(file, tampered, (name, content) -> name.equals("tables/tenants.copy")
                ? new String(content, java.nio.charset.StandardCharsets.UTF_8).replace("tenant-", "tenanT-")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : content);
        Run fromTampered = cli("restore", "--from", tampered.toString(), "--url", url, "--user", "postgres");
        assertThat(fromTampered.status()).isEqualTo(2);
        assertThat(fromTampered.err().strip()).isEqualTo("error: " + tampered + " is damaged: table tenants does not "
                + "match its checksum and row count in the manifest");

        Path notABackup = dir.resolve("notes.txt");
        Files.writeString(notABackup, "hello");
        Run fromText = cli("restore", "--from", notABackup.toString(), "--url", url, "--user", "postgres");
        assertThat(fromText.status()).isEqualTo(2);
        assertThat(fromText.err().strip()).startsWith("error: " + notABackup + " is damaged or not a Creditdesk backup");

        Run missing = cli("restore", "--from", dir.resolve("nowhere.backup").toString(), "--url", url);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("error: " + dir.resolve("nowhere.backup") + " does not exist");

        assertThat(tablesIn(url)).isEmpty();
    }

    @Test
    void aRestoreThatFailsHalfwayLeavesTheDatabaseEmpty(@TempDir Path dir) throws Exception {
        newTenant();
        Path file = backupOfTheTestDatabase(dir);
        // intact tables under a manifest claiming an early schema version: the migrated schema has other tables
        Path early = dir.resolve("early.backup");
        rewrite(file, early, (name, content) -> {
            if (!name.equals("manifest.json")) {
                return content;
            }
            ObjectNode manifest = (ObjectNode) JSON.readTree(content);
            manifest.put("schema_version", "301");
            return JSON.writeValueAsBytes(manifest);
        });
        String url = TestDatabase.newDatabase("restore_halfway");

        Run restore = cli("restore", "--from", early.toString(), "--url", url, "--user", "postgres");

        assertThat(restore.status()).isEqualTo(2);
        assertThat(restore.err().strip()).startsWith("error: restore failed, the database is left empty: the tables at "
                + "schema version 301 differ from the backup's").doesNotContain("\n");
        assertThat(tablesIn(url)).isEmpty();
    }

    @Test
    void aBackupNeverOverwritesAFileAndAnUnreachableDatabaseIsOneLine(@TempDir Path dir) throws IOException {
        Path existing = dir.resolve("existing.backup");
        Files.writeString(existing, "older backup");
        Run overwrite = cli("backup", "--to", existing.toString(), "--url", TestDatabase.url(), "--user", "postgres");
        assertThat(overwrite.status()).isEqualTo(2);
        assertThat(overwrite.err().strip()).isEqualTo("error: " + existing + " already exists: choose a new file name "
                + "(a backup never overwrites one)");
        assertThat(Files.readString(existing)).isEqualTo("older backup");

        Run unreachable = cli("backup", "--to", dir.resolve("new.backup").toString(), "--url",
                "jdbc:postgresql://localhost:1/creditdesk", "--user", "postgres");
        assertThat(unreachable.status()).isEqualTo(2);
        assertThat(unreachable.err().strip()).isEqualTo(
                "error: cannot connect to jdbc:postgresql://localhost:1/creditdesk: connection refused or timed out");
        assertThat(dir.resolve("new.backup")).doesNotExist();
        assertThat(dir.resolve("new.backup.partial")).doesNotExist();
    }

    interface Rewrite {
        byte[] apply(String name, byte[] content) throws IOException;
    }

    /** Copies the zip {@code from} to {@code to}, passing each entry through {@code rewrite}. */
    private static void rewrite(Path from, Path to, Rewrite rewrite) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    in.transferTo(buffer);
                    content = buffer.toByteArray();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(rewrite.apply(entry.getName(), content));
                out.closeEntry();
            }
        }
    }

    private static String appliedSchemaVersion(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select version from flyway_schema_history where version is not null "
                                + "order by string_to_array(version, '.')::int[] desc limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> tablesIn(String url) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select tablename from pg_tables where schemaname = 'public' order by tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
