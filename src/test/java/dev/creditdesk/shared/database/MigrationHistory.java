package dev.creditdesk.shared.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The released migrations ({@code db/migration-history.txt}) held against the migration files:
 * what {@link MigrationHistoryTest} and {@link ContractingMigrationsTest} check.
 */
final class MigrationHistory {

    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final Path HISTORY = Path.of("src", "main", "resources", "db", "migration-history.txt");

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
    private static final Pattern NEXT_FREE = Pattern.compile("#\\s*Next free version:\\s*V(\\d+)\\b.*");

    /** A migration as listed in the history file: released, applied somewhere, never to change. */
    record Released(String script, long version, int checksum) {
    }

    /** A migration file in src/main/resources/db/migration. */
    record Migration(String script, long version, int checksum, String sql) {
    }

    /** The history file: the released migrations in the order they were applied, and the next free version. */
    record History(List<Released> released, OptionalInt nextFree) {

        long highestVersion() {
            return released.stream().mapToLong(Released::version).max().orElse(0);
        }
    }

    private MigrationHistory() {
    }

    static History readHistory(String text) {
        List<Released> released = new ArrayList<>();
        OptionalInt nextFree = OptionalInt.empty();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String trimmed = line.strip();
            Matcher next = NEXT_FREE.matcher(trimmed);
            if (next.matches()) {
                nextFree = OptionalInt.of(Integer.parseInt(next.group(1)));
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("migration-history.txt line " + lineNumber
                        + ": expected '<script> <checksum>', found '" + trimmed + "'");
            }
            released.add(new Released(parts[0], version(parts[0]), Integer.parseInt(parts[1])));
        }
        return new History(released, nextFree);
    }

    static History readHistory() {
        try {
            return readHistory(Files.readString(HISTORY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The migration files, in version order. */
    static List<Migration> readMigrations(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Migration> migrations = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                migrations.add(new Migration(name, SCRIPT.matcher(name).matches() ? version(name) : -1,
                        checksum(sql), sql));
            }
            migrations.sort(Comparator.comparingLong(Migration::version).thenComparing(Migration::script));
            return migrations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Migration> readMigrations() {
        return readMigrations(MIGRATIONS);
    }

    /** The files not listed in the history: this release's new migrations. */
    static List<Migration> unreleased(History history, List<Migration> migrations) {
        Map<String, Released> listed = listed(history);
        return migrations.stream().filter(m -> !listed.containsKey(m.script())).toList();
    }

    /**
     * What is wrong, one message a problem, each saying what to do: a file named off the pattern, a
     * released migration changed or gone, a new one numbered at or below the highest released
     * version or at or above the documented next free version.
     */
    static List<String> problems(History history, List<Migration> migrations) {
        List<String> problems = new ArrayList<>();
        Map<String, Released> listed = listed(history);
        Map<String, Migration> files = new LinkedHashMap<>();
        migrations.forEach(m -> files.put(m.script(), m));
        long highest = history.highestVersion();
        for (Migration m : migrations) {
            if (m.version() < 0) {
                problems.add(m.script() + " is not named V<number>__<module>_<what>.sql (lower case): Flyway would "
                        + "skip or misread it; rename it V" + (highest + 1) + "__<module>_<what>.sql or higher");
            }
        }
        for (Released r : history.released()) {
            Migration file = files.get(r.script());
            if (file == null) {
                problems.add(r.script() + " was released (migration-history.txt) but its file is gone: databases "
                        + "have applied it and Flyway's validate would fail on them; restore the file unchanged");
            } else if (file.checksum() != r.checksum()) {
                problems.add(r.script() + " changed after it was released (checksum " + r.checksum() + ", now "
                        + file.checksum() + "): never edit an applied migration; restore it and put the change in a "
                        + "new migration numbered above V" + highest);
            }
        }
        long newHighest = highest;
        for (Migration m : migrations) {
            if (m.version() < 0 || listed.containsKey(m.script())) {
                continue;
            }
            newHighest = Math.max(newHighest, m.version());
            if (m.version() <= highest) {
                problems.add(m.script() + " is numbered V" + m.version() + ", at or below V" + highest
                        + ", the highest released migration: with out-of-order off, Flyway would refuse it on every "
                        + "database already past V" + highest + "; number it above V" + highest
                        + " (and below the next free version in migration-history.txt, then raise that)");
            }
        }
        Map<Long, List<String>> byVersion = new TreeMap<>();
        migrations.stream().filter(m -> m.version() >= 0)
                .forEach(m -> byVersion.computeIfAbsent(m.version(), v -> new ArrayList<>()).add(m.script()));
        byVersion.forEach((version, scripts) -> {
            if (scripts.size() > 1) {
                problems.add(String.join(" and ", scripts) + " share version V" + version
                        + ": give the unreleased one its own version above V" + highest);
            }
        });
        if (history.nextFree().isEmpty()) {
            problems.add("migration-history.txt has no '# Next free version: V<n>' line; add one above V" + newHighest);
        } else if (history.nextFree().getAsInt() <= newHighest) {
            problems.add("migration-history.txt says the next free version is V" + history.nextFree().getAsInt()
                    + " but V" + newHighest + " exists: raise it to V" + (newHighest + 1) + " or higher");
        }
        return problems;
    }

    /** The lines to append to migration-history.txt at a release, for the unreleased migrations. */
    static List<String> linesToAppend(History history, List<Migration> migrations) {
        return unreleased(history, migrations).stream()
                .filter(m -> m.version() >= 0)
                .map(m -> m.script() + " " + m.checksum())
                .toList();
    }

    /**
     * Flyway's checksum of a SQL migration (its ChecksumCalculator): a CRC-32 of the script's lines
     * without their line ends, each line's byte-order mark dropped; the {@code checksum} column of
     * flyway_schema_history.
     */
    static int checksum(String sql) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(sql))) {
            String line;
            while ((line = reader.readLine()) != null) {
                crc.update((line.startsWith("\uFEFF") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    private static Map<String, Released> listed(History history) {
        Map<String, Released> listed = new LinkedHashMap<>();
        history.released().forEach(r -> listed.put(r.script(), r));
        return listed;
    }

    private static long version(String script) {
        Matcher m = SCRIPT.matcher(script);
        if (!m.matches()) {
            throw new IllegalArgumentException(script + " is not named V<number>__<module>_<what>.sql");
        }
        return Long.parseLong(m.group(1));
    }
}
