package dev.creditdesk.portal.web;

import dev.creditdesk.portal.PortalSettings;
import dev.creditdesk.portal.CaseStatusView;
import dev.creditdesk.portal.StatusLinks;
import dev.creditdesk.portal.RefundForms.Upload;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.refunds.RefundRequests.EvidenceFile;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FormLimits;
import dev.creditdesk.shared.Public;
import dev.creditdesk.tenants.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A case's status page, {@code /portal/{tenant}/cases/{case}?until=…&sig=…}: public, but shown only
 * for a link signed for exactly this tenant and case and not yet expired ({@link StatusLinks}). The
 * customer reads where the case stands, answers an information request and adds evidence; an
 * expired link offers to mail a fresh one to the case's own address.
 */
@Controller
@Public // customers have no key: the signed link is the credential, checked by every handler here
class StatusPageController {

    static final String FRESH_LINK_SCOPE = "status-link-address";

    private final PortalPages pages;
    private final StatusLinks links;
    private final CaseStatusView view;
    private final RefundRequests requests;
    private final CaseDecisions decisions;
    private final Notifications notifications;
    private final FormLimits limits;
    private final PortalSettings settings;

    StatusPageController(PortalPages pages, StatusLinks links, CaseStatusView view, RefundRequests requests,
            CaseDecisions decisions, Notifications notifications, FormLimits limits, PortalSettings settings) {
        this.pages = pages;
        this.links = links;
        this.view = view;
        this.requests = requests;
        this.decisions = decisions;
        this.notifications = notifications;
        this.limits = limits;
        this.settings = settings;
    }

    /** A link's tenant and case, when its signature holds for them. */
    private record Linked(Tenant tenant, RefundRequest request, StatusLinks.Check check, String query) {
    }

