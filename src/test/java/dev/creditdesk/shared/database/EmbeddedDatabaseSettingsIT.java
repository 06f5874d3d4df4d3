package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.cli.CreditdeskCli;
import dev.creditdesk.support.Api;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded PostgreSQL's settings: a fixed port, a password that every connection must give
 * (and that a later start cannot drop), and {@code creditdesk backup} / {@code restore} against
 * its data directory while the server runs and after it stopped.
 */
class EmbeddedDatabaseSettingsIT {

    private static final String OPERATOR_KEY = "cd_operator_embedded-settings-it";
    private static final String PASSWORD = "s3cret 'quoted' pass";

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--creditdesk.jobs.enabled=false",
                "--creditdesk.demo.enabled=false", "--creditdesk.admin-key=" + OPERATOR_KEY,
                // the test configuration points every test at the shared database; these use their own
                "--creditdesk.database.url="));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(CreditdeskApplication.class).run(args.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Run(int status, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CreditdeskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env::get,
                Clock.systemUTC());
        return new Run(status, out.toString(), err.toString());
    }

    private static String sqlStateConnecting(String url, String password) {
        try (Connection ignored = DriverManager.getConnection(url, "postgres", password)) {
            return "connected";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void aPasswordIsRequiredFromEveryConnectionOnTheFixedPortAndBackupsWorkWhileRunningAndStopped(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("postgres");
        int port = freePort();
        String[] settings = {"creditdesk.database.data-directory=" + data, "creditdesk.database.port=" + port,
                "creditdesk.database.password=" + PASSWORD};
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        String tenantId;
        Map<String, String> env = Map.of("CREDITDESK_DATABASE_PASSWORD", PASSWORD);
        Path backup = dir.resolve("running.backup");
        try (ConfigurableApplicationContext app = start(settings)) {
            assertThat(app.getBean(EmbeddedPostgresServer.class).port()).isEqualTo(port);
            Api.Response tenant = api(app).post("/v1/tenants", OPERATOR_KEY, Map.of("name", "protected", "settings",
                    Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD", "support_email", "s@example.com")));
            assertThat(tenant.status()).isEqualTo(201);
            tenantId = tenant.text("id");

            assertThat(sqlStateConnecting(url, null)).isEqualTo("08004");
            assertThat(sqlStateConnecting(url, "wrong")).isEqualTo("28P01");
            assertThat(sqlStateConnecting(url, PASSWORD)).isEqualTo("connected");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");

            Run running = cli(env, "backup", "--to", backup.toString(), "--data-directory", data.toString());
            assertThat(running.status()).as(running.err()).isZero();
            assertThat(running.out()).contains("using the PostgreSQL running on " + data + " (port " + port + ")");
            // the server's PostgreSQL was used, not stopped
            assertThat(api(app).get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api(app).get("/v1/tenants/" + tenantId, OPERATOR_KEY).status()).isEqualTo(200);

            Run withoutPassword = cli(Map.of(), "backup", "--to", dir.resolve("refused.backup").toString(),
                    "--data-directory", data.toString());
            assertThat(withoutPassword.status()).isEqualTo(2);
            assertThat(withoutPassword.err().strip()).startsWith("error: cannot connect to " + url + ": ")
                    .doesNotContain("\n");
        }

        // stopped: the command starts PostgreSQL on the directory itself and stops it after
        Run stopped = cli(env, "backup", "--to", dir.resolve("stopped.backup").toString(), "--data-directory",
                data.toString());
        assertThat(stopped.status()).as(stopped.err()).isZero();
        assertThat(stopped.out()).doesNotContain("using the PostgreSQL running");
        assertThat(EmbeddedPostgresServer.runningPort(data)).isEmpty();

        // a start without the password never opens the protected cluster to every local user
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0, false, false))
                .hasMessage("the embedded PostgreSQL in " + data + " requires a password: set "
                        + "creditdesk.database.password (environment CREDITDESK_DATABASE_PASSWORD)");
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");

        // the backup taken while the server ran, restored into a fresh data directory, serves the tenant
        Path fresh = dir.resolve("restored");
        Run restore = cli(env, "restore", "--from", backup.toString(), "--data-directory", fresh.toString());
        assertThat(restore.status()).as(restore.err()).isZero();
        assertThat(EmbeddedPostgresServer.runningPort(fresh)).isEmpty();
        try (ConfigurableApplicationContext app = start("creditdesk.database.data-directory=" + fresh,
                "creditdesk.database.password=" + PASSWORD)) {
            assertThat(api(app).get("/v1/tenants/" + tenantId, OPERATOR_KEY).text("name")).isEqualTo("protected");
        }
    }

    @Test
    void withoutAPasswordEveryLocalConnectionIsTrustedAsBefore(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("open"), 0, true, false)) {
            assertThat(server.password()).isNull();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("show listen_addresses")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("localhost");
            }
        }
    }
}
