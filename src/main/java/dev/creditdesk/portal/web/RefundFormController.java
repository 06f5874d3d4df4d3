package dev.creditdesk.portal.web;

import dev.creditdesk.policy.Policy;
import dev.creditdesk.portal.PortalSettings;
import dev.creditdesk.portal.RefundForms;
import dev.creditdesk.portal.RefundForms.Confirmation;
import dev.creditdesk.portal.RefundForms.Upload;
import dev.creditdesk.portal.SpamGuard;
import dev.creditdesk.portal.StatusLinks;
import dev.creditdesk.refunds.RefundCategories;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FormLimits;
import dev.creditdesk.shared.Public;
import dev.creditdesk.tenants.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The hosted refund form, {@code /portal/{tenant id}/refund}: public, since customers have no key.
 * What it accepts waits for the customer to prove the account email ({@link RefundForms}); its
 * answer never says whether the email or the order exists.
 */
@Controller
@Public // customers have no key; the form proves the email by a mailed link before anything opens
class RefundFormController {

    static final String ADDRESS_SCOPE = "refund-form-address";
    static final String EMAIL_SCOPE = "refund-form-email";

    private final PortalPages pages;
    private final RefundForms forms;
    private final RefundCategories categories;
    private final RefundRequests requests;
    private final SpamGuard spam;
    private final FormLimits limits;
    private final StatusLinks links;
    private final PortalSettings settings;
    private final Clock clock;