    private Optional<Linked> linked(String tenantId, String caseId, String until, String sig) {
        Optional<Tenant> tenant = pages.tenant(tenantId);
        UUID id;
        try {
            id = UUID.fromString(caseId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        StatusLinks.Check check = links.check(tenant.get().id(), id, until, sig);
        if (check instanceof StatusLinks.Invalid) {
            return Optional.empty();
        }
        return requests.find(tenant.get().id(), id)
                .map(r -> new Linked(tenant.get(), r, check, "until=" + until + "&sig=" + sig));
    }

    @GetMapping("/portal/{tenantId}/cases/{caseId}")
    String status(@PathVariable String tenantId, @PathVariable String caseId,
            @RequestParam(required = false) String until, @RequestParam(required = false) String sig,
            @RequestParam(required = false) String done, Model model, HttpServletResponse response) {
        return withLiveLink(tenantId, caseId, until, sig, model, response, linked -> {
            if ("answered".equals(done)) {
                model.addAttribute("notice", "Thank you: we received your answer.");
            } else if ("evidence".equals(done)) {
                model.addAttribute("notice", "Thank you: we received your files.");
            }
            return page(linked, Map.of(), Map.of(), model);
        });
    }

    @PostMapping("/portal/{tenantId}/cases/{caseId}/information")
    String answer(@PathVariable String tenantId, @PathVariable String caseId,
            @RequestParam(required = false) String until, @RequestParam(required = false) String sig,
            HttpServletRequest request, Model model, HttpServletResponse response) {
        return withLiveLink(tenantId, caseId, until, sig, model, response, linked -> {
            FormInput input = new FormInput(request);
            String information = input.text("information", FormInput.MAX_REASON, true, "your answer");
            if (input.valid()) {
                try {
                    decisions.answer(linked.tenant().id(), linked.request().id(), information, List.of(), "customer");
                    return "redirect:" + self(linked) + "&done=answered";
                } catch (ApiProblem problem) {
                    input.error("information", FormInput.sentence(problem));
                }
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(linked, Map.of("information", information == null ? "" : information), input.errors(), model);
        });
    }

    @PostMapping("/portal/{tenantId}/cases/{caseId}/evidence")
    String evidence(@PathVariable String tenantId, @PathVariable String caseId,
            @RequestParam(required = false) String until, @RequestParam(required = false) String sig,
            HttpServletRequest request, Model model, HttpServletResponse response) {
        return withLiveLink(tenantId, caseId, until, sig, model, response, linked -> {
            FormInput input = new FormInput(request);
            String kind = request.getParameter("evidence_kind");
            if (kind == null || !FormInput.EVIDENCE_KINDS.containsKey(kind)) {
                kind = "other";
            }
            List<Upload> files = input.files("files", settings.maxFilesPerForm(), requests);
            if (input.valid() && files.isEmpty()) {
                input.error("files", "Choose at least one file.");
            }
            if (input.valid()) {
                try {
                    requests.addEvidence(linked.tenant().id(), linked.request().id(), kind, files.stream()
                            .map(file -> new EvidenceFile(file.filename(), file.contentType(), file.data())).toList());
                    return "redirect:" + self(linked) + "&done=evidence";
                } catch (ApiProblem problem) {
                    input.error("files", FormInput.sentence(problem));
                }
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(linked, Map.of(), input.errors(), model);
        });
    }

    /** From an expired link: mails a fresh one to the case's own address (never to one the visitor names). */
    @PostMapping("/portal/{tenantId}/cases/{caseId}/fresh-link")
    String freshLink(@PathVariable String tenantId, @PathVariable String caseId,
            @RequestParam(required = false) String until, @RequestParam(required = false) String sig,
            HttpServletRequest request, Model model, HttpServletResponse response) {
        Optional<Linked> found = linked(tenantId, caseId, until, sig);
        if (found.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        Linked linked = found.get();
        Optional<Duration> wait = limits.take(FRESH_LINK_SCOPE, request.getRemoteAddr(),
                settings.submissionsPerAddressPerHour());
        if (wait.isEmpty()) {
            wait = limits.take(FRESH_LINK_SCOPE + "-case", linked.request().id().toString(),
                    settings.submissionsPerEmailPerHour());
        }
        if (wait.isPresent()) {
            return PortalPages.tooMany(model, response, wait.get());
        }
        RefundRequest customerCase = linked.request();
        notifications.queue(linked.tenant().id(), "status_link", customerCase.email(), Map.of(
                "order", customerCase.orderReference(),
                "request", customerCase.id().toString(),
                "status_url", links.statusUrl(linked.tenant().id(), customerCase.id())), customerCase.id());
        PortalPages.brand(model, linked.tenant());
        model.addAttribute("title", "We sent you a fresh link");
        model.addAttribute("message", "Check the inbox of the email address of your request: the new link works for "
                + settings.statusLinkLifetime().toDays() + " days.");
        return "portal/problem";
    }

    /**
     * Runs {@code page} for a valid, unexpired link; an invalid one shows nothing, an expired one
     * offers a fresh one.
     */
    private String withLiveLink(String tenantId, String caseId, String until, String sig, Model model,
            HttpServletResponse response, Function<Linked, String> page) {
        Optional<Linked> found = linked(tenantId, caseId, until, sig);
        if (found.isEmpty()) {
            return PortalPages.notFound(model, response);
        }
        if (found.get().check() instanceof StatusLinks.Expired) {
            return expired(found.get(), model, response);
        }
        return page.apply(found.get());
    }

    private String expired(Linked linked, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        PortalPages.brand(model, linked.tenant());
        model.addAttribute("freshLinkUrl", "/portal/" + linked.tenant().id() + "/cases/" + linked.request().id()
                + "/fresh-link?" + linked.query());
        return "portal/expired";
    }

    private String self(Linked linked) {
        return "/portal/" + linked.tenant().id() + "/cases/" + linked.request().id() + "?" + linked.query();
    }

    private String page(Linked linked, Map<String, String> values, Map<String, String> errors, Model model) {
        PortalPages.brand(model, linked.tenant());
        String base = "/portal/" + linked.tenant().id() + "/cases/" + linked.request().id();
        model.addAttribute("case", view.of(linked.tenant(), linked.request()));
        model.addAttribute("answerUrl", base + "/information?" + linked.query());
        model.addAttribute("evidenceUrl", base + "/evidence?" + linked.query());
        model.addAttribute("evidenceKinds", FormInput.EVIDENCE_KINDS);
        model.addAttribute("maxFiles", settings.maxFilesPerForm());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "portal/status";
    }
}
