package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import dev.creditdesk.tasks.batch.TaskBatcher;
import dev.creditdesk.tasks.batch.TaskCall;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The ledger's property run again with every reservation, completion and failure applied by the
 * group-commit batcher, which decides them set-based (in memory, from rows read once): each step
 * checked against the same model and the database's own sums, so the batch decides every case
 * — drawdown orders, TTLs, closed and suspended blocks, refusals — as the ledger does one by one.
 */
@TestPropertySource(properties = {"creditdesk.tasks.batching.enabled=true", "creditdesk.tasks.batching.workers=1"})
class SetBasedLedgerPropertyIT extends LedgerPropertyIT {

    @Autowired
    TaskBatcher batcher;

    @Autowired
    MeterRegistry meters;

    private double batchesBefore;
    private double oneByOneBefore;

    @BeforeEach
    void countBatches() {
        batchesBefore = meters.get("creditdesk.tasks.batch.size").summary().count();
        oneByOneBefore = meters.get("creditdesk.tasks.batch.one_by_one").counter().count();
    }

    /** Most batches were decided set-based: only a reservation of suspended credits goes one by one. */
    @AfterEach
    void mostBatchesWereSetBased() {
        double batches = meters.get("creditdesk.tasks.batch.size").summary().count() - batchesBefore;
        double oneByOne = meters.get("creditdesk.tasks.batch.one_by_one").counter().count() - oneByOneBefore;
        assertThat(batches).isGreaterThan(50);
        assertThat(oneByOne).as("batches applied one by one of %s", batches).isLessThan(batches * 0.1);
    }

    @Override
    protected Task reserveTask(UUID tenantId, UUID accountId, long credits, Duration ttl) {
        return batcher.submit(new TaskCall.Reserve(tenantId, accountId, credits, ttl, null, new TreeMap<>(),
                TaskOutput.GENERATION, "prop"), null);
    }

    @Override
    protected Task completeTask(UUID tenantId, UUID taskId, long used) {
        return batcher.submit(new TaskCall.Complete(tenantId, taskId, used), null);
    }

    @Override
    protected Task failTask(UUID tenantId, UUID taskId, String reason) {
        return batcher.submit(new TaskCall.Fail(tenantId, taskId, reason), null);
    }
}
