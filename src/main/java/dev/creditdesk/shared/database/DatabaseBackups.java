package dev.creditdesk.shared.database;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups without client tools: every application table of the connection's schema written
 * with {@code COPY … TO STDOUT} from one consistent snapshot (a repeatable-read, read-only
 * transaction, as pg_dump takes) into one zip with a manifest; restored into an empty database
 * only, by migrating it to the backup's schema version and copying every table back in
 * foreign-key order in one transaction. Flyway's history is not copied: the restore's own
 * migration writes it.
 */
public final class DatabaseBackups {

    /** The version of the file layout; a restore refuses any other. */
    public static final int FORMAT = 1;

    static final String MANIFEST = "manifest.json";
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** What a backup holds, written last into the zip as {@code manifest.json}. */
    public record Manifest(int format, String schemaVersion, String createdAt, List<Table> tables,
            List<SequenceValue> sequences) {

        public long rows() {
            return tables.stream().mapToLong(Table::rows).sum();
        }
    }

    /** One table: its columns in COPY order, its row count and the SHA-256 of its COPY text. */
    public record Table(String name, List<String> columns, long rows, String sha256) {

        String entry() {
            return "tables/" + name + ".copy";
        }
    }

    /** A sequence as {@code setval(name, lastValue, called)} puts it back. */
    public record SequenceValue(String name, long lastValue, boolean called) {
    }

    /** Where to connect: a JDBC URL and its credentials (user and password may be null). */
    public record Target(String url, String user, String password) {

        /** A new connection; one that cannot be made is a {@link DatabaseUnreachableException} saying why. */
        public Connection connect() throws SQLException {
            Properties properties = new Properties();
            if (user != null && !user.isBlank()) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            try {
                return DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                throw DatabaseUnreachableException.of(url, user, e);
            }
        }
    }

    private DatabaseBackups() {
    }

