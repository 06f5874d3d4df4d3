package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.TestDatabase;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Out-of-order is off now, and databases migrated by earlier builds, with it on, must still start:
 * one that applied V930 after V2001 (as every database that followed main did) validates; one that
 * never got V930 is refused with Flyway's message, and starts once with out-of-order on. And a
 * rollback: the previous build validates a database a newer one migrated.
 */
class SchemaHistoryIT {

    private static final String OPERATOR_KEY = "cd_operator_schema-history-it";
    private static final String LATE = "V930__refunds_merged.sql";

    @Test
    void aDatabaseWhoseHistoryWasAppliedOutOfOrderStartsAndValidates(@TempDir Path dir) throws Exception {
        String url = TestDatabase.newDatabase("upgrades_out_of_order");
        migrateAsAnEarlierBuild(url, dir);
        assertThat(flyway(url).outOfOrder(true).load().migrate().migrationsExecuted)
                .as("the earlier build, out-of-order on, applies V930 after V2001").isEqualTo(1);
        assertThat(rank(url, "930")).isGreaterThan(rank(url, "2001"));

        assertThat(checksums(url)).as("migration-history.txt holds Flyway's own checksums")
                .containsAllEntriesOf(historyChecksums());

        try (ConfigurableApplicationContext app = start("creditdesk.database.url=" + url,
                "creditdesk.database.user=postgres", "creditdesk.database.password=")) {
            assertThat(app.getEnvironment().getProperty("spring.flyway.out-of-order")).isEqualTo("false");
            JsonNode schema = info(app).get("schema");
            List<MigrationHistory.Migration> migrations = MigrationHistory.readMigrations();
            assertThat(schema.get("version").asString()).as("migrated on to the newest")
                    .isEqualTo(String.valueOf(migrations.get(migrations.size() - 1).version()));
            assertThat(schema.get("pending").asInt()).isZero();
        }
        assertThat(rank(url, "930")).as("nothing reapplied").isGreaterThan(rank(url, "2001"));
    }

    @Test
    void aDatabaseThatMissedALowerNumberedMigrationIsRefusedAndStartsOnceWithOutOfOrderOn(@TempDir Path dir)
            throws Exception {
        String url = TestDatabase.newDatabase("upgrades_missed_migration");
        migrateAsAnEarlierBuild(url, dir);

        assertThatThrownBy(() -> flyway(url).load().migrate())
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("930")
                .hasMessageContaining("outOfOrder");

        try (ConfigurableApplicationContext app = start("creditdesk.database.url=" + url,
                "creditdesk.database.user=postgres", "creditdesk.database.password=",
                "spring.flyway.out-of-order=true")) {
            assertThat(info(app).get("schema").get("pending").asInt()).isZero();
        }
        assertThat(rank(url, "930")).isGreaterThan(rank(url, "2001"));
        assertThat(flyway(url).load().validateWithResult().validationSuccessful)
                .as("after that one start, out-of-order off validates").isTrue();
    }

    @Test
    void thePreviousBuildStillValidatesADatabaseTheNewerOneMigrated(@TempDir Path dir) throws Exception {
        String url = TestDatabase.newDatabase("upgrades_rollback");
        flyway(url).load().migrate();
        List<MigrationHistory.Migration> migrations = MigrationHistory.readMigrations();
        MigrationHistory.Migration newest = migrations.get(migrations.size() - 1);
        for (MigrationHistory.Migration m : migrations) {
            if (m != newest) {
                Files.writeString(dir.resolve(m.script()), m.sql());
            }
        }
        // the previous build knows every migration but the newest: Flyway's default ignores "future" ones
        Flyway previous = Flyway.configure().dataSource(url, "postgres", "").locations("filesystem:" + dir).load();
        assertThat(previous.validateWithResult().validationSuccessful).as(newest.script() + " is future to it").isTrue();
        assertThat(previous.migrate().migrationsExecuted).isZero();
    }

    /** What a build from before V930 did: every migration up to V2001 except V930. */
    private static void migrateAsAnEarlierBuild(String url, Path dir) throws Exception {
        for (MigrationHistory.Migration m : MigrationHistory.readMigrations()) {
            if (!m.script().equals(LATE)) {
                Files.writeString(dir.resolve(m.script()), m.sql());
            }
        }
        Flyway.configure().dataSource(url, "postgres", "").locations("filesystem:" + dir).load().migrate();
        assertThat(rank(url, "930")).isZero();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--creditdesk.jobs.enabled=false",
                "--creditdesk.admin-key=" + OPERATOR_KEY));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(CreditdeskApplication.class).run(args.toArray(String[]::new));
    }

    private static JsonNode info(ConfigurableApplicationContext app) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/info"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    /** The installed rank of a version, 0 when it was never applied. */
    private static int rank(String url, String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select installed_rank from flyway_schema_history where version = '" + version + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Map<String, Integer> checksums(String url) throws SQLException {
        Map<String, Integer> checksums = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select script, checksum from flyway_schema_history where version is not null")) {
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getInt(2));
            }
        }
        return checksums;
    }

    private static Map<String, Integer> historyChecksums() {
        Map<String, Integer> checksums = new LinkedHashMap<>();
        MigrationHistory.readHistory().released().forEach(r -> checksums.put(r.script(), r.checksum()));
        return checksums;
    }
}
