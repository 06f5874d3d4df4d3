package dev.creditdesk.console.web;

import dev.creditdesk.compensation.Compensation;
import dev.creditdesk.compensation.OutageCompensation;
import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.IncidentDraft;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.incidents.Unavailability;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
 * Incidents: the latest ones with their outage compensation, the last 30 days' unavailability as
 * policies read it, recording one (times in the tenant's timezone) and closing an ongoing one.
 */
@Controller
class IncidentsPageController {

    static final int PAGE = 50;

    private final Incidents incidents;
    private final OutageCompensation compensation;
    private final Tenants tenants;
    private final Clock clock;

    IncidentsPageController(Incidents incidents, OutageCompensation compensation, Tenants tenants, Clock clock) {
        this.incidents = incidents;
        this.compensation = compensation;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** The create form as typed: times as the browser's datetime-local values. */
    record IncidentForm(String title, String description, String scope, String features, String startedAt,
            String endedAt) {

        static IncidentForm empty() {
            return new IncidentForm("", "", "full", "", "", "");
        }

        IncidentForm {
            title = title == null ? "" : title;
            description = description == null ? "" : description;
            scope = scope == null ? "full" : scope;
            features = features == null ? "" : features;
            startedAt = startedAt == null ? "" : startedAt;
            endedAt = endedAt == null ? "" : endedAt;
        }
    }

    record Row(Incident incident, String hours, Compensation compensation) {
    }

    @GetMapping("/console/incidents")
    String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
        fill(model, user, IncidentForm.empty());
        return "console/incidents";
    }

    @PostMapping("/console/incidents")
    String create(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute IncidentForm form, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        Map<String, String> errors = new LinkedHashMap<>();
        String title = form.title().strip();
        if (title.isEmpty() || title.length() > Fields.MAX_TEXT) {
            errors.put("title", "Give the incident a title (at most " + Fields.MAX_TEXT + " characters).");
        }
        if (form.description().length() > Fields.MAX_NOTE) {
            errors.put("description", "At most " + Fields.MAX_NOTE + " characters.");
        }
        if (!List.of(Incident.FULL, Incident.PARTIAL).contains(form.scope())) {
            errors.put("scope", "Choose full or partial.");
        }
        List<String> features = Arrays.stream(form.features().split(","))
                .map(String::strip).filter(f -> !f.isEmpty()).toList();
        if (features.stream().anyMatch(f -> !f.matches("[a-z0-9_-]{1,64}"))) {
            errors.put("features", "Features are lowercase names (letters, digits, - and _), separated by commas.");
        }
        Instant startedAt = time(form.startedAt(), zone, "started_at", true, errors);
        Instant endedAt = time(form.endedAt(), zone, "ended_at", false, errors);
        if (errors.isEmpty()) {
            try {
                Incident incident = incidents.create(user.tenantId(), new IncidentDraft(title,
                        form.description().isBlank() ? null : form.description().strip(), form.scope(), features,
                        startedAt, endedAt), user.actor());
                redirect.addFlashAttribute("done", "Recorded “" + incident.title() + "”"
                        + (incident.closed() ? ", closed." : ", ongoing."));
                return "redirect:/console/incidents";
            } catch (ApiProblem problem) {
                String field = problem.errors().isEmpty() ? "incident" : problem.errors().get(0).field();
                errors.put(field, problem.errors().isEmpty() ? problem.getMessage()
                        : problem.errors().get(0).message());
            }
        }
        response.setStatus(400);
        model.addAttribute("errors", errors);
        fill(model, user, form);
        return "console/incidents";
    }

    @PostMapping("/console/incidents/{id}/close")
    String close(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, RedirectAttributes redirect) {
        UUID incidentId = dev.creditdesk.shared.Ids.parseOrNotFound("incident", id);
        Incident closed = incidents.close(user.tenantId(), incidentId, null);
        Compensation done = compensation.find(user.tenantId(), incidentId);
        redirect.addFlashAttribute("done", "Closed “" + closed.title() + "” after "
                + Unavailability.hours(closed.duration(clock.instant())).toPlainString() + " hours"
                + ("compensated".equals(done.status()) ? "; " + done.accounts().size()
                        + " affected account(s) compensated." : "."));
        return "redirect:/console/incidents";
    }

    /** The tenant's outage compensation; admin keys only, as in the API. */
    @PostMapping("/console/incidents/compensation-settings")
    String settings(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute SettingsForm settings, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!user.admin()) {
            response.setStatus(403);
            model.addAttribute("refused", "Changing outage compensation needs an admin key; you are signed in with a "
                    + user.role().wireName() + " key. Nothing was changed.");
            fill(model, user, IncidentForm.empty());
            return "console/incidents";
        }
        Long credits = null;
        if (!settings.credits().isBlank()) {
            try {
                credits = Long.parseLong(settings.credits().strip());
            } catch (NumberFormatException e) {
                credits = -1L; // refused below with the module's message
            }
        }
        Integer expiry = null;
        if (!settings.creditExpiryDays().isBlank()) {
            try {
                expiry = Integer.parseInt(settings.creditExpiryDays().strip());
            } catch (NumberFormatException e) {
                expiry = -1;
            }
        }
        try {
            compensation.saveSettings(user.tenantId(), settings.mode(), settings.thresholdHours(), credits, expiry,
                    user.actor());
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            Map<String, String> errors = new LinkedHashMap<>();
            problem.errors().forEach(e -> errors.put("settings_" + e.field(), e.field().replace('_', ' ') + " "
                    + e.message() + "."));
            fill(model, user, IncidentForm.empty());
            model.addAttribute("settingsErrors", errors);
            model.addAttribute("settingsForm", settings);
            return "console/incidents";
        }
        redirect.addFlashAttribute("done", "Outage compensation is now " + settings.mode() + ".");
        return "redirect:/console/incidents";
    }

    /** The compensation setting as typed. */
    record SettingsForm(String mode, String thresholdHours, String credits, String creditExpiryDays) {

        SettingsForm {
            mode = mode == null ? "" : mode;
            thresholdHours = thresholdHours == null ? "" : thresholdHours;
            credits = credits == null ? "" : credits;
            creditExpiryDays = creditExpiryDays == null ? "" : creditExpiryDays;
        }

        static SettingsForm of(dev.creditdesk.compensation.CompensationSettings s) {
            return new SettingsForm(s.mode(), s.thresholdHours().stripTrailingZeros().toPlainString(),
                    s.credits() == null ? "" : s.credits().toString(),
                    s.creditExpiryDays() == null ? "" : s.creditExpiryDays().toString());
        }
    }

    private static Instant time(String value, ZoneId zone, String field, boolean required, Map<String, String> errors) {
        if (value.isBlank()) {
            if (required) {
                errors.put(field, "Say when it started.");
            }
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "Write a date and time such as 2026-03-02T14:30.");
            return null;
        }
    }

    private void fill(Model model, ConsoleUser user, IncidentForm form) {
        Instant now = clock.instant();
        List<Row> rows = incidents.list(user.tenantId(), null, PAGE).data().stream()
                .map(i -> new Row(i, Unavailability.hours(i.duration(now)).toPlainString(),
                        compensation.find(user.tenantId(), i.id())))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("limit", PAGE);
        model.addAttribute("recent", incidents.unavailability(user.tenantId(), now.minus(Duration.ofDays(30)), now,
                now));
        model.addAttribute("settings", compensation.settings(user.tenantId()));
        model.addAttribute("settingsForm", SettingsForm.of(compensation.settings(user.tenantId())));
        model.addAttribute("settingsErrors", Map.of());
        model.addAttribute("form", form);
    }
}
