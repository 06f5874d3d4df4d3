package dev.creditdesk.notifications.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The email outbox, readable whether or not SMTP is configured. */
@RestController
class OutboxController {

    private final Notifications notifications;

    OutboxController(Notifications notifications) {
        this.notifications = notifications;
    }

    record TemplateBody(@Schema(requiredMode = REQUIRED) String subject, @Schema(requiredMode = REQUIRED) String body) {
    }

    record TemplateView(String object, String template, String subject, String body) {
    }

    /** The tenant's messages, with placeholders such as {order}, {reason}, {amount}, {arrival_from}. */
    @Operation(operationId = "listEmailTemplates", summary = "List the email templates")
    @GetMapping("/v1/email-templates")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<TemplateView> templates(Caller caller) {
        return new ListPage<>(notifications.templates(caller.tenantId()).entrySet().stream()
                .map(e -> new TemplateView("email_template", e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                false, null);
    }

    @Operation(operationId = "updateEmailTemplate", summary = "Customise an email template")
    @org.springframework.web.bind.annotation.PostMapping("/v1/email-templates/{template}")
    @Allow(Role.ADMIN)
    TemplateView customise(Caller caller, @org.springframework.web.bind.annotation.PathVariable String template,
            @org.springframework.web.bind.annotation.RequestBody TemplateBody body) {
        List<dev.creditdesk.shared.FieldProblem> errors = new java.util.ArrayList<>();
        String subject = dev.creditdesk.shared.Fields.requiredText(body.subject(), "subject", 200, errors);
        String text = dev.creditdesk.shared.Fields.requiredText(body.body(), "body", 10_000, errors);
        dev.creditdesk.shared.Fields.throwIfAny(errors);
        notifications.customise(caller.tenantId(), template, subject, text);
        return new TemplateView("email_template", template, subject, text);
    }

    /** Newest first, all messages or one refund request's. */
    @Operation(operationId = "listOutboxEmails", summary = "List the emails sent to customers",
            description = "Newest first, by cursor.")
    @GetMapping("/v1/outbox")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<Email> list(Caller caller, @RequestParam(name = "refund_request_id", required = false) String request,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        UUID requestId = request == null ? null : Ids.parseOrNotFound("refund request", request);
        return notifications.page(caller.tenantId(), requestId, startingAfter, ListPage.checkedLimit(limit));
    }
}
