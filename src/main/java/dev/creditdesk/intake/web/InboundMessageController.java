package dev.creditdesk.intake.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.intake.InboundMessage;
import dev.creditdesk.intake.InboundMessages;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The messages read from the tenant's mailbox, and support's actions on those that matched nothing. */
@RestController
class InboundMessageController {

    private static final int MAX_REASON = 10_000;

    private final InboundMessages messages;

    InboundMessageController(InboundMessages messages) {
        this.messages = messages;
    }

    @Operation(operationId = "listInboundMessages", summary = "List the messages read from the support mailbox",
            description = "Newest first, by cursor; filter by status (unmatched: waiting for support).")
    @GetMapping("/v1/inbound-messages")
    @Allow({Role.SUPPORT, Role.ADMIN})
    ListPage<InboundMessage> list(Caller caller, @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        InboundStatus wanted = InboundStatus.fromWire(status);
        if (status != null && wanted == null) {
            Fields.throwIfAny(List.of(new FieldProblem("status", "must be one of " + String.join(", ",
                    Arrays.stream(InboundStatus.values()).map(InboundStatus::wireName).toList()))));
        }
        return messages.page(caller.tenantId(), wanted, startingAfter, ListPage.checkedLimit(limit));
    }

    @Operation(operationId = "getInboundMessage", summary = "Get a message read from the support mailbox")
    @GetMapping("/v1/inbound-messages/{id}")
    @Allow({Role.SUPPORT, Role.ADMIN})
    InboundMessage get(Caller caller, @PathVariable String id) {
        return messages.require(caller.tenantId(), Ids.parseOrNotFound("inbound message", id));
    }

    record AttachBody(@Schema(requiredMode = REQUIRED) String refundRequestId) {
    }

    /** Adds an unmatched message to a case as a reply in its thread would be: its words, its files as evidence. */
    @Operation(operationId = "attachInboundMessage", summary = "Add an unmatched message to a refund request")
    @PostMapping("/v1/inbound-messages/{id}/attach")
    @Allow({Role.SUPPORT, Role.ADMIN})
    InboundMessage attach(Caller caller, @PathVariable String id, @RequestBody AttachBody body) {
        UUID messageId = Ids.parseOrNotFound("inbound message", id);
        UUID requestId = null;
        try {
            requestId = body == null || body.refundRequestId() == null ? null : UUID.fromString(body.refundRequestId());
        } catch (IllegalArgumentException e) {
            requestId = null;
        }
        if (requestId == null) {
            Fields.throwIfAny(List.of(new FieldProblem("refund_request_id", "must be the id of a refund request")));
        }
        return messages.attach(caller.tenantId(), messageId, requestId, caller.actor());
    }

    record OpenCaseBody(@Nullable String email, @Nullable String orderNumber, @Nullable String transactionId,
            @Schema(example = "2026-02-04") @Nullable String purchaseDate, @Nullable String category,
            @Nullable String reason, @Nullable UUID taskId) {
    }

    /**
     * Opens a case from an unmatched message; support gives what it lacked (the rest is taken from
     * the message). Intake checks it as every request: the email must speak for the order.
     */
    @ErrorAnswer(status = 422, when = "No order of the account with this email matches, or the purchase date does not "
            + "match it")
    @Operation(operationId = "openCaseFromInboundMessage", summary = "Open a refund request from an unmatched message")
    @PostMapping("/v1/inbound-messages/{id}/open-case")
    @Allow({Role.SUPPORT, Role.ADMIN})
    InboundMessage openCase(Caller caller, @PathVariable String id, @RequestBody(required = false) OpenCaseBody body) {
        UUID messageId = Ids.parseOrNotFound("inbound message", id);
        OpenCaseBody given = body == null ? new OpenCaseBody(null, null, null, null, null, null, null) : body;
        List<FieldProblem> errors = new ArrayList<>();
        String email = given.email() == null ? null : Fields.requiredEmail(given.email(), "email", errors);
        String number = Fields.optionalText(given.orderNumber(), "order_number", Fields.MAX_TEXT, errors);
        String transaction = Fields.optionalText(given.transactionId(), "transaction_id", Fields.MAX_TEXT, errors);
        LocalDate date = null;
        if (given.purchaseDate() != null) {
            try {
                date = LocalDate.parse(given.purchaseDate());
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem("purchase_date", "must be a date such as 2026-03-02"));
            }
        }
        String category = Fields.optionalText(given.category(), "category", 60, errors);
        String reason = Fields.optionalText(given.reason(), "reason", MAX_REASON, errors);
        Fields.throwIfAny(errors);
        return messages.openCase(caller.tenantId(), messageId, new InboundMessages.CaseFacts(email, number,
                transaction, date, category, reason, given.taskId()), caller.actor());
    }

    @Operation(operationId = "dismissInboundMessage", summary = "Dismiss an unmatched message")
    @PostMapping("/v1/inbound-messages/{id}/dismiss")
    @Allow({Role.SUPPORT, Role.ADMIN})
    InboundMessage dismiss(Caller caller, @PathVariable String id) {
        return messages.dismiss(caller.tenantId(), Ids.parseOrNotFound("inbound message", id), caller.actor());
    }
}
