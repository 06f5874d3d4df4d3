package dev.creditdesk.console.web;

import dev.creditdesk.intake.InboundMessage;
import dev.creditdesk.intake.InboundMessages;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Unmatched mail: the messages of the support mailbox that opened no case and joined none, for
 * support to attach to a case, open a case from (completing what the message lacked), or dismiss.
 */
@Controller
class InboundPageController {

    static final int PAGE = 50;

    private final InboundMessages messages;

    InboundPageController(InboundMessages messages) {
        this.messages = messages;
    }

    @GetMapping("/console/inbound")
    String list(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "status", defaultValue = "unmatched") String status, Model model) {
        fill(model, user, InboundStatus.fromWire(status) == null && !status.isEmpty() ? "unmatched" : status);
        return "console/inbound";
    }

    @PostMapping("/console/inbound/{id}/attach")
    String attach(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "refund_request_id", defaultValue = "") String requestId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        UUID messageId = Ids.parseOrNotFound("inbound message", id);
        return act(user, model, response, redirect, () -> {
            UUID request;
            try {
                request = UUID.fromString(requestId.strip());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("refund_request_id", "give the case's id");
            }
            InboundMessage done = messages.attach(user.tenantId(), messageId, request, user.actor());
            return "The message from " + done.sender() + " was added to case " + done.refundRequestId() + ".";
        });
    }

    @PostMapping("/console/inbound/{id}/open-case")
    String openCase(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "order_number", defaultValue = "") String orderNumber,
            @RequestParam(name = "transaction_id", defaultValue = "") String transactionId,
            @RequestParam(name = "purchase_date", defaultValue = "") String purchaseDate,
            @RequestParam(name = "category", defaultValue = "") String category,
            @RequestParam(name = "reason", defaultValue = "") String reason, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        UUID messageId = Ids.parseOrNotFound("inbound message", id);
        return act(user, model, response, redirect, () -> {
            LocalDate date = null;
            if (!purchaseDate.isBlank()) {
                try {
                    date = LocalDate.parse(purchaseDate.strip());
                } catch (DateTimeParseException e) {
                    throw ApiProblem.invalid("purchase_date", "must be a date such as 2026-03-02");
                }
            }
            InboundMessage done = messages.openCase(user.tenantId(), messageId, new InboundMessages.CaseFacts(
                    blankToNull(email), blankToNull(orderNumber), blankToNull(transactionId), date,
                    blankToNull(category), blankToNull(reason), null), user.actor());
            return "Case " + done.refundRequestId() + " was opened from the message of " + done.sender() + ".";
        });
    }

    @PostMapping("/console/inbound/{id}/dismiss")
    String dismiss(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        UUID messageId = Ids.parseOrNotFound("inbound message", id);
        return act(user, model, response, redirect, () -> {
            InboundMessage done = messages.dismiss(user.tenantId(), messageId, user.actor());
            return "The message from " + done.sender() + " was dismissed.";
        });
    }

    private String act(ConsoleUser user, Model model, HttpServletResponse response, RedirectAttributes redirect,
            Supplier<String> action) {
        try {
            redirect.addFlashAttribute("done", action.get());
            return "redirect:/console/inbound";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            model.addAttribute("refused", problem.getMessage() + " Nothing was changed.");
            fill(model, user, "unmatched");
            return "console/inbound";
        }
    }

    private void fill(Model model, ConsoleUser user, String status) {
        model.addAttribute("rows", messages.page(user.tenantId(), InboundStatus.fromWire(status), null, PAGE).data());
        model.addAttribute("status", status);
        model.addAttribute("filters", Arrays.stream(InboundStatus.values()).map(InboundStatus::wireName).toList());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
