package dev.creditdesk.console.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.webhooks.Delivery;
import dev.creditdesk.webhooks.EndpointDraft;
import dev.creditdesk.webhooks.EndpointStatus;
import dev.creditdesk.webhooks.EndpointWithSecret;
import dev.creditdesk.webhooks.WebhookEndpoint;
import dev.creditdesk.webhooks.WebhookEndpoints;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Webhooks, for admins: the tenant's endpoints with their latest deliveries, registering one,
 * rotating its secret (shown once, on the page that answers), disabling or enabling it, and
 * redelivering an event. Everything goes through the webhooks module's API, which checks it.
 */
@Controller
class WebhooksPageController {

    static final int ENDPOINTS = 16;
    static final int DELIVERIES = 10;

    private final WebhookEndpoints endpoints;

    WebhooksPageController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    record EndpointForm(String url, String description, String events) {
        static EndpointForm empty() {
            return new EndpointForm("", "", "*");
        }

        EndpointForm {
            url = url == null ? "" : url;
            description = description == null ? "" : description;
            events = events == null ? "" : events;
        }
    }

    record Row(WebhookEndpoint endpoint, List<Delivery> deliveries) {
    }

    @GetMapping("/console/webhooks")
    String page(@AuthenticationPrincipal ConsoleUser user, Model model) {
        requireAdmin(user);
        fill(model, user, EndpointForm.empty());
        return "console/webhooks";
    }

    @PostMapping("/console/webhooks")
    String create(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute EndpointForm form, Model model,
            HttpServletResponse response) {
        requireAdmin(user);
        List<String> events = Arrays.stream(form.events().split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        try {
            EndpointWithSecret created = endpoints.create(user.tenantId(),
                    new EndpointDraft(form.url(), form.description(), events, null));
            model.addAttribute("secretFor", created.endpoint().url());
            model.addAttribute("secret", created.secret());
            fill(model, user, EndpointForm.empty());
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldProblem field : problem.errors()) {
                errors.put(field.field().startsWith("enabled_events") ? "events" : field.field(), field.field() + " "
                        + field.message());
            }
            if (errors.isEmpty()) {
                errors.put("url", problem.getMessage());
            }
            response.setStatus(problem.status());
            model.addAttribute("errors", errors);
            fill(model, user, form);
        }
        return "console/webhooks";
    }

    @PostMapping("/console/webhooks/{id}/rotate-secret")
    String rotate(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        requireAdmin(user);
        EndpointWithSecret rotated = endpoints.rotate(user.tenantId(), Ids.parseOrNotFound("webhook endpoint", id));
        model.addAttribute("secretFor", rotated.endpoint().url());
        model.addAttribute("secret", rotated.secret());
        model.addAttribute("rotated", true);
        fill(model, user, EndpointForm.empty());
        return "console/webhooks";
    }

    @PostMapping("/console/webhooks/{id}/status")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @ModelAttribute("status") String status, RedirectAttributes redirect) {
        requireAdmin(user);
        EndpointStatus wanted = EndpointStatus.fromWireName(status)
                .orElseThrow(() -> ApiProblem.invalid("status", "must be enabled or disabled"));
        WebhookEndpoint endpoint = endpoints.update(user.tenantId(), Ids.parseOrNotFound("webhook endpoint", id),
                new EndpointDraft(null, null, null, wanted));
        redirect.addFlashAttribute("done", endpoint.url() + " is " + endpoint.status().wireName() + ".");
        return "redirect:/console/webhooks";
    }

    @PostMapping("/console/webhooks/{id}/redeliver/{eventId}")
    String redeliver(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @PathVariable String eventId,
            RedirectAttributes redirect) {
        requireAdmin(user);
        UUID endpointId = Ids.parseOrNotFound("webhook endpoint", id);
        endpoints.redeliver(user.tenantId(), Ids.parseOrNotFound("event", eventId), endpointId);
        redirect.addFlashAttribute("done", "Event " + eventId + " will be sent again shortly.");
        return "redirect:/console/webhooks";
    }

    private void fill(Model model, ConsoleUser user, EndpointForm form) {
        List<Row> rows = endpoints.page(user.tenantId(), null, ENDPOINTS).data().stream()
                .map(e -> new Row(e, endpoints.deliveries(user.tenantId(), e.id(), null, DELIVERIES).data()))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("form", form);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    private static void requireAdmin(ConsoleUser user) {
        if (!user.admin()) {
            throw new ApiProblem(403, "forbidden", "Admins only",
                    "Webhooks are managed with an admin key; you are signed in with a " + user.role().wireName()
                            + " key.");
        }
    }
}
