package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.database.MigrationHistory.History;
import dev.creditdesk.shared.database.MigrationHistory.Migration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades: a migration newer than the released list (db/migration-history.txt) that
 * contracts the schema (drops, renames, narrows, changes a type, makes a column NOT NULL) carries
 * a marker comment, so the release notes can tell operators to stop older nodes first
 * (docs/operations.md, "Rolling upgrades").
 */
class ContractingMigrationsTest {

    @Test
    void everyUnreleasedContractingMigrationSaysSo() {
        History history = MigrationHistory.readHistory();
        List<String> unmarked = new ArrayList<>();
        for (Migration m : MigrationHistory.unreleased(history, MigrationHistory.readMigrations())) {
            List<String> found = ContractingStatements.find(m.sql());
            if (!found.isEmpty() && ContractingStatements.contractVersion(m.sql()).isEmpty()
                    && !ContractingStatements.markedRollingSafe(m.sql())) {
                unmarked.add(m.script() + " contracts the schema, which can break nodes of the previous version "
                        + "still running during a rolling upgrade:\n    " + String.join("\n    ", found)
                        + "\n  Add '-- contract: needs all nodes on version >= X' (X: the first release that no longer "
                        + "uses what it removes; say so in docs/changelog.md), split it into an expand now and a "
                        + "contract in a later release, or, if nothing older nodes use is removed or narrowed, "
                        + "'-- rolling-safe: <why>'.");
            }
        }
        assertThat(unmarked).as("docs/operations.md, \"Rolling upgrades\"").isEmpty();
    }

    @Test
    void theScanFindsWhatReleasedMigrationsContracted() {
        // The released history has both kinds; the scan must tell them apart.
        Map<String, List<String>> found = MigrationHistory.readMigrations().stream()
                .collect(Collectors.toMap(Migration::script, m -> ContractingStatements.find(m.sql())));
        assertThat(found.get("V306__ledger_entry_public_ids.sql"))
                .anySatisfy(f -> assertThat(f).startsWith("makes an existing column NOT NULL"));
        assertThat(found.get("V1003__notifications_threading.sql"))
                .anySatisfy(f -> assertThat(f).startsWith("makes an existing column NOT NULL"));
        assertThat(found.get("V930__refunds_merged.sql"))
                .anySatisfy(f -> assertThat(f).startsWith("drops a constraint"))
                .anySatisfy(f -> assertThat(f).startsWith("adds a constraint to an existing table"));
        assertThat(found.get("V2001__console_saved_filters.sql")).isEmpty();
        assertThat(found.get("V1001__notifications_outbox.sql")).isEmpty();
    }

    @Test
    void contractingStatementsAreFound() {
        assertThat(ContractingStatements.find("""
                drop table old_things;
                alter table accounts drop column nickname;
                alter table accounts drop nickname2, add column note text;
                alter table accounts rename column email to email_address;
                alter table accounts alter column country type varchar(2);
                alter table accounts alter column country set not null;
                alter table accounts add constraint accounts_country check (country <> '');
                alter table accounts add column tier text not null;
                alter table accounts alter column tier drop default;
                create unique index accounts_tier on accounts (tenant_id, tier);
                drop index accounts_email;
                """)).extracting(f -> f.substring(0, f.indexOf(':')))
                .containsExactly(
                        "drops something older nodes may still use",
                        "drops a column",
                        "drops a column",
                        "renames a table, column or constraint",
                        "changes a column's type",
                        "makes an existing column NOT NULL",
                        "adds a constraint to an existing table (narrows what older nodes may write)",
                        "adds a NOT NULL column without a default (older nodes' inserts fail)",
                        "drops a default older nodes' inserts rely on",
                        "adds a unique index (older nodes' writes may now conflict)",
                        "drops an index older nodes may rely on (ON CONFLICT, plans)");
    }

    @Test
    void expandingStatementsPass() {
        assertThat(ContractingStatements.find("""
                -- drop table in a comment does not count; neither does /* rename */
                create table notes (id uuid primary key, body text not null, unique (id, body),
                    check (body <> ''));
                alter table accounts add column note text;
                alter table accounts add column tier text not null default 'free';
                alter table accounts alter column nickname drop not null;
                create index accounts_note on accounts (note);
                insert into notes values (gen_random_uuid(), 'x');
                """)).isEmpty();
    }

    @Test
    void theMarkersAreRead() {
        String contract = "-- contract: needs all nodes on version >= 0.3.0\nalter table a drop column b;\n";
        assertThat(ContractingStatements.contractVersion(contract)).contains("0.3.0");
        assertThat(ContractingStatements.contractVersion("-- contract: whenever\nalter table a drop column b;")).isEmpty();
        assertThat(ContractingStatements.markedRollingSafe("-- rolling-safe: the check only gains 'merged'\n")).isTrue();
        assertThat(ContractingStatements.markedRollingSafe("-- rolling-safe:\n")).isFalse();
    }
}
