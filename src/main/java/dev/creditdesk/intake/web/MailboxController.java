package dev.creditdesk.intake.web;

import dev.creditdesk.intake.ConnectionCheck;
import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxDraft;
import dev.creditdesk.intake.Mailboxes;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's support mailbox (IMAP) and its parse settings: the tenant's admins only. */
@RestController
@Allow(Role.ADMIN)
class MailboxController {

    private final Mailboxes mailboxes;

    MailboxController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    record MailboxBody(
            @Schema(description = "The IMAP server, such as imap.gmail.com", example = "imap.gmail.com") String host,
            @Schema(description = "Default: 993 with ssl, 143 otherwise") @Nullable Integer port,
            @Schema(allowableValues = {"ssl", "starttls", "none"}, description = "Default: ssl") @Nullable String security,
            String username,
            @Schema(description = "Required when creating; left out, the saved one is kept. Never shown again")
            @Nullable String password,
            @Schema(description = "Default: INBOX") @Nullable String folder,
            @Schema(description = "Default: true") @Nullable Boolean enabled,
            @Schema(description = "Regular expressions for order numbers (the first group, or the whole match, is "
                    + "the number); empty or left out: the default") @Nullable List<String> orderPatterns,
            @Schema(description = "Regular expressions for transaction ids; empty or left out: the default")
            @Nullable List<String> transactionPatterns,
            @Schema(description = "Whether 04/02/2026 is the 4th of February (true, the default) or April 2nd")
            @Nullable Boolean dayFirst) {
    }

    record MailboxView(@Schema(allowableValues = "mailbox") String object, String host, int port,
            @Schema(allowableValues = {"ssl", "starttls", "none"}) String security, String username,
            boolean passwordSet, String folder, boolean enabled, List<String> orderPatterns,
            List<String> transactionPatterns, boolean dayFirst, @Nullable Instant lastPolledAt,
            @Nullable String lastError, Instant createdAt, Instant updatedAt) {
        static MailboxView of(Mailbox m) {
            return new MailboxView("mailbox", m.host(), m.port(), m.security().wireName(), m.username(), true,
                    m.folder(), m.enabled(), m.orderPatterns(), m.transactionPatterns(), m.dayFirst(),
                    m.lastPolledAt(), m.lastError(), m.createdAt(), m.updatedAt());
        }
    }

    record MailboxTestView(@Schema(allowableValues = "mailbox_test") String object, boolean ok,
            @Nullable String problem) {
    }

    record DeletedView(@Schema(allowableValues = "mailbox") String object, boolean deleted) {
    }

    @Operation(operationId = "getMailbox", summary = "Retrieve the support mailbox",
            description = "The settings without the password (`password_set`), and how the last poll went.")
    @ErrorAnswer(status = 404, when = "The tenant has no support mailbox")
    @GetMapping("/v1/mailbox")
    MailboxView get(Caller caller) {
        return MailboxView.of(mailboxes.require(caller.tenantId()));
    }

    @Operation(operationId = "putMailbox", summary = "Create or replace the support mailbox",
            description = "IMAP host, port, security, user, password (stored encrypted; left out on a replace, the "
                    + "saved one is kept), folder, and the parse settings. Hosts on private networks are refused.")
    @PutMapping("/v1/mailbox")
    MailboxView put(Caller caller, @RequestBody MailboxBody body) {
        return MailboxView.of(mailboxes.save(caller.tenantId(), new MailboxDraft(body.host(), body.port(),
                body.security(), body.username(), body.password(), body.folder(), body.enabled(), body.orderPatterns(),
                body.transactionPatterns(), body.dayFirst())));
    }

    @Operation(operationId = "deleteMailbox", summary = "Delete the support mailbox",
            description = "Creditdesk stops reading it; messages already received stay.")
    @ErrorAnswer(status = 404, when = "The tenant has no support mailbox")
    @DeleteMapping("/v1/mailbox")
    DeletedView delete(Caller caller) {
        mailboxes.delete(caller.tenantId());
        return new DeletedView("mailbox", true);
    }

    @Operation(operationId = "testMailbox", summary = "Test the support mailbox's connection",
            description = "Connects with the saved settings, logs in and opens the folder; `ok` false with the "
                    + "problem in words when something fails.")
    @ErrorAnswer(status = 404, when = "The tenant has no support mailbox")
    @PostMapping("/v1/mailbox/test")
    MailboxTestView test(Caller caller) {
        ConnectionCheck check = mailboxes.test(caller.tenantId());
        return new MailboxTestView("mailbox_test", check.ok(), check.problem());
    }
}
