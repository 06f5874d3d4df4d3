package dev.creditdesk.usage.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Role;
import dev.creditdesk.usage.IngestResult;
import dev.creditdesk.usage.ReportedUsage;
import dev.creditdesk.usage.Usage;
import dev.creditdesk.usage.UsageEvent;
import dev.creditdesk.usage.UsageFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UsageEventController {

    /** How far ahead of our clock an event may say it occurred (the product's clock may run a little fast). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Usage usage;
    private final Clock clock;

    UsageEventController(Usage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    record UsageEventBody(
            @Schema(requiredMode = REQUIRED, description = "The product's own id of the event: re-sending it is safe")
            String externalId,
            @Schema(requiredMode = REQUIRED) UUID accountId,
            @Schema(requiredMode = REQUIRED, example = "download") String kind,
            @Schema(description = "A decimal string; \"1\" when absent", example = "1") String quantity,
            @Schema(example = "file") String unit,
            @Schema(requiredMode = REQUIRED) Instant occurredAt,
            Map<String, String> metadata) {
    }

    record IngestBody(@ArraySchema(arraySchema = @Schema(requiredMode = REQUIRED), minItems = 1,
            maxItems = Usage.MAX_BATCH)
            List<UsageEventBody> data) {
    }

    record IngestView(String object, int created, int alreadyRecorded) {
        static IngestView of(IngestResult result) {
            return new IngestView("usage_event_batch", result.created(), result.alreadyRecorded());
        }
    }

    record UsageEventView(String object, UUID id, @Schema(allowableValues = {"event", "task"}) String source,
            @Nullable String externalId, @Nullable UUID taskId, UUID accountId, String kind, String quantity,
            @Nullable String unit, Instant occurredAt, Map<String, String> metadata, Instant createdAt) {
        static UsageEventView of(UsageEvent e) {
            return new UsageEventView("usage_event", e.id(), e.source().wireName(), e.externalId(), e.taskId(),
                    e.accountId(), e.kind(), e.quantity().toPlainString(), e.unit(), e.occurredAt(), e.metadata(),
                    e.createdAt());
        }
    }

    @ErrorAnswer(status = 422, when = "An event names an account that is not the tenant's (`data[i].account_id`)")
    @Operation(operationId = "createUsageEvents", summary = "Report usage events",
            description = "Records up to 1,000 events the product reports (downloads, exports, minutes of audio…), "
                    + "all or none. Idempotent by `external_id`: an event recorded before is not counted again; "
                    + "the same `external_id` with other content is a 409 naming the item and field.")
    @PostMapping("/v1/usage-events")
    @Allow({Role.SECRET, Role.ADMIN})
    IngestView ingest(Caller caller, @RequestBody IngestBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.data() == null || body.data().isEmpty()) {
            Fields.throwIfAny(List.of(new FieldProblem("data", "must hold 1 to " + Usage.MAX_BATCH + " events")));
        }
        if (body.data().size() > Usage.MAX_BATCH) {
            Fields.throwIfAny(List.of(new FieldProblem("data", "must hold at most " + Usage.MAX_BATCH
                    + " events; send the rest in another call")));
        }
        Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
        List<ReportedUsage> batch = new ArrayList<>(body.data().size());
        for (int i = 0; i < body.data().size(); i++) {
            batch.add(checked(body.data().get(i), "data[" + i + "].", latest, errors));
        }
        Fields.throwIfAny(errors);
        return IngestView.of(usage.ingest(caller.tenantId(), batch));
    }

    @Operation(operationId = "listUsageEvents", summary = "List usage",
            description = "What usage aggregates count: reported events and completed tasks (`source`), newest "
                    + "first by when recorded. `account_id` and `kind` filter.")
    @GetMapping("/v1/usage-events")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<UsageEventView> list(Caller caller, @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "kind", required = false) String kind,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (kind != null) {
            List<FieldProblem> errors = new ArrayList<>();
            UsageFields.requiredKind(kind, "kind", errors);
            Fields.throwIfAny(errors);
        }
        ListPage<UsageEvent> page = usage.page(caller.tenantId(), accountId, kind, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(UsageEventView::of).toList(), page.hasMore(),
                page.nextCursor());
    }

    private static ReportedUsage checked(UsageEventBody item, String prefix, Instant latest,
            List<FieldProblem> errors) {
        String externalId = Fields.requiredText(item.externalId(), prefix + "external_id", Fields.MAX_TEXT, errors);
        if (item.accountId() == null) {
            errors.add(new FieldProblem(prefix + "account_id", "is required"));
        }
        String kind = UsageFields.requiredKind(item.kind(), prefix + "kind", errors);
        BigDecimal quantity = UsageFields.quantity(item.quantity(), prefix + "quantity", BigDecimal.ONE, errors);
        String unit = UsageFields.unit(item.unit(), prefix + "unit", errors);
        Instant occurredAt = item.occurredAt();
        if (occurredAt == null) {
            errors.add(new FieldProblem(prefix + "occurred_at", "is required"));
        } else if (occurredAt.isBefore(Fields.EARLIEST_TIME)) {
            errors.add(new FieldProblem(prefix + "occurred_at", "must not be before " + Fields.EARLIEST_TIME));
        } else if (occurredAt.isAfter(latest)) {
            errors.add(new FieldProblem(prefix + "occurred_at", "must not be in the future (more than "
                    + MAX_CLOCK_SKEW.toMinutes() + " minutes ahead of the server's clock)"));
        }
        List<FieldProblem> metadataErrors = new ArrayList<>();
        SortedMap<String, String> metadata = Metadata.created(item.metadata(), metadataErrors);
        metadataErrors.forEach(p -> errors.add(new FieldProblem(prefix + p.field(), p.message())));
        return new ReportedUsage(externalId, item.accountId(), kind, quantity, unit, occurredAt, metadata);
    }
}
