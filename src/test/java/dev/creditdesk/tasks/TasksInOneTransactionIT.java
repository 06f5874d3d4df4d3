package dev.creditdesk.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.ledger.InsufficientCredits;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserve, complete and fail joined to a caller's transaction, each in a savepoint of it (as
 * micro-batching calls them): a refused call takes back what it wrote (a reservation writes its task
 * before it asks the ledger) and the others commit with the transaction.
 */
class TasksInOneTransactionIT extends IntegrationTest {

    @Autowired
    Tasks tasks;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aRefusedReservationInASavepointTakesBackItsTaskAndTheRestCommits() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 10);
        TransactionTemplate outer = new TransactionTemplate(transactions);
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);

        Task kept = outer.execute(status -> {
            Task first = savepoint.execute(s -> tasks.reserve(tenant.id(), account, 4, Duration.ofMinutes(5), "a", "batch"));
            assertThatThrownBy(() -> savepoint.execute(s ->
                    tasks.reserve(tenant.id(), account, 7, Duration.ofMinutes(5), "b", "batch")))
                    .isInstanceOf(InsufficientCredits.class);
            savepoint.execute(s -> tasks.complete(tenant.id(), first.id(), 3L));
            Task second = savepoint.execute(s -> tasks.reserve(tenant.id(), account, 6, Duration.ofMinutes(5), "b", "batch"));
            savepoint.execute(s -> tasks.fail(tenant.id(), second.id(), "model error"));
            return first;
        });

        assertThat(tasks.require(tenant.id(), kept.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(tasks.forAccount(tenant.id(), account, 10)).extracting(Task::externalId, Task::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", TaskStatus.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("b", TaskStatus.FAILED));
        assertThat(available(tenant, account)).isEqualTo(7);
    }
}
