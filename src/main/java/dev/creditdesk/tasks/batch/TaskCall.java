package dev.creditdesk.tasks.batch;

import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import dev.creditdesk.tasks.Tasks;
import java.time.Duration;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A call of the task hot path, as data: a batch applies it set-based with others
 * ({@link SetBasedBatch}), or one by one through {@link Tasks} ({@link #applyTo}); both answer
 * the same.
 */
public sealed interface TaskCall {

    UUID tenantId();

    /** Runs the call through {@link Tasks}, in the caller's transaction. */
    Task applyTo(Tasks tasks);

    /** {@link Tasks#reserve} of credits for a new task. */
    record Reserve(UUID tenantId, UUID accountId, long credits, Duration ttl, String externalId,
            SortedMap<String, String> metadata, TaskOutput output, String actor) implements TaskCall {

        @Override
        public Task applyTo(Tasks tasks) {
            return tasks.reserve(tenantId, accountId, credits, ttl, externalId, metadata, output, actor);
        }
    }

    /** {@link Tasks#complete}: {@code creditsUsed} null for all that was reserved. */
    record Complete(UUID tenantId, UUID taskId, Long creditsUsed) implements TaskCall {

        @Override
        public Task applyTo(Tasks tasks) {
            return tasks.complete(tenantId, taskId, creditsUsed);
        }
    }

    /** {@link Tasks#fail}: releases the task's credits. */
    record Fail(UUID tenantId, UUID taskId, String reason) implements TaskCall {

        @Override
        public Task applyTo(Tasks tasks) {
            return tasks.fail(tenantId, taskId, reason);
        }
    }
}
