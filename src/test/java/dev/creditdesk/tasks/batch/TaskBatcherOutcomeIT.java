package dev.creditdesk.tasks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a batch's commit fails, the batcher asks PostgreSQL what became of the transaction before
 * it applies any call again: a committed one is never applied twice, an aborted one is, and one
 * nobody can tell about is not.
 */
class TaskBatcherOutcomeIT extends IntegrationTest {

    @Autowired
    TaskBatcher batcher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCommittedTransactionIsKnownCommittedAndARolledBackOneAborted() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        String committed = transaction.execute(status -> currentTransactionId());
        String rolledBack = transaction.execute(status -> {
            status.setRollbackOnly();
            return currentTransactionId();
        });

        assertThat(batcher.outcomeOf(committed)).isEqualTo(TaskBatcher.Outcome.COMMITTED);
        assertThat(batcher.outcomeOf(rolledBack)).isEqualTo(TaskBatcher.Outcome.ROLLED_BACK);
    }

    @Test
    void aTransactionNobodyCanTellAboutIsUnknown() {
        String future = String.valueOf(Long.parseLong(currentTransactionId()) + 1_000_000);

        assertThat(batcher.outcomeOf(future)).isEqualTo(TaskBatcher.Outcome.UNKNOWN);
    }

    private String currentTransactionId() {
        return jdbc.sql("select cast(pg_current_xact_id() as text)").query(String.class).single();
    }
}
