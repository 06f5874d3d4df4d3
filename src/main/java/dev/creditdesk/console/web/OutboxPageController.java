package dev.creditdesk.console.web;

import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.notifications.OutboxFilter;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The email outbox: what customers were (or are about to be) told, newest first, a page at a time,
 * searched and filtered; resending a sent or failed message and cancelling a pending one, each
 * after a confirmation (support and admin alike: docs/security.md).
 */
@Controller
class OutboxPageController {

    static final int PAGE = 50;

    private final Notifications notifications;

    OutboxPageController(Notifications notifications) {
        this.notifications = notifications;
    }

    /** The list's state, carried by its links and by the forms that act on a row, so acting keeps it. */
    record OutboxQuery(String q, String status, String after, String before) {

        OutboxQuery {
            q = q == null ? "" : q.strip();
            status = status == null || OutboxFilter.of(status).isEmpty() ? "" : status;
            after = after == null ? "" : after;
            before = before == null ? "" : before;
        }

        OutboxFilter filter() {
            return OutboxFilter.of(status).orElse(null);
        }

        String href(String afterId, String beforeId) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/outbox");
            if (!q.isEmpty()) {
                uri.queryParam("q", q);
            }
            if (!status.isEmpty()) {
                uri.queryParam("status", status);
            }
            if (afterId != null && !afterId.isEmpty()) {
                uri.queryParam("after", afterId);
            }
            if (beforeId != null && !beforeId.isEmpty()) {
                uri.queryParam("before", beforeId);
            }
            return uri.encode().build().toUriString();
        }

        /** This very page again, after an action. */
        String self() {
            return href(after, before);
        }

        public Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("q", q);
            fields.put("status", status);
            fields.put("after", after);
            fields.put("before", before);
            return fields;
        }
    }

    @GetMapping("/console/outbox")
    String outbox(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute OutboxQuery query, Model model) {
        Keyset<Email> page = notifications.search(user.tenantId(), query.q(), query.filter(),
                Keyset.Cursor.of(query.after(), query.before()), PAGE);
        model.addAttribute("page", page);
        model.addAttribute("query", query);
        model.addAttribute("filters", Arrays.stream(OutboxFilter.values()).map(OutboxFilter::wireName).toList());
        model.addAttribute("newerHref", page.newer() == null ? null : query.href(null, page.newer()));
        model.addAttribute("olderHref", page.older() == null ? null : query.href(page.older(), null));
        model.addAttribute("limit", PAGE);
        return "console/outbox";
    }

    @PostMapping("/console/outbox/{id}/resend")
    String resend(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @ModelAttribute OutboxQuery query,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Email email = notifications.require(user.tenantId(), Ids.parseOrNotFound("email", id));
        if (!Confirmation.confirmed(confirm)) {
            model.addAttribute("confirmation", new Confirmation("Send this email again?", List.of(
                    "A new message goes to " + email.recipient() + ": “" + email.subject()
                            + "”, with the same text, in the same conversation.",
                    "It is sent with the next run of the outbox (within seconds when SMTP is set up) and is listed "
                            + "as a resend of the one " + (Email.SENT.equals(email.status()) ? "sent" : "that failed")
                            + " on this page.",
                    "The original message stays as it is."), "/console/outbox/" + email.id() + "/resend",
                    query.fields(), "Send again", query.self()));
            return Confirmation.VIEW;
        }
        try {
            Email resent = notifications.resend(user.tenantId(), email.id(), user.actor());
            redirect.addFlashAttribute("done", "Queued again for " + resent.recipient() + ": “" + resent.subject()
                    + "”.");
            return "redirect:" + query.self();
        } catch (ApiProblem problem) {
            return refused(user, query, problem, model, response);
        }
    }

    @PostMapping("/console/outbox/{id}/cancel")
    String cancel(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @ModelAttribute OutboxQuery query,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Email email = notifications.require(user.tenantId(), Ids.parseOrNotFound("email", id));
        if (!Confirmation.confirmed(confirm)) {
            model.addAttribute("confirmation", new Confirmation("Cancel this email?", List.of(
                    "“" + email.subject() + "” to " + email.recipient() + " is never sent.",
                    "If it is being sent at this very moment, the cancel waits for that to end and then says it was "
                            + "sent; nothing is cut half-way.",
                    "It stays in the outbox, marked cancelled."),
                    "/console/outbox/" + email.id() + "/cancel", query.fields(), "Cancel the email", query.self()));
            return Confirmation.VIEW;
        }
        try {
            Email cancelled = notifications.cancel(user.tenantId(), email.id(), user.actor());
            redirect.addFlashAttribute("done", "Cancelled “" + cancelled.subject() + "” to " + cancelled.recipient()
                    + ": it will not be sent.");
            return "redirect:" + query.self();
        } catch (ApiProblem problem) {
            return refused(user, query, problem, model, response);
        }
    }

    private String refused(ConsoleUser user, OutboxQuery query, ApiProblem problem, Model model,
            HttpServletResponse response) {
        response.setStatus(problem.status());
        model.addAttribute("refused", problem.getMessage() + " Nothing was changed.");
        return outbox(user, query, model);
    }
}
