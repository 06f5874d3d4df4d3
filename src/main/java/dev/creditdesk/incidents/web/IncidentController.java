package dev.creditdesk.incidents.web;

import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.IncidentDraft;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.incidents.Unavailability;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class IncidentController {

    private static final Pattern FEATURE = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
    private static final int MAX_FEATURES = 50;
    /** The widest window the unavailability endpoint adds up. */
    private static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final Incidents incidents;
    private final Clock clock;

    IncidentController(Incidents incidents, Clock clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    /** Opening needs title, scope and started_at; an update sends only what changes. */
    record IncidentBody(String title, String description, @Schema(allowableValues = {"full", "partial"}) String scope,
            List<String> features, Instant startedAt, Instant endedAt) {
    }

    record CloseBody(Instant endedAt) {
    }

    record IncidentView(String object, UUID id, String title, @Nullable String description,
            @Schema(allowableValues = {"full", "partial"}) String scope, List<String> features, Instant startedAt,
            @Nullable Instant endedAt, @Schema(allowableValues = {"ongoing", "closed"}) String status,
            @Nullable String durationHours, String createdBy, Instant createdAt, @Nullable Instant updatedAt) {
        static IncidentView of(Incident i, Instant now) {
            return new IncidentView("incident", i.id(), i.title(), i.description(), i.scope(), i.features(),
                    i.startedAt(), i.endedAt(), i.status(), Unavailability.hours(i.duration(now)).toPlainString(),
                    i.createdBy(), i.createdAt(), i.updatedAt());
        }
    }

    record IntervalView(Instant from, Instant to, long seconds, String hours, List<UUID> incidentIds) {
    }

    record UnavailabilityView(String object, Instant from, Instant to, List<IntervalView> intervals,
            long longestSeconds, String longestHours, long totalSeconds, String totalHours) {
        static UnavailabilityView of(Unavailability u) {
            return new UnavailabilityView("unavailability", u.from(), u.to(), u.intervals().stream()
                    .map(i -> new IntervalView(i.from(), i.to(), i.duration().toSeconds(),
                            Unavailability.hours(i.duration()).toPlainString(), i.incidentIds()))
                    .toList(), u.longest().toSeconds(), u.longestHours().toPlainString(), u.total().toSeconds(),
                    u.totalHours().toPlainString());
        }
    }

    @Operation(operationId = "createIncident", summary = "Open an incident",
            description = "title, scope and started_at are required.")
    @PostMapping("/v1/incidents")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SUPPORT, Role.ADMIN})
    IncidentView create(Caller caller, @RequestBody IncidentBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String title = Fields.requiredText(body.title(), "title", Fields.MAX_TEXT, errors);
        String description = Fields.optionalText(body.description(), "description", Fields.MAX_NOTE, errors);
        if (body.scope() == null) {
            errors.add(new FieldProblem("scope", "is required (full or partial)"));
        }
        String scope = scope(body.scope(), errors);
        List<String> features = features(body.features(), errors);
        if (body.startedAt() == null) {
            errors.add(new FieldProblem("started_at", "is required"));
        }
        Fields.throwIfAny(errors);
        return view(incidents.create(caller.tenantId(), new IncidentDraft(title, description, scope, features,
                body.startedAt(), body.endedAt()), caller.actor()));
    }

    @Operation(operationId = "listIncidents", summary = "List incidents", description = "Newest first, by cursor.")
    @GetMapping("/v1/incidents")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<IncidentView> list(Caller caller, @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Incident> page = incidents.list(caller.tenantId(), startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(this::view).toList(), page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "getUnavailability", summary = "Measure unavailability over a period")
    @GetMapping("/v1/incidents/unavailability")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    UnavailabilityView unavailability(Caller caller, @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to) {
        List<FieldProblem> errors = new ArrayList<>();
        Instant now = clock.instant();
        Instant start = instant(from, "from", errors);
        if (from == null) {
            errors.add(new FieldProblem("from", "is required (an RFC 3339 instant)"));
        }
        Instant end = to == null ? now : instant(to, "to", errors);
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                errors.add(new FieldProblem("to", "must not be before from"));
            } else if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                errors.add(new FieldProblem("to", "must be at most " + MAX_WINDOW.toDays() + " days after from"));
            }
        }
        Fields.throwIfAny(errors);
        return UnavailabilityView.of(incidents.unavailability(caller.tenantId(), start, end, now));
    }

    @Operation(operationId = "getIncident", summary = "Retrieve an incident")
    @GetMapping("/v1/incidents/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    IncidentView get(Caller caller, @PathVariable String id) {
        return view(incidents.require(caller.tenantId(), Ids.parseOrNotFound("incident", id)));
    }

    @Operation(operationId = "updateIncident", summary = "Update an incident")
    @PostMapping("/v1/incidents/{id}")
    @Allow({Role.SUPPORT, Role.ADMIN})
    IncidentView update(Caller caller, @PathVariable String id, @RequestBody IncidentBody body) {
        UUID incidentId = Ids.parseOrNotFound("incident", id);
        List<FieldProblem> errors = new ArrayList<>();
        String title = body.title() == null ? null : Fields.requiredText(body.title(), "title", Fields.MAX_TEXT, errors);
        String description = Fields.optionalText(body.description(), "description", Fields.MAX_NOTE, errors);
        String scope = scope(body.scope(), errors);
        List<String> features = features(body.features(), errors);
        Fields.throwIfAny(errors);
        return view(incidents.update(caller.tenantId(), incidentId, new IncidentDraft(title, description, scope,
                features, body.startedAt(), body.endedAt())));
    }

    @Operation(operationId = "closeIncident", summary = "Close an incident")
    @PostMapping("/v1/incidents/{id}/close")
    @Allow({Role.SUPPORT, Role.ADMIN})
    IncidentView close(Caller caller, @PathVariable String id, @RequestBody(required = false) CloseBody body) {
        UUID incidentId = Ids.parseOrNotFound("incident", id);
        return view(incidents.close(caller.tenantId(), incidentId, body == null ? null : body.endedAt()));
    }

    private IncidentView view(Incident incident) {
        return IncidentView.of(incident, clock.instant());
    }

    private static String scope(String scope, List<FieldProblem> errors) {
        if (scope == null) {
            return null;
        }
        if (!Incident.FULL.equals(scope) && !Incident.PARTIAL.equals(scope)) {
            errors.add(new FieldProblem("scope", "must be full or partial"));
            return null;
        }
        return scope;
    }

    private static List<String> features(List<String> features, List<FieldProblem> errors) {
        if (features == null) {
            return null;
        }
        if (features.size() > MAX_FEATURES) {
            errors.add(new FieldProblem("features", "must name at most " + MAX_FEATURES + " features"));
            return null;
        }
        for (String feature : features) {
            if (feature == null || !FEATURE.matcher(feature).matches()) {
                errors.add(new FieldProblem("features", "each must be a lowercase name of letters, digits, - or _ "
                        + "(at most 64 characters)"));
                return null;
            }
        }
        return features.stream().distinct().toList();
    }

    private static Instant instant(String value, String field, List<FieldProblem> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem(field, "must be an RFC 3339 instant such as 2026-03-02T09:00:00Z"));
            return null;
        }
    }
}
