package dev.creditdesk.support;

import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped when the JVM exits.
 * Each Surefire fork gets its own data directory.
 */
public final class TestDatabase {

    private static EmbeddedPostgresServer server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            String fork = System.getProperty("surefire.forkNumber", "0");
            server = EmbeddedPostgresServer.start(Path.of("target", "test-postgres-" + fork), 0, true, false);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
        }
        return server;
    }

    /** The JDBC URL of the shared test database. */
    public static String url() {
        return server().jdbcUrl();
    }

    /** Creates a fresh, empty database in the same cluster and answers its URL. */
    public static String newDatabase(String name) {
        try (Connection c = DriverManager.getConnection(url(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().jdbcUrl(name);
    }
}
