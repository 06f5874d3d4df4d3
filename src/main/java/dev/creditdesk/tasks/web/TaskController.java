package dev.creditdesk.tasks.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.GroupCommit;
import dev.creditdesk.shared.GroupCommitted;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.RequestAudit;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskOutput;
import dev.creditdesk.tasks.TaskStatus;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tasks.batch.TaskBatcher;
import dev.creditdesk.tasks.batch.TaskCall;
import dev.creditdesk.usage.UsageFields;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TaskController {

    private final Tasks tasks;
    private final TaskTimers timers;
    private final TaskBatcher batcher;

    TaskController(Tasks tasks, TaskTimers timers, TaskBatcher batcher) {
        this.tasks = tasks;
        this.timers = timers;
        this.batcher = batcher;
    }

    record ReserveBody(@Schema(requiredMode = REQUIRED) UUID accountId, @Schema(requiredMode = REQUIRED) Long credits,
            Long ttlSeconds, String externalId, Map<String, String> metadata,
            @Schema(description = "What the task produces, for usage aggregates; \"generation\" when absent",
                    example = "video") String kind,
            @Schema(description = "How much of it, a decimal string (one when absent)", example = "12.5")
            String quantity,
            @Schema(example = "seconds") String unit) {
    }

    record CompleteBody(Long credits) {
    }

    record NoteBody(String reason) {
    }

    record TaskView(String object, UUID id, UUID accountId, @Nullable String externalId,
            @Schema(implementation = TaskStatus.class) String status, long creditsReserved, long creditsUsed,
            long creditsRestored, @Nullable String note, Instant createdAt, Instant expiresAt,
            @Nullable Instant settledAt, @Nullable Instant restoredAt, Map<String, String> metadata, String kind,
            @Nullable String quantity, @Nullable String unit) {
        static TaskView of(Task t) {
            return new TaskView("task", t.id(), t.accountId(), t.externalId(), t.status().wireName(),
                    t.creditsReserved(), t.creditsUsed(), t.creditsRestored(), t.note(), t.createdAt(),
                    t.expiresAt(), t.settledAt(), t.restoredAt(), t.metadata(), t.output().kind(),
                    t.output().quantity() == null ? null : t.output().quantity().toPlainString(), t.output().unit());
        }
    }

    @ErrorAnswer(status = 402, when = "The account cannot cover the credits (the problem says how many it has)")
    @Operation(operationId = "createTask", summary = "Reserve credits for a task",
            description = "Holds credits until the task completes, fails or its hold expires.")
    @PostMapping("/v1/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    @GroupCommit
    TaskView reserve(Caller caller, @RequestBody ReserveBody body, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.accountId() == null) {
            errors.add(new FieldProblem("account_id", "is required"));
        }
        Long credits = Fields.requiredCredits(body.credits(), "credits", errors);
        Duration ttl = Tasks.DEFAULT_TTL;
        if (body.ttlSeconds() != null) {
            if (body.ttlSeconds() < 1 || body.ttlSeconds() > Limits.MAX_HOLD_TTL_SECONDS) {
                errors.add(new FieldProblem("ttl_seconds", "must be between 1 and " + Limits.MAX_HOLD_TTL_SECONDS));
            } else {
                ttl = Duration.ofSeconds(body.ttlSeconds());
            }
        }
        String externalId = Fields.optionalText(body.externalId(), "external_id", Fields.MAX_TEXT, errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        String kind = body.kind() == null ? UsageFields.DEFAULT_TASK_KIND
                : UsageFields.requiredKind(body.kind(), "kind", errors);
        BigDecimal quantity = UsageFields.quantity(body.quantity(), "quantity", null, errors);
        String unit = UsageFields.unit(body.unit(), "unit", errors);
        Fields.throwIfAny(errors);
        TaskCall reserve = new TaskCall.Reserve(caller.tenantId(), body.accountId(), credits, ttl, externalId,
                metadata, new TaskOutput(kind, quantity, unit), caller.actor());
        return TaskView.of(timers.reserve(() -> apply(request, reserve)));
    }

    /** Tasks newest first (when reserved); {@code account_id} and {@code status} filter. */
    @Operation(operationId = "listTasks", summary = "List tasks",
            description = "Newest first. `account_id` and `status` filter.")
    @GetMapping("/v1/tasks")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<TaskView> list(Caller caller, @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "status", required = false) @Schema(implementation = TaskStatus.class) String status,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        TaskStatus wanted = TaskStatus.fromWire(status);
        if (status != null && wanted == null) {
            Fields.throwIfAny(List.of(new FieldProblem("status", "must be one of " + String.join(", ",
                    Arrays.stream(TaskStatus.values()).map(TaskStatus::wireName).toList()))));
        }
        ListPage<Task> page = tasks.page(caller.tenantId(), accountId, wanted, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(TaskView::of).toList(), page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "getTask", summary = "Retrieve a task")
    @GetMapping("/v1/tasks/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    TaskView get(Caller caller, @PathVariable String id) {
        return TaskView.of(tasks.require(caller.tenantId(), Ids.parseOrNotFound("task", id)));
    }

    @Operation(operationId = "completeTask", summary = "Complete a task",
            description = "Spends the credits used (at most those reserved) and releases the rest.")
    @PostMapping("/v1/tasks/{id}/complete")
    @Allow({Role.SECRET, Role.ADMIN})
    @GroupCommit
    TaskView complete(Caller caller, @PathVariable String id, @RequestBody(required = false) CompleteBody body,
            HttpServletRequest request) {
        Long credits = body == null ? null : body.credits();
        if (credits != null && credits < 0) {
            Fields.throwIfAny(List.of(new FieldProblem("credits", "must not be negative")));
        }
        UUID taskId = Ids.parseOrNotFound("task", id);
        return TaskView.of(timers.complete(() -> apply(request, new TaskCall.Complete(caller.tenantId(), taskId,
                credits))));
    }

    @Operation(operationId = "failTask", summary = "Fail a task", description = "Releases the reserved credits.")
    @PostMapping("/v1/tasks/{id}/fail")
    @Allow({Role.SECRET, Role.ADMIN})
    @GroupCommit
    TaskView fail(Caller caller, @PathVariable String id, @RequestBody(required = false) NoteBody body,
            HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        String reason = body == null ? null : Fields.optionalText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        UUID taskId = Ids.parseOrNotFound("task", id);
        return TaskView.of(apply(request, new TaskCall.Fail(caller.tenantId(), taskId, reason)));
    }

    /**
     * Applies {@code call}: in the request's own transaction, or, when the request joined a batch
     * ({@link GroupCommit}), in the batch with the request's audit entry written with it.
     */
    private Task apply(HttpServletRequest request, TaskCall call) {
        Consumer<RequestAudit.Created> withTheChange = GroupCommitted.of(request);
        return withTheChange == null ? call.applyTo(tasks) : batcher.submit(call, withTheChange);
    }

    /** Restores the credits of a completed task later found failed. */
    @Operation(operationId = "restoreTask", summary = "Restore a completed task's credits",
            description = "For a task later found failed.")
    @PostMapping("/v1/tasks/{id}/restore")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    TaskView restore(Caller caller, @PathVariable String id, @RequestBody NoteBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        return TaskView.of(tasks.restore(caller.tenantId(), Ids.parseOrNotFound("task", id), reason));
    }
}
