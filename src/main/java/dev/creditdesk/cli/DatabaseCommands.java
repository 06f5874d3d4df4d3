package dev.creditdesk.cli;

import dev.creditdesk.shared.database.DatabaseBackups;
import dev.creditdesk.shared.database.DatabaseBackups.Manifest;
import dev.creditdesk.shared.database.DatabaseBackups.Target;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code creditdesk backup --to FILE} and {@code creditdesk restore --from FILE}: the database
 * the server would use, with no client tools. An external one from {@code --url}/{@code --user}
 * (or CREDITDESK_DATABASE_URL / _USER) and CREDITDESK_DATABASE_PASSWORD; otherwise the embedded
 * one in {@code --data-directory}: the running server's PostgreSQL when one holds the directory
 * (never stopped), else started for the command and stopped after it.
 */
final class DatabaseCommands {

    private DatabaseCommands() {
    }

    /** The options both commands take to find the database. */
    static final class DatabaseOptions {

        @Option(names = "--url", paramLabel = "JDBC_URL",
                description = "An external PostgreSQL, as creditdesk.database.url (default: CREDITDESK_DATABASE_URL; "
                        + "none: the embedded one in --data-directory).")
        String url;

        @Option(names = "--user", paramLabel = "USER",
                description = "Its user (default: CREDITDESK_DATABASE_USER). The password is read from "
                        + "CREDITDESK_DATABASE_PASSWORD only, never from the command line.")
        String user;

        @Option(names = "--data-directory", paramLabel = "DIR",
                description = "The embedded PostgreSQL's data (default: CREDITDESK_DATABASE_DATA_DIRECTORY, else "
                        + "data/postgres).")
        Path dataDirectory;

        /** Connects, starting the embedded server for the command if it is not running. */
        Connected connect(Function<String, String> env, PrintWriter out) {
            String password = env.apply("CREDITDESK_DATABASE_PASSWORD");
            String externalUrl = url != null ? url : env.apply("CREDITDESK_DATABASE_URL");
            if (externalUrl != null && !externalUrl.isBlank()) {
                String externalUser = user != null ? user : env.apply("CREDITDESK_DATABASE_USER");
                return new Connected(new Target(externalUrl, externalUser, password), null);
            }
            String configured = env.apply("CREDITDESK_DATABASE_DATA_DIRECTORY");
            Path dir = dataDirectory != null ? dataDirectory
                    : configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("data", "postgres");
            OptionalInt running = EmbeddedPostgresServer.runningPort(dir);
            if (running.isPresent()) {
                out.println("using the PostgreSQL running on " + dir + " (port " + running.getAsInt() + ")");
                return new Connected(new Target("jdbc:postgresql://localhost:" + running.getAsInt() + "/postgres",
                        "postgres", password), null);
            }
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, false, true, password);
            return new Connected(new Target(server.jdbcUrl(), "postgres", server.password()), server);
        }
    }

    /** A database to work on, and the embedded server started for it (stopped on close), if any. */
    record Connected(Target target, EmbeddedPostgresServer started) implements AutoCloseable {

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    @Command(name = "backup", description = "Write every table of the database, from one consistent snapshot, to a "
            + "new file (a zip with a manifest of row counts and checksums). The server may keep running.")
    static final class Backup implements Callable<Integer> {

        @ParentCommand
        CreditdeskCli cli;

        @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file to create; "
                + "it must not exist.")
        Path to;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            PrintWriter out = cli.out();
            try (Connected connected = database.connect(cli.env(), out)) {
                Manifest manifest = DatabaseBackups.backup(connected.target(), to, cli.clock());
                out.println("backed up " + manifest.tables().size() + " tables, " + manifest.rows()
                        + " rows at schema version " + manifest.schemaVersion() + " to " + to);
                return 0;
            } catch (RuntimeException e) {
                return cli.fail(e);
            }
        }
    }

    @Command(name = "restore", description = "Restore a backup into an EMPTY database (refused otherwise): migrate it to "
            + "the backup's schema version and copy every table back in one transaction; if anything fails the "
            + "database is left empty. Start the server on it afterwards.")
    static final class Restore implements Callable<Integer> {

        @ParentCommand
        CreditdeskCli cli;

        @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
        Path from;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            PrintWriter out = cli.out();
            try {
                DatabaseBackups.verify(from);
            } catch (RuntimeException e) {
                return cli.fail(e);
            }
            try (Connected connected = database.connect(cli.env(), out)) {
                Manifest manifest = DatabaseBackups.restore(connected.target(), from);
                out.println("restored " + manifest.tables().size() + " tables, " + manifest.rows()
                        + " rows at schema version " + manifest.schemaVersion() + " from " + from
                        + " (backup made " + manifest.createdAt() + ")");
                return 0;
            } catch (RuntimeException e) {
                return cli.fail(e);
            }
        }
    }
}
