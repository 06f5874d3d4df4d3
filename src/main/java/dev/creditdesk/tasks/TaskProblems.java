package dev.creditdesk.tasks;

import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.shared.ApiProblem;
import java.util.UUID;

/** The failures of the task hot path, built in one place for the one-by-one and the batched paths. */
public final class TaskProblems {

    private TaskProblems() {
    }

    /** 403: the account's generation is suspended. */
    public static ApiProblem generationSuspended(Suspension suspension) {
        return new ApiProblem(403, "entitlement-suspended", "Generation suspended",
                "The account may not generate: " + suspension.reason())
                .with("suspension_id", suspension.id())
                .with("suspension_source", suspension.source())
                .with("suspension_source_id", suspension.sourceId());
    }

    /** 409: the tenant has a task with this external id. */
    public static ApiProblem taskExists(String externalId, UUID existing) {
        return ApiProblem.conflict("task-exists", "A task with external_id '" + externalId + "' exists")
                .with("field", "external_id").with("task_id", existing);
    }

    /** 409: the task is no longer reserved. */
    public static ApiProblem notReserved(Task task, String action) {
        return ApiProblem.conflict("task-" + task.status().wireName(),
                "Cannot " + action + " a task that is already " + task.status().wireName());
    }

    /** 422: more credits used than reserved. */
    public static ApiProblem moreThanReserved(Task task) {
        return ApiProblem.invalid("credits", "must not exceed the " + task.creditsReserved() + " credits reserved");
    }
}
