package dev.creditdesk.console.web;

import dev.creditdesk.intake.ConnectionCheck;
import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxDraft;
import dev.creditdesk.intake.Mailboxes;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The support mailbox, for admins: its settings (the password is never shown; left empty it is
 * kept), how the last poll went, and a "Test connection" button that answers in words. Everything
 * goes through the intake module's API, which checks it.
 */
@Controller
class MailboxPageController {

    private final Mailboxes mailboxes;

    MailboxPageController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    record MailboxForm(String host, String port, String security, String username, String password, String folder,
            String enabled, String orderPatterns, String transactionPatterns, String dayFirst) {

        MailboxForm {
            host = host == null ? "" : host;
            port = port == null ? "" : port;
            security = security == null ? "ssl" : security;
            username = username == null ? "" : username;
            password = password == null ? "" : password;
            folder = folder == null || folder.isBlank() ? "INBOX" : folder;
            enabled = enabled == null ? "true" : enabled;
            orderPatterns = orderPatterns == null ? "" : orderPatterns;
            transactionPatterns = transactionPatterns == null ? "" : transactionPatterns;
            dayFirst = dayFirst == null ? "true" : dayFirst;
        }

        static MailboxForm of(Optional<Mailbox> saved) {
            return saved.map(m -> new MailboxForm(m.host(), Integer.toString(m.port()), m.security().wireName(),
                    m.username(), null, m.folder(), Boolean.toString(m.enabled()), String.join("\n", m.orderPatterns()),
                    String.join("\n", m.transactionPatterns()), Boolean.toString(m.dayFirst())))
                    .orElse(new MailboxForm(null, null, null, null, null, null, null, null, null, null));
        }
    }

    @GetMapping("/console/mailbox")
    String page(@AuthenticationPrincipal ConsoleUser user, Model model) {
        requireAdmin(user);
        fill(model, user, null);
        return "console/mailbox";
    }

    /** The form is never shown back with the password it was sent with. */
    @PostMapping("/console/mailbox")
    String save(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute MailboxForm form, Model model,
            HttpServletResponse response) {
        requireAdmin(user);
        String password = form.password();
        model.asMap().remove("mailboxForm");
        Integer port = null;
        if (!form.port().isBlank()) {
            try {
                port = Integer.valueOf(form.port().strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        try {
            mailboxes.save(user.tenantId(), new MailboxDraft(form.host(), port, form.security(), form.username(),
                    password.isEmpty() ? null : password, form.folder(),
                    Boolean.valueOf(form.enabled()), lines(form.orderPatterns()), lines(form.transactionPatterns()),
                    Boolean.valueOf(form.dayFirst())));
            model.addAttribute("done", "The mailbox settings are saved.");
            fill(model, user, null);
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldProblem field : problem.errors()) {
                errors.putIfAbsent(anchor(field.field()), field.field() + " " + field.message());
            }
            if (errors.isEmpty()) {
                errors.put("host", problem.getMessage());
            }
            response.setStatus(problem.status());
            model.addAttribute("errors", errors);
            fill(model, user, new MailboxForm(form.host(), form.port(), form.security(), form.username(), null,
                    form.folder(), form.enabled(), form.orderPatterns(), form.transactionPatterns(), form.dayFirst()));
        }
        return "console/mailbox";
    }

    @PostMapping("/console/mailbox/test")
    String test(@AuthenticationPrincipal ConsoleUser user, Model model) {
        requireAdmin(user);
        ConnectionCheck check = mailboxes.test(user.tenantId());
        model.addAttribute("check", check);
        fill(model, user, null);
        return "console/mailbox";
    }

    private void fill(Model model, ConsoleUser user, MailboxForm form) {
        Optional<Mailbox> saved = mailboxes.find(user.tenantId());
        model.addAttribute("mailbox", saved.orElse(null));
        model.addAttribute("form", form == null ? MailboxForm.of(saved) : form);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The form field a problem's field name belongs to ({@code order_patterns[1]} → orderPatterns). */
    private static String anchor(String field) {
        return switch (field.replaceAll("\\[\\d+]$", "")) {
            case "order_patterns" -> "orderPatterns";
            case "transaction_patterns" -> "transactionPatterns";
            case "day_first" -> "dayFirst";
            default -> field;
        };
    }

    private static void requireAdmin(ConsoleUser user) {
        if (!user.admin()) {
            throw new ApiProblem(403, "forbidden", "Admins only",
                    "The support mailbox is managed with an admin key; you are signed in with a "
                            + user.role().wireName() + " key.");
        }
    }
}
