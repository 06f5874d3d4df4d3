package dev.creditdesk.console.web;

import dev.creditdesk.compensation.Compensation;
import dev.creditdesk.compensation.CompensationSettings;
import dev.creditdesk.compensation.OutageCompensation;
import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.IncidentDraft;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.incidents.Unavailability;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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

        static IncidentForm of(Incident i, ZoneId zone) {
            return new IncidentForm(i.title(), i.description(), i.scope(), String.join(", ", i.features()),
                    local(i.startedAt(), zone), local(i.endedAt(), zone));
        }

        private static String local(Instant at, ZoneId zone) {
            return at == null ? "" : LocalDateTime.ofInstant(at, zone).truncatedTo(ChronoUnit.MINUTES).toString();
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

    record Row(Incident incident, Duration length, Compensation compensation) {
    }

    /** The list's filters and place, carried by its links. */
    record ListQuery(String status, String scope, String after, String before) {

        static final List<String> STATUSES = List.of("ongoing", "closed");
        static final List<String> SCOPES = List.of(Incident.FULL, Incident.PARTIAL);
        static final ListQuery FIRST = new ListQuery(null, null, null, null);

        ListQuery {
            status = status != null && STATUSES.contains(status) ? status : "";
            scope = scope != null && SCOPES.contains(scope) ? scope : "";
        }

        String href(String afterId, String beforeId) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/incidents");
            if (!status.isEmpty()) {
                uri.queryParam("status", status);
            }
            if (!scope.isEmpty()) {
                uri.queryParam("scope", scope);
            }
            if (afterId != null) {
                uri.queryParam("after", afterId);
            }
            if (beforeId != null) {
                uri.queryParam("before", beforeId);
            }
            return uri.build().toUriString();
        }
    }

    @GetMapping("/console/incidents")
    String list(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute ListQuery query, Model model) {
        fill(model, user, IncidentForm.empty(), query);
        return "console/incidents";
    }

    @PostMapping("/console/incidents")
    String create(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute IncidentForm form, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        Map<String, String> errors = new LinkedHashMap<>();
        Checked checked = check(form, zone, errors);
        if (errors.isEmpty()) {
            try {
                Incident incident = incidents.create(user.tenantId(), new IncidentDraft(checked.title(),
                        checked.description().isEmpty() ? null : checked.description(), form.scope(),
                        checked.features(), checked.startedAt(), checked.endedAt()), user.actor());
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
        fill(model, user, form, ListQuery.FIRST);
        return "console/incidents";
    }

    /** Closing now; confirmed first, with what compensation it triggers (accounts, credits, when). */
    @PostMapping("/console/incidents/{id}/close")
    String close(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, Model model,
            RedirectAttributes redirect) {
        UUID incidentId = Ids.parseOrNotFound("incident", id);
        Incident current = incidents.require(user.tenantId(), incidentId);
        ConsoleFormat fmt = format(user);
        if (!Confirmation.confirmed(confirm) && !current.closed()) {
            Instant now = clock.instant();
            Incident closing = ended(current, now);
            List<String> effects = new ArrayList<>();
            effects.add("“" + current.title() + "” is closed now (" + fmt.dateTime(now) + "), after "
                    + fmt.duration(closing.duration(now)) + ".");
            effects.add(compensationEffect(user, closing, fmt));
            model.addAttribute("confirmation", new Confirmation("Close “" + current.title() + "” now?", effects,
                    "/console/incidents/" + incidentId + "/close", Map.of(), "Close the incident",
                    "/console/incidents"));
            return Confirmation.VIEW;
        }
        Incident closed = incidents.close(user.tenantId(), incidentId, null);
        Compensation done = compensation.find(user.tenantId(), incidentId);
        redirect.addFlashAttribute("done", "Closed “" + closed.title() + "” after "
                + fmt.duration(closed.duration(clock.instant()))
                + ("compensated".equals(done.status()) ? "; " + done.accounts().size()
                        + " affected account(s) compensated." : "."));
        return "redirect:/console/incidents";
    }

    /** What compensation would do for the incident as it would be recorded, in the compensation module's figures. */
    private String compensationEffect(ConsoleUser user, Incident incident, ConsoleFormat fmt) {
        OutageCompensation.Forecast forecast = compensation.forecast(user.tenantId(), incident);
        if (!forecast.compensates()) {
            return "No outage compensation: " + forecast.reason() + ".";
        }
        CompensationSettings settings = forecast.settings();
        if (CompensationSettings.CREDITS.equals(settings.mode())) {
            return forecast.accounts() + " affected account(s) each get " + settings.credits() + " credits"
                    + (settings.creditExpiryDays() == null ? ""
                            : ", expiring " + settings.creditExpiryDays() + " days later")
                    + ", at once, in the same step, and each customer is emailed (it lasted more than "
                    + fmt.hours(settings.thresholdHours()) + ").";
        }
        return "A review case is opened at once for each of " + forecast.accounts() + " affected account(s) (it lasted "
                + "more than " + fmt.hours(settings.thresholdHours()) + ").";
    }

    private static Incident ended(Incident i, Instant at) {
        return new Incident(i.id(), i.title(), i.description(), i.scope(), i.features(), i.startedAt(), at, "closed",
                i.createdBy(), i.createdAt(), at);
    }

    private ConsoleFormat format(ConsoleUser user) {
        return new ConsoleFormat(tenants.require(user.tenantId()).settings().timezone());
    }

    /** The correction form of one incident, with its compensation and the rule about it. */
    @GetMapping("/console/incidents/{id}")
    String incident(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        Incident incident = incidents.require(user.tenantId(), Ids.parseOrNotFound("incident", id));
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        fillOne(model, user, incident, IncidentForm.of(incident, zone));
        return "console/incident";
    }

    /**
     * Corrects an incident through the incidents module. A change of its times or scope is confirmed
     * first with what compensation it triggers; one whose compensation was granted keeps its times
     * and scope (the compensation module refuses, with the reason).
     */
    @PostMapping("/console/incidents/{id}")
    String correct(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @ModelAttribute IncidentForm form, @RequestParam(name = "confirm", defaultValue = "") String confirm,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Incident current = incidents.require(user.tenantId(), Ids.parseOrNotFound("incident", id));
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        Map<String, String> errors = new LinkedHashMap<>();
        Checked checked = check(form, zone, errors);
        if (!current.closed() && checked.endedAt() != null) {
            errors.put("ended_at", "An ongoing incident is ended with “Close now” on the list; leave the end empty.");
        }
        if (current.closed() && checked.endedAt() == null && !errors.containsKey("ended_at")) {
            errors.put("ended_at", "A closed incident keeps an end; give its corrected end.");
        }
        if (errors.isEmpty()) {
            Incident corrected = new Incident(current.id(), checked.title(), checked.description(), form.scope(),
                    checked.features(), checked.startedAt(), checked.endedAt(), current.status(), current.createdBy(),
                    current.createdAt(), clock.instant());
            boolean decisive = !corrected.startedAt().equals(current.startedAt())
                    || !Objects.equals(corrected.endedAt(), current.endedAt())
                    || !corrected.scope().equals(current.scope());
            try {
                if (decisive && !Confirmation.confirmed(confirm)
                        && compensation.recorded(user.tenantId(), current.id()).isEmpty()) {
                    ConsoleFormat fmt = format(user);
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("title", form.title());
                    fields.put("description", form.description());
                    fields.put("scope", form.scope());
                    fields.put("features", form.features());
                    fields.put("startedAt", form.startedAt());
                    fields.put("endedAt", form.endedAt());
                    List<String> effects = new ArrayList<>();
                    effects.add("“" + corrected.title() + "” is recorded as " + corrected.scope() + ", from "
                            + fmt.dateTime(corrected.startedAt()) + (corrected.closed() ? " to "
                                    + fmt.dateTime(corrected.endedAt()) : ", ongoing") + " ("
                            + fmt.duration(corrected.duration(clock.instant())) + ").");
                    effects.add("Unavailability as refund policies read it changes with it.");
                    effects.add(compensationEffect(user, corrected, fmt));
                    model.addAttribute("confirmation", new Confirmation("Correct “" + current.title() + "”?", effects,
                            "/console/incidents/" + current.id(), fields, "Record the correction",
                            "/console/incidents/" + current.id()));
                    return Confirmation.VIEW;
                }
                incidents.update(user.tenantId(), current.id(), new IncidentDraft(corrected.title(),
                        corrected.description(), corrected.scope(), corrected.features(), corrected.startedAt(),
                        current.closed() ? corrected.endedAt() : null));
                redirect.addFlashAttribute("done", "Corrected “" + corrected.title() + "”.");
                return "redirect:/console/incidents";
            } catch (ApiProblem problem) {
                String field = problem.errors().isEmpty() ? "incident" : problem.errors().get(0).field();
                errors.put(field, problem.errors().isEmpty() ? problem.getMessage()
                        : problem.errors().get(0).message());
                response.setStatus(problem.status());
            }
        } else {
            response.setStatus(400);
        }
        model.addAttribute("errors", errors);
        fillOne(model, user, current, form);
        return "console/incident";
    }

    private void fillOne(Model model, ConsoleUser user, Incident incident, IncidentForm form) {
        model.addAttribute("incident", incident);
        model.addAttribute("form", form);
        model.addAttribute("compensation", compensation.find(user.tenantId(), incident.id()));
        model.addAttribute("length", incident.duration(clock.instant()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    /** A form's fields as the module takes them; mistakes go to {@code errors} by field. */
    record Checked(String title, String description, List<String> features, Instant startedAt, Instant endedAt) {
    }

    private static Checked check(IncidentForm form, ZoneId zone, Map<String, String> errors) {
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
        return new Checked(title, form.description().strip(), features, startedAt, endedAt);
    }

    /** The tenant's outage compensation; admin keys only, as in the API. */
    @PostMapping("/console/incidents/compensation-settings")
    String settings(@AuthenticationPrincipal ConsoleUser user, @ModelAttribute SettingsForm settings, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!user.admin()) {
            response.setStatus(403);
            model.addAttribute("refused", "Changing outage compensation needs an admin key; you are signed in with a "
                    + user.role().wireName() + " key. Nothing was changed.");
            fill(model, user, IncidentForm.empty(), ListQuery.FIRST);
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
            fill(model, user, IncidentForm.empty(), ListQuery.FIRST);
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

    private void fill(Model model, ConsoleUser user, IncidentForm form, ListQuery query) {
        Instant now = clock.instant();
        Keyset<Incident> page = incidents.window(user.tenantId(), query.status().isEmpty() ? null : query.status(),
                query.scope().isEmpty() ? null : query.scope(), Keyset.Cursor.of(query.after(), query.before()), PAGE);
        List<Row> rows = page.rows().stream()
                .map(i -> new Row(i, i.duration(now), compensation.find(user.tenantId(), i.id())))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("query", query);
        model.addAttribute("newerHref", page.newer() == null ? null : query.href(null, page.newer()));
        model.addAttribute("olderHref", page.older() == null ? null : query.href(page.older(), null));
        model.addAttribute("limit", PAGE);
        model.addAttribute("recent", incidents.unavailability(user.tenantId(), now.minus(Duration.ofDays(30)), now,
                now));
        model.addAttribute("settings", compensation.settings(user.tenantId()));
        if (!model.containsAttribute("settingsForm")) {
            model.addAttribute("settingsForm", SettingsForm.of(compensation.settings(user.tenantId())));
        }
        if (!model.containsAttribute("settingsErrors")) {
            model.addAttribute("settingsErrors", Map.of());
        }
        model.addAttribute("form", form);
    }
}
