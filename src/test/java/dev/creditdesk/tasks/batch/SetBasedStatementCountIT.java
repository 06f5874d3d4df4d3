package dev.creditdesk.tasks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.tasks.StatementCounter;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a set-based batch costs the database, counted at the JDBC level: the same few statements
 * whatever the number of calls in it — one by one, each call costs five or six
 * ({@code TaskStatementCountIT}). A count, not a timing: it fails if a batch goes call by call.
 */
@Import(StatementCounter.class)
class SetBasedStatementCountIT extends IntegrationTest {

    /** Reservations: their external ids, the accounts' suspensions, the locks, the blocks; tasks; ledger. */
    static final int RESERVES = 6;
    /** Completions: the tasks, the locks, the blocks, the holds; tasks; ledger; usage. */
    static final int COMPLETES = 7;

    @Autowired
    StatementCounter counter;

    @Autowired
    SetBasedBatch batch;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aBatchSendsTheSameFewStatementsWhateverItsSize() {
        TestTenant tenant = newTenant();
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID account = newAccount(tenant);
            grant(tenant, account, 30);
            grant(tenant, account, 100);
            accounts.add(account);
        }
        // the tenant's settings are cached after the first batch, as on a running node
        apply(List.of(reserveCall(tenant, accounts.get(0), 1)));

        for (int size : new int[] {3, 12}) {
            List<TaskCall> reserves = new ArrayList<>();
            for (UUID account : accounts.subList(0, size)) {
                reserves.add(reserveCall(tenant, account, 40));
            }
            counter.start();
            List<SetBasedBatch.Outcome> reserved = apply(reserves);
            List<String> reserveStatements = statements(counter.stop());

            List<TaskCall> completes = new ArrayList<>();
            for (SetBasedBatch.Outcome outcome : reserved) {
                assertThat(outcome.failure()).isNull();
                completes.add(new TaskCall.Complete(tenant.id(), outcome.task().id(), 35L));
            }
            counter.start();
            List<SetBasedBatch.Outcome> completed = apply(completes);
            List<String> completeStatements = statements(counter.stop());

            assertThat(completed).allSatisfy(outcome -> assertThat(outcome.task().creditsUsed()).isEqualTo(35));
            System.out.println(size + " reserves:\n  " + String.join("\n  ", reserveStatements));
            System.out.println(size + " completes:\n  " + String.join("\n  ", completeStatements));
            assertThat(reserveStatements).as("%s reserves", size).hasSizeLessThanOrEqualTo(RESERVES);
            assertThat(completeStatements).as("%s completes", size).hasSizeLessThanOrEqualTo(COMPLETES);
        }
        assertThat(available(tenant, accounts.get(0))).isEqualTo(130 - 1 - 35 - 35);
        assertThat(available(tenant, accounts.get(11))).isEqualTo(130 - 35);
    }

    private List<SetBasedBatch.Outcome> apply(List<TaskCall> calls) {
        return new TransactionTemplate(transactions).execute(status -> batch.apply(calls));
    }

    private static List<String> statements(List<String> sent) {
        return sent.stream().filter(s -> !s.equals("commit") && !s.equals("rollback")).toList();
    }

    private static TaskCall reserveCall(TestTenant tenant, UUID account, long credits) {
        return new TaskCall.Reserve(tenant.id(), account, credits, Duration.ofMinutes(5), "job-" + UUID.randomUUID(),
                new TreeMap<>(), TaskOutput.GENERATION, "count");
    }
}
