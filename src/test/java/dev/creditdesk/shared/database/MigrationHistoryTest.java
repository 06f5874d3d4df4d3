package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.database.MigrationHistory.History;
import dev.creditdesk.shared.database.MigrationHistory.Migration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Migrations are strictly ordered (out-of-order is off): a new migration is numbered above every
 * released one (db/migration-history.txt), and a released one never changes or disappears.
 */
class MigrationHistoryTest {

    private static final String HEADER = "# released\n# Next free version: V3000\n";

    @Test
    void theMigrationFilesKeepTheReleasedHistory() {
        History history = MigrationHistory.readHistory();
        List<Migration> migrations = MigrationHistory.readMigrations();
        List<String> toAppend = MigrationHistory.linesToAppend(history, migrations);
        if (!toAppend.isEmpty()) {
            System.out.println("Unreleased migrations; at the release append to " + MigrationHistory.HISTORY + ":\n"
                    + String.join("\n", toAppend));
        }
        assertThat(history.released()).as("the history lists what was released").hasSizeGreaterThan(60);
        assertThat(MigrationHistory.problems(history, migrations))
                .as("migrations against %s (docs/operations.md, \"Upgrade\")", MigrationHistory.HISTORY)
                .isEmpty();
    }

    @Test
    void theHistoryKeepsTheOrderInWhichDatabasesAppliedThem() {
        List<String> scripts = MigrationHistory.readHistory().released().stream()
                .map(MigrationHistory.Released::script).toList();
        assertThat(scripts).startsWith("V001__shared_idempotency_keys.sql");
        assertThat(scripts.indexOf("V930__refunds_merged.sql")).isGreaterThan(scripts.indexOf("V2001__console_saved_filters.sql"));
    }

    @Test
    void aNewMigrationNumberedBelowTheHighestReleasedOneIsRefusedWithWhatToDo() {
        History history = MigrationHistory.readHistory(HEADER + "V101__a_one.sql " + MigrationHistory.checksum("select 1;")
                + "\nV2001__b_two.sql " + MigrationHistory.checksum("select 2;") + "\n");
        List<Migration> files = new ArrayList<>(List.of(
                migration("V101__a_one.sql", 101, "select 1;"),
                migration("V2001__b_two.sql", 2001, "select 2;")));
        assertThat(MigrationHistory.problems(history, files)).isEmpty();

        files.add(migration("V940__refunds_late.sql", 940, "select 3;"));
        assertThat(MigrationHistory.problems(history, files)).singleElement().asString()
                .contains("V940__refunds_late.sql", "at or below V2001", "number it above V2001");

        files.set(2, migration("V2002__refunds_late.sql", 2002, "select 3;"));
        assertThat(MigrationHistory.problems(history, files)).isEmpty();
        assertThat(MigrationHistory.linesToAppend(history, files))
                .containsExactly("V2002__refunds_late.sql " + MigrationHistory.checksum("select 3;"));
    }

    @Test
    void aReleasedMigrationThatChangedOrDisappearedIsRefused() {
        History history = MigrationHistory.readHistory(HEADER + "V101__a_one.sql " + MigrationHistory.checksum("select 1;")
                + "\nV201__b_two.sql " + MigrationHistory.checksum("select 2;") + "\n");

        assertThat(MigrationHistory.problems(history, List.of(
                migration("V101__a_one.sql", 101, "select 1; -- edited"),
                migration("V201__b_two.sql", 201, "select 2;"))))
                .singleElement().asString()
                .contains("V101__a_one.sql changed after it was released", "never edit an applied migration",
                        "new migration numbered above V201");

        assertThat(MigrationHistory.problems(history, List.of(migration("V201__b_two.sql", 201, "select 2;"))))
                .singleElement().asString()
                .contains("V101__a_one.sql was released", "file is gone", "restore the file unchanged");
    }

    @Test
    void theNextFreeVersionStaysAboveEveryMigration() {
        History history = MigrationHistory.readHistory("# Next free version: V2002\nV2001__b_two.sql "
                + MigrationHistory.checksum("select 2;") + "\n");
        assertThat(MigrationHistory.problems(history, List.of(
                migration("V2001__b_two.sql", 2001, "select 2;"),
                migration("V2005__c_three.sql", 2005, "select 3;"))))
                .singleElement().asString()
                .contains("next free version is V2002 but V2005 exists", "raise it to V2006");
    }

    @Test
    void misnamedAndDuplicateVersionsAreRefused() {
        History history = MigrationHistory.readHistory(HEADER);
        assertThat(MigrationHistory.problems(history, List.of(
                migration("V12__a_one.sql", 12, "select 1;"),
                migration("V12__b_two.sql", 12, "select 2;"),
                migration("v13_typo.sql", -1, "select 3;"))))
                .anySatisfy(p -> assertThat(p).contains("v13_typo.sql is not named V<number>__<module>_<what>.sql"))
                .anySatisfy(p -> assertThat(p).contains("V12__a_one.sql and V12__b_two.sql share version V12"))
                .hasSize(2);
    }

    @Test
    void theChecksumIsFlywaysLineByLineCrc() {
        // Line ends and a byte-order mark do not count, as in Flyway's ChecksumCalculator.
        assertThat(MigrationHistory.checksum("select 1;\r\nselect 2;\n"))
                .isEqualTo(MigrationHistory.checksum("\uFEFFselect 1;\nselect 2;"))
                .isNotEqualTo(MigrationHistory.checksum("select 1;\nselect 3;\n"));
    }

    private static Migration migration(String script, long version, String sql) {
        return new Migration(script, version, MigrationHistory.checksum(sql), sql);
    }
}