    /** Writes a backup of {@code target} to {@code file}, which must not exist yet. */
    public static Manifest backup(Target target, Path file, Clock clock) {
        if (Files.exists(file)) {
            throw new BackupException(file + " already exists: choose a new file name (a backup never overwrites one)");
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            String schemaVersion = schemaVersion(c);
            Map<String, List<String>> tables = tables(c);
            if (!tables.isEmpty()) {
                try (Statement s = c.createStatement()) {
                    s.execute("lock table " + String.join(", ", tables.keySet().stream().map(DatabaseBackups::quote)
                            .toList()) + " in access share mode");
                }
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<Table> written = new ArrayList<>();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (Map.Entry<String, List<String>> table : tables.entrySet()) {
                    Table entry = new Table(table.getKey(), table.getValue(), 0, null);
                    zip.putNextEntry(new ZipEntry(entry.entry()));
                    MessageDigest sha256 = sha256();
                    long rows = copy.copyOut("copy (select " + columnList(table.getValue()) + " from "
                            + quote(table.getKey()) + ") to stdout", new DigestOutputStream(unclosable(zip), sha256));
                    zip.closeEntry();
                    written.add(new Table(table.getKey(), table.getValue(), rows,
                            HexFormat.of().formatHex(sha256.digest())));
                }
                Manifest manifest = new Manifest(FORMAT, schemaVersion, clock.instant().toString(), written,
                        sequences(c));
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
                c.commit();
                zip.finish();
                zip.close();
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                return manifest;
            }
        } catch (SQLException e) {
            throw new BackupException("backup failed: " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new BackupException("could not write " + file + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is named as such; nothing more to do
            }
        }
    }

    /** Reads and checks a backup file whole (every table against its row count and checksum) without a database. */
    public static Manifest verify(Path file) {
        try (ZipFile zip = open(file)) {
            Manifest manifest = manifest(file, zip);
            for (Table table : manifest.tables()) {
                ZipEntry entry = zip.getEntry(table.entry());
                if (entry == null) {
                    throw new BackupException(file + " is not a complete Creditdesk backup: " + table.entry() + " is missing");
                }
                MessageDigest sha256 = sha256();
                long rows = 0;
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha256)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == '\n') {
                                rows++;
                            }
                        }
                    }
                }
                String actual = HexFormat.of().formatHex(sha256.digest());
                if (!actual.equals(table.sha256()) || rows != table.rows()) {
                    throw new BackupException(file + " is damaged: table " + table.name() + " does not match its "
                            + "checksum and row count in the manifest");
                }
            }
            return manifest;
        } catch (ZipException e) {
            throw new BackupException(file + " is damaged or not a Creditdesk backup (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackupException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores {@code file} into {@code target}, which must hold no tables: migrates it to the
     * backup's schema version, then copies every table in one transaction. If anything fails the
     * migrated schema is removed again, so the database is left empty.
     */
    public static Manifest restore(Target target, Path file) {
        Manifest manifest = verify(file);
        try (Connection c = target.connect()) {
            requireEmpty(c);
            Flyway flyway = Flyway.configure()
                    .dataSource(target.url(), target.user(), target.password())
                    .target(MigrationVersion.fromVersion(manifest.schemaVersion()))
                    .cleanDisabled(false)
                    .load();
            MigrationVersion known = latestMigration(flyway);
            if (known == null || MigrationVersion.fromVersion(manifest.schemaVersion()).compareTo(known) > 0) {
                throw new BackupException("the backup's schema version " + manifest.schemaVersion() + " is newer than "
                        + "this Creditdesk's migrations (latest " + known + "): restore it with the version that made "
                        + "it or a later one");
            }
            try {
                flyway.migrate();
                copyIn(c, file, manifest);
            } catch (RuntimeException | SQLException | IOException e) {
                // the database was empty before: leave it so, whether a migration or the copy failed
                flyway.clean();
                throw e;
            }
            return manifest;
        } catch (SQLException e) {
            throw new BackupException("restore failed, the database is left empty: " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new BackupException("restore failed, the database is left empty: could not read " + file + ": "
                    + e.getMessage(), e);
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new BackupException("restore failed while migrating the empty database to schema version "
                    + manifest.schemaVersion() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void copyIn(Connection c, Path file, Manifest manifest) throws SQLException, IOException {
        c.setAutoCommit(false);
        try (ZipFile zip = open(file)) {
            Map<String, Table> byName = new LinkedHashMap<>();
            manifest.tables().forEach(t -> byName.put(t.name(), t));
            List<String> order = foreignKeyOrder(c);
            Set<String> missing = new TreeSet<>(order);
            missing.removeAll(byName.keySet());
            Set<String> unknown = new TreeSet<>(byName.keySet());
            order.forEach(unknown::remove);
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                throw new BackupException("restore failed, the database is left empty: the tables at schema version "
                        + manifest.schemaVersion() + " differ from the backup's (not in the backup: " + missing
                        + "; not in the schema: " + unknown + ")");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (String name : order) {
                Table table = byName.get(name);
                long rows;
                try (InputStream in = zip.getInputStream(zip.getEntry(table.entry()))) {
                    rows = copy.copyIn("copy " + quote(name) + " (" + columnList(table.columns()) + ") from stdin", in);
                }
                long counted;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select count(*) from " + quote(name))) {
                    rs.next();
                    counted = rs.getLong(1);
                }
                if (rows != table.rows() || counted != table.rows()) {
                    throw new BackupException("restore failed, the database is left empty: table " + name + " has "
                            + counted + " rows after the copy, the backup says " + table.rows());
                }
            }
            try (PreparedStatement setval = c.prepareStatement("select setval(?::regclass, ?, ?)")) {
                for (SequenceValue sequence : manifest.sequences()) {
                    setval.setString(1, quote(sequence.name()));
                    setval.setLong(2, sequence.lastValue());
                    setval.setBoolean(3, sequence.called());
                    setval.execute();
                }
            }
            resetIdentities(c);
            c.commit();
        } catch (RuntimeException | SQLException | IOException e) {
            c.rollback();
            throw e;
        }
    }

    /** Identity sequences at least at their column's largest value, whatever the sequences in the backup said. */
    private static void resetIdentities(Connection c) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select t.relname, a.attname, pg_get_serial_sequence(quote_ident(t.relname), a.attname)
                        from pg_attribute a
                        join pg_class t on t.oid = a.attrelid
                        join pg_namespace n on n.oid = t.relnamespace
                        where n.nspname = current_schema() and a.attidentity <> '' and not a.attisdropped
                        """)) {
            while (rs.next()) {
                identities.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] identity : identities) {
            try (Statement s = c.createStatement()) {
                s.execute("select setval('" + identity[2].replace("'", "''") + "', greatest(max(" + quote(identity[1])
                        + "), (select last_value from " + identity[2] + ")), true) from " + quote(identity[0])
                        + " having max(" + quote(identity[1]) + ") is not null");
            }
        }
    }

    private static void requireEmpty(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select current_schema(), current_database(),
                               (select count(*) from pg_class r join pg_namespace n on n.oid = r.relnamespace
                                where n.nspname = current_schema() and r.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c'))
                             + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                                where n.nspname = current_schema())
                             + (select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace
                                where n.nspname = current_schema() and t.typtype in ('e', 'd', 'r', 'm'))
                             + (select count(*) from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                                where n.nspname = current_schema())
                        """)) {
            rs.next();
            String schema = rs.getString(1);
            if (schema == null) {
                throw new BackupException("database " + rs.getString(2) + " has no schema to restore into (its "
                        + "search_path names none that exists): create the schema, owned by the restoring user");
            }
            long relations = rs.getLong(3);
            if (relations > 0) {
                throw new BackupException("database " + rs.getString(2) + " is not empty (schema " + schema + " has "
                        + relations + " tables, views, sequences, types, functions or extensions): a backup is restored into an empty database "
                        + "only; nothing was changed");
            }
        }
    }

    private static MigrationVersion latestMigration(Flyway flyway) {
        MigrationVersion latest = null;
        for (MigrationInfo info : flyway.info().all()) {
            MigrationVersion version = info.getVersion();
            if (version != null && (latest == null || version.compareTo(latest) > 0)) {
                latest = version;
            }
        }
        return latest;
    }

    /** The highest Flyway version applied, read in the backup's snapshot. */
    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet exists = s.executeQuery("select to_regclass(quote_ident(current_schema()) || '."
                        + FLYWAY_HISTORY + "') is not null")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                throw new BackupException("the database has no " + FLYWAY_HISTORY + " table: it is not a Creditdesk "
                        + "database (or its schema is not the connection's current schema)");
            }
        }
        MigrationVersion highest = null;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version, success from " + FLYWAY_HISTORY
                        + " where version is not null")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    throw new BackupException("migration " + rs.getString(1) + " failed in this database: repair it "
                            + "before taking a backup");
                }
                MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
                if (highest == null || version.compareTo(highest) > 0) {
                    highest = version;
                }
            }
        }
        if (highest == null) {
            throw new BackupException("the database has no applied migration: nothing to back up");
        }
        return highest.getVersion();
    }

    /** The application's tables with their copied columns (generated columns are computed again), by name. */
    private static Map<String, List<String>> tables(Connection c) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select t.relname, a.attname
                        from pg_class t
                        join pg_namespace n on n.oid = t.relnamespace
                        join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
                        where n.nspname = current_schema() and t.relkind in ('r', 'p') and not t.relispartition
                          and t.relname <> '""" + FLYWAY_HISTORY + """
                        ' and a.attgenerated = ''
                        order by t.relname, a.attnum
                        """)) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return tables;
    }

    private static List<SequenceValue> sequences(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select r.relname from pg_class r join pg_namespace n on n.oid = r.relnamespace
                        where n.nspname = current_schema() and r.relkind = 'S' order by r.relname
                        """)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<SequenceValue> sequences = new ArrayList<>();
        for (String name : names) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select last_value, is_called from " + quote(name))) {
                rs.next();
                sequences.add(new SequenceValue(name, rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return sequences;
    }

    /**
     * The schema's tables, each after every table it references (Kahn's algorithm, ties by
     * name); a table referencing itself is fine within one COPY.
     */
    static List<String> foreignKeyOrder(Connection c) throws SQLException {
        Map<String, Set<String>> references = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select t.relname from pg_class t join pg_namespace n on n.oid = t.relnamespace
                        where n.nspname = current_schema() and t.relkind in ('r', 'p') and not t.relispartition
                          and t.relname <> '""" + FLYWAY_HISTORY + "'")) {
            while (rs.next()) {
                references.put(rs.getString(1), new TreeSet<>());
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select child.relname, parent.relname
                        from pg_constraint k
                        join pg_class child on child.oid = k.conrelid
                        join pg_class parent on parent.oid = k.confrelid
                        join pg_namespace n on n.oid = child.relnamespace
                        where k.contype = 'f' and n.nspname = current_schema()
                        """)) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (!child.equals(parent) && references.containsKey(child) && references.containsKey(parent)) {
                    references.get(child).add(parent);
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        while (order.size() < references.size()) {
            List<String> ready = references.entrySet().stream()
                    .filter(e -> !done.contains(e.getKey()) && done.containsAll(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            if (ready.isEmpty()) {
                Set<String> cycle = new TreeSet<>(references.keySet());
                cycle.removeAll(done);
                throw new BackupException("tables reference each other in a cycle, no copy order exists: " + cycle);
            }
            order.addAll(ready);
            done.addAll(ready);
        }
        return order;
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BackupException(file + " does not exist", e);
        } catch (ZipException e) {
            throw new BackupException(file + " is damaged or not a Creditdesk backup (" + e.getMessage() + ")", e);
        }
    }

    private static Manifest manifest(Path file, ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new BackupException(file + " is not a Creditdesk backup: it has no " + MANIFEST);
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = JSON.readValue(in, Manifest.class);
        } catch (JacksonException e) {
            throw new BackupException(file + " is damaged: its " + MANIFEST + " cannot be read ("
                    + firstLine(e.getOriginalMessage()) + ")", e);
        }
        if (manifest.format() != FORMAT) {
            throw new BackupException(file + " has format " + manifest.format() + "; this Creditdesk reads format "
                    + FORMAT + " (restore it with the version that made it)");
        }
        if (manifest.schemaVersion() == null || manifest.tables() == null || manifest.sequences() == null) {
            throw new BackupException(file + " is damaged: its " + MANIFEST + " lacks schema_version, tables or sequences");
        }
        return manifest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** COPY closes the stream it writes to; the zip must stay open for the next entry. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(DatabaseBackups::quote).toList());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A backup or restore that cannot be done, said in one line. */
    public static final class BackupException extends RuntimeException {

        public BackupException(String message) {
            super(message);
        }

        public BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
