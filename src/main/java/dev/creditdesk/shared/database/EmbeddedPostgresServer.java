package dev.creditdesk.shared.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 run from the binaries in the jar, with its data in a directory that survives
 * restarts, listening on localhost only. Closed by whoever started it, after the application
 * context: its own shutdown hook races Spring's and is turned off.
 *
 * <p>Without a password every local user is trusted (the quick start). With one, the
 * {@code postgres} role gets it and {@code pg_hba.conf} asks every connection for it
 * (scram-sha-256); a cluster once protected so is never opened again by starting without it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The first line of the pg_hba.conf this class writes when a password is set. */
    static final String PASSWORD_HBA_MARKER = "# creditdesk: password required (creditdesk.database.password)";

    private static final String PASSWORD_HBA = PASSWORD_HBA_MARKER + """

            # Written at every start of the embedded server; edit creditdesk.database.password, not this file.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean wipe, boolean durable) {
        return start(dataDirectory, port, wipe, durable, null);
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use.
     *
     * @param port 0 for any free port
     * @param wipe start from an empty cluster (tests)
     * @param durable flush every commit to disk, as a ledger must; tests and benchmarks of CPU
     *     may turn it off (the embedded library's own default is off)
     * @param password null or blank: trust every local connection; otherwise the {@code postgres}
     *     role's password, required from every connection
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean wipe, boolean durable,
            String password) {
        String required = password == null || password.isEmpty() ? null : password;
        try {
            Path dir = dataDirectory.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            stopLeftoverPostmaster(dir);
            if (required == null && !wipe && requiresPassword(dir)) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dir + " requires a password: set "
                        + "creditdesk.database.password (environment CREDITDESK_DATABASE_PASSWORD)");
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(wipe)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off");
            if (port > 0) {
                builder.setPort(port);
            }
            if (required != null) {
                // the library's readiness check connects as postgres (the JDBC URL never carries it)
                builder.setConnectConfig("password", required);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir, required);
            if (required != null) {
                server.requirePassword();
            }
            log.info("Embedded PostgreSQL listening on localhost port {} with data in {}{}", postgres.getPort(), dir,
                    required == null ? " (trusting every local connection)" : " (password required)");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Gives the {@code postgres} role the password and, the first time, makes pg_hba.conf ask for
     * it. A cluster started before without a password trusts every local connection until this
     * reload (as it always did); from then on every start asks for the password.
     */
    private void requirePassword() {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", password)) {
            // Only the SCRAM verifier crosses the wire: the statement PostgreSQL may log never holds the password.
            c.unwrap(org.postgresql.PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
            try (Statement s = c.createStatement()) {
                if (!requiresPassword(dataDirectory)) {
                    Files.writeString(hba, PASSWORD_HBA);
                    s.execute("select pg_reload_conf()");
                }
            }
        } catch (SQLException e) {
            close();
            if ("28P01".equals(e.getSQLState())) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory + " refused the password "
                        + "in creditdesk.database.password: it still has an earlier one (change it with "
                        + "'alter role postgres password' while connected with the old one)");
            }
            throw new IllegalStateException("could not set the password of the embedded PostgreSQL in "
                    + dataDirectory + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not write " + hba, e);
        }
    }

    /** True when the cluster in {@code dir} was protected by a password from creditdesk.database.password. */
    static boolean requiresPassword(Path dir) {
        Path hba = dir.resolve("pg_hba.conf");
        try {
            return Files.exists(hba) && Files.readString(hba).startsWith(PASSWORD_HBA_MARKER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + hba, e);
        }
    }

    /**
     * The port of the PostgreSQL running on {@code dataDirectory}, if one is: line 4 of its
     * postmaster.pid, when line 1 names a live postgres process. Never stops it.
     */
    public static OptionalInt runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.toAbsolutePath().normalize().resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return OptionalInt.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || livePostgres(lines.get(0)).isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The password the {@code postgres} role needs, or null when every local connection is trusted. */
    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * After {@code kill -9} of the JVM the postmaster lives on and holds the data directory
     * ("lock file postmaster.pid already exists"): stop it before starting a new one.
     */
    private static void stopLeftoverPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> leftover = livePostgres(lines.get(0));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle process = leftover.get();
        log.warn("Stopping PostgreSQL left running (pid {}) by an earlier process on {}", process.pid(), dir);
        process.destroy();
        try {
            process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<ProcessHandle> livePostgres(String pidLine) {
        long pid;
        try {
            pid = Long.parseLong(pidLine.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    }
}