    RefundFormController(PortalPages pages, RefundForms forms, RefundCategories categories, RefundRequests requests,
            SpamGuard spam, FormLimits limits, StatusLinks links, PortalSettings settings, Clock clock) {
        this.pages = pages;
        this.forms = forms;
        this.categories = categories;
        this.requests = requests;
        this.spam = spam;
        this.limits = limits;
        this.links = links;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/portal/{tenantId}/refund")
    String form(@PathVariable String tenantId, Model model, HttpServletResponse response) {
        Optional<Tenant> tenant = pages.tenant(tenantId);
        if (tenant.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        return showForm(tenant.get(), Map.of("evidence_kind", "screenshot"), Map.of(), model);
    }

    @PostMapping("/portal/{tenantId}/refund")
    String submit(@PathVariable String tenantId, HttpServletRequest request, Model model,
            HttpServletResponse response) {
        Optional<Tenant> found = pages.tenant(tenantId);
        if (found.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        Tenant tenant = found.get();
        Optional<Duration> wait = limits.take(ADDRESS_SCOPE, request.getRemoteAddr(),
                settings.submissionsPerAddressPerHour());
        if (wait.isPresent()) {
            return PortalPages.tooMany(model, response, wait.get());
        }
        if (!spam.looksHuman(tenant.id(), request.getParameter(SpamGuard.HONEYPOT), request.getParameter("started"))) {
            return checkInbox(tenant, model); // the same answer as a person's, and nothing kept or sent
        }
        FormInput input = new FormInput(request);
        String email = input.email("email");
        String orderNumber = input.text("order_number", 255, false, "the order number");
        String transactionId = input.text("transaction_id", 255, false, "the transaction id");
        if (orderNumber == null && transactionId == null && !input.errors().containsKey("order_number")
                && !input.errors().containsKey("transaction_id")) {
            input.error("order_number", "Enter the order number, or the transaction id below.");
        }
        LocalDate purchaseDate = null;
        String date = input.text("purchase_date", 10, true, "the purchase date");
        if (date != null) {
            try {
                purchaseDate = LocalDate.parse(date);
                if (purchaseDate.isAfter(clock.instant().atZone(tenant.settings().timezone()).toLocalDate().plusDays(1))) {
                    input.error("purchase_date", "The purchase date cannot be in the future.");
                }
            } catch (DateTimeParseException e) {
                input.error("purchase_date", "Enter a date such as 2026-03-02.");
            }
        }
        List<Policy.Category> accepted = categories.accepted(tenant, clock.instant(), null);
        String category = request.getParameter("category");
        if (category == null || accepted.stream().noneMatch(c -> c.id().equals(category))) {
            input.error("category", "Choose the reason that fits best.");
        }
        String reason = input.text("reason", FormInput.MAX_REASON, true, "what happened, in your words");
        UUID taskId = null;
        String task = input.text("task_id", 64, false, "the task id");
        if (task != null) {
            try {
                taskId = UUID.fromString(task);
            } catch (IllegalArgumentException e) {
                input.error("task_id", "Enter the task id as shown, such as 0193d6c2-8f5e-7b1a-9c3d-4e5f6a7b8c9d, "
                        + "or leave it empty.");
            }
        }
        String kind = request.getParameter("evidence_kind");
        if (kind == null || !FormInput.EVIDENCE_KINDS.containsKey(kind)) {
            kind = "other";
        }
        List<Upload> files = input.files("files", settings.maxFilesPerForm(), requests);
        if (!input.valid()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return showForm(tenant, sentValues(request), input.errors(), model);
        }
        wait = limits.take(EMAIL_SCOPE, email.toLowerCase(Locale.ROOT), settings.submissionsPerEmailPerHour());
        if (wait.isPresent()) {
            return PortalPages.tooMany(model, response, wait.get());
        }
        forms.submit(tenant.id(), new RefundForms.Submission(email, orderNumber, transactionId, purchaseDate, category,
                reason, taskId, kind, files));
        return checkInbox(tenant, model);
    }

    /** The link from the email: shows what it is for and a button that uses it (a mail scanner's visit uses nothing). */
    @GetMapping("/portal/{tenantId}/confirm/{token}")
    String confirmation(@PathVariable String tenantId, @PathVariable String token, Model model,
            HttpServletResponse response) {
        Optional<Tenant> tenant = pages.tenant(tenantId);
        if (tenant.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        return confirmationPage(tenant.get(), token, forms.look(tenant.get().id(), token), model, response);
    }

    @PostMapping("/portal/{tenantId}/confirm/{token}")
    String confirm(@PathVariable String tenantId, @PathVariable String token, Model model,
            HttpServletResponse response) {
        Optional<Tenant> found = pages.tenant(tenantId);
        if (found.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        Tenant tenant = found.get();
        Confirmation outcome;
        try {
            outcome = forms.confirm(tenant.id(), token);
        } catch (ApiProblem problem) {
            String why = FormInput.sentence(problem);
            forms.refuse(tenant.id(), token, why);
            outcome = new RefundForms.Refused(why);
        }
        return confirmationPage(tenant, token, outcome, model, response);
    }

    private String confirmationPage(Tenant tenant, String token, Confirmation state, Model model,
            HttpServletResponse response) {
        PortalPages.brand(model, tenant);
        model.addAttribute("formUrl", "/portal/" + tenant.id() + "/refund");
        if (state instanceof RefundForms.Opened opened) {
            return "redirect:" + links.path(tenant.id(), opened.caseId());
        }
        if (state instanceof RefundForms.Ready ready) {
            model.addAttribute("order", ready.order());
            model.addAttribute("confirmUrl", "/portal/" + tenant.id() + "/confirm/" + token);
            return "portal/confirm";
        }
        if (state instanceof RefundForms.Used used) {
            response.setStatus(HttpServletResponse.SC_GONE);
            model.addAttribute("title", "This link was used already");
            model.addAttribute("message", "Your request was sent when the link was first used; each link works once.");
            model.addAttribute("statusUrl", links.path(tenant.id(), used.caseId()));
        } else if (state instanceof RefundForms.Refused refused) {
            response.setStatus(422);
            model.addAttribute("title", "We could not open your request");
            model.addAttribute("message", refused.why());
        } else if (state instanceof RefundForms.Expired) {
            response.setStatus(HttpServletResponse.SC_GONE);
            model.addAttribute("title", "This link has expired");
            model.addAttribute("message", "Confirmation links work for " + settings.confirmationLifetime().toHours()
                    + " hours. Nothing was sent; please fill in the form again.");
        } else {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("title", "This link is not valid");
            model.addAttribute("message", "It was used already, or it is incomplete: copy the whole link from the "
                    + "email into your browser, or fill in the form again.");
        }
        return "portal/start-again";
    }

    private String checkInbox(Tenant tenant, Model model) {
        PortalPages.brand(model, tenant);
        model.addAttribute("hours", settings.confirmationLifetime().toHours());
        return "portal/check-inbox";
    }

    private String showForm(Tenant tenant, Map<String, String> values, Map<String, String> errors, Model model) {
        PortalPages.brand(model, tenant);
        model.addAttribute("action", "/portal/" + tenant.id() + "/refund");
        model.addAttribute("categories", categories.accepted(tenant, clock.instant(), null));
        model.addAttribute("evidenceKinds", FormInput.EVIDENCE_KINDS);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("started", spam.started(tenant.id()));
        model.addAttribute("maxFiles", settings.maxFilesPerForm());
        model.addAttribute("honeypot", SpamGuard.HONEYPOT);
        return "portal/form";
    }

    private static Map<String, String> sentValues(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("email", "order_number", "transaction_id", "purchase_date", "category", "reason",
                "task_id", "evidence_kind")) {
            String value = request.getParameter(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }
}
