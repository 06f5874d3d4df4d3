package dev.creditdesk.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * What one reservation and one completion cost the database, counted at the JDBC level: the
 * statements each sends (and its commit). A count, not a timing: it fails when a re-read or an
 * extra round trip creeps back into the hot path. docs/bench-notes/lean.md lists the statements.
 *
 * <p>Its own Spring context (the import), so the shared context's DataSource stays unwrapped.
 */
@Import(StatementCounter.class)
class TaskStatementCountIT extends IntegrationTest {

    /**
     * Statements of one reservation, its commit not counted: the account with its suspensions, the
     * task (its external_id refused by the unique index), the account's lock, its spendable blocks,
     * then the hold with its block changes and entries in one statement. Was 9.
     */
    static final int RESERVE = 5;
    /**
     * Statements of one completion, its commit not counted: the task, the account's lock, the hold
     * with its portions, the settlement (hold, blocks, entries) in one statement, the task's
     * transition returning it, its usage row. Was 11 (12 over two blocks).
     */
    static final int COMPLETE = 6;
    /** A failure: as a completion without the usage row. Was 10. */
    static final int FAIL = 5;

    @Autowired
    StatementCounter counter;

    @Autowired
    Tasks tasks;

    @Test
    void aReservationAndItsCompletionSendFewStatements() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        // the tenant's settings are cached after the first reservation, as on a running node
        Task warm = tasks.reserve(tenant.id(), account, 1, Duration.ofMinutes(5), null, "count");
        tasks.complete(tenant.id(), warm.id(), null);

        counter.start();
        Task task = tasks.reserve(tenant.id(), account, 30, Duration.ofMinutes(5), "job-" + UUID.randomUUID(),
                new TreeMap<>(Map.of("model", "v2")), new TaskOutput("video", new BigDecimal("12.5"), "seconds"),
                "count");
        List<String> reserve = counter.stop();
        counter.start();
        Task completed = tasks.complete(tenant.id(), task.id(), 12L);
        List<String> complete = counter.stop();

        assertThat(completed.creditsUsed()).isEqualTo(12);
        assertThat(available(tenant, account)).isEqualTo(100 - 1 - 12);
        System.out.println("reserve:\n  " + String.join("\n  ", reserve));
        System.out.println("complete:\n  " + String.join("\n  ", complete));
        assertThat(statements(reserve)).as("reserve: %s", reserve).hasSizeLessThanOrEqualTo(RESERVE);
        assertThat(statements(complete)).as("complete: %s", complete).hasSizeLessThanOrEqualTo(COMPLETE);
    }

    @Test
    void aReservationSpreadOverTwoBlocksSendsNoMoreAndAFailureFewer() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 10);
        grant(tenant, account, 100);
        Task warm = tasks.reserve(tenant.id(), account, 1, Duration.ofMinutes(5), null, "count");
        counter.start();
        tasks.fail(tenant.id(), warm.id(), "warm-up");
        List<String> fail = counter.stop();
        System.out.println("fail:\n  " + String.join("\n  ", fail));
        assertThat(statements(fail)).as("fail: %s", fail).hasSizeLessThanOrEqualTo(FAIL);

        counter.start();
        Task task = tasks.reserve(tenant.id(), account, 30, Duration.ofMinutes(5), null, "count");
        List<String> reserve = counter.stop();
        counter.start();
        tasks.complete(tenant.id(), task.id(), 25L);
        List<String> complete = counter.stop();

        assertThat(available(tenant, account)).isEqualTo(110 - 25);
        System.out.println("reserve (two blocks):\n  " + String.join("\n  ", reserve));
        System.out.println("complete (two blocks):\n  " + String.join("\n  ", complete));
        assertThat(statements(reserve)).as("reserve: %s", reserve).hasSizeLessThanOrEqualTo(RESERVE);
        assertThat(statements(complete)).as("complete: %s", complete).hasSizeLessThanOrEqualTo(COMPLETE);
    }

    private static List<String> statements(List<String> sent) {
        return sent.stream().filter(s -> !s.equals("commit") && !s.equals("rollback")).toList();
    }
}
