package dev.creditdesk.incidents;

import dev.creditdesk.incidents.internal.IncidentStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recording outages: start one (ongoing, or already over), correct it, close it. Every write checks
 * that an incident ends after it starts and that neither end is in the future; a closed incident
 * publishes {@link IncidentClosed} in the same transaction.
 */
@Service
public class Incidents {

    /** Clocks disagree a little; a time this far ahead of ours is still "now". */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final IncidentStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Incidents(IncidentStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Incident create(UUID tenantId, IncidentDraft draft, String actor) {
        Instant now = clock.instant();
        Incident incident = new Incident(Ids.newId(clock), draft.title(),
                draft.description() == null ? "" : draft.description(), draft.scope(),
                draft.features() == null ? List.of() : List.copyOf(draft.features()), draft.startedAt(),
                draft.endedAt(), draft.endedAt() == null ? "ongoing" : "closed", actor, now, now);
        check(incident, now);
        store.insert(tenantId, incident);
        announce(tenantId, incident.id(), EventType.INCIDENT_OPENED);
        if (incident.closed()) {
            events.publishEvent(new IncidentClosed(tenantId, incident.id()));
            announce(tenantId, incident.id(), EventType.INCIDENT_CLOSED);
        }
        return require(tenantId, incident.id());
    }

    /**
     * Corrects an incident: the fields given replace the recorded ones. An ongoing incident is ended
     * only by {@link #close}; a closed one may have its end moved (and is announced again). Listeners
     * of {@link IncidentCorrecting} may refuse it (compensation refuses new times or scope for an
     * incident it compensated).
     */
    @Transactional
    public Incident update(UUID tenantId, UUID id, IncidentDraft changes) {
        Incident current = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("incident", id));
        if (changes.endedAt() != null && !current.closed()) {
            throw ApiProblem.invalid("ended_at", "an ongoing incident is ended with POST /v1/incidents/{id}/close");
        }
        Instant now = clock.instant();
        Incident updated = new Incident(id, or(changes.title(), current.title()),
                or(changes.description(), current.description()), or(changes.scope(), current.scope()),
                changes.features() == null ? current.features() : List.copyOf(changes.features()),
                or(changes.startedAt(), current.startedAt()), or(changes.endedAt(), current.endedAt()),
                current.status(), current.createdBy(), current.createdAt(), now);
        check(updated, now);
        events.publishEvent(new IncidentCorrecting(tenantId, current, updated));
        store.update(tenantId, updated);
        if (updated.closed()) {
            events.publishEvent(new IncidentClosed(tenantId, id));
            announce(tenantId, id, EventType.INCIDENT_CLOSED);
        }
        return require(tenantId, id);
    }

    /** Ends an ongoing incident at {@code endedAt} (now when null). A closed incident answers 409. */
    @Transactional
    public Incident close(UUID tenantId, UUID id, Instant endedAt) {
        Incident current = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("incident", id));
        if (current.closed()) {
            throw ApiProblem.conflict("incident-closed", "The incident was closed at " + current.endedAt()
                    + "; correct its end with POST /v1/incidents/" + id).with("ended_at", current.endedAt().toString());
        }
        Instant now = clock.instant();
        Incident closed = new Incident(id, current.title(), current.description(), current.scope(),
                current.features(), current.startedAt(), endedAt == null ? now : endedAt, "closed",
                current.createdBy(), current.createdAt(), now);
        check(closed, now);
        store.update(tenantId, closed);
        events.publishEvent(new IncidentClosed(tenantId, id));
        announce(tenantId, id, EventType.INCIDENT_CLOSED);
        return require(tenantId, id);
    }

    /** Tells the product (webhooks, the events feed) in this transaction; a correction is told again. */
    private void announce(UUID tenantId, UUID id, EventType type) {
        events.publishEvent(new ResourceChanged(tenantId, type, id.toString()));
    }

    public Incident require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("incident", id));
    }

    /** Newest first; {@code startingAfter} is the {@code next_cursor} of the previous page. */
    public ListPage<Incident> list(UUID tenantId, String startingAfter, int limit) {
        UUID before = null;
        if (startingAfter != null) {
            try {
                before = UUID.fromString(startingAfter);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("starting_after", "is not a cursor from this list");
            }
        }
        List<Incident> rows = store.list(tenantId, before, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<Incident> page = hasMore ? rows.subList(0, limit) : rows;
        return new ListPage<>(List.copyOf(page), hasMore, hasMore ? page.get(page.size() - 1).id().toString() : null);
    }

    /**
     * A page of incidents for people, newest first, both ways ({@link Keyset}); {@code status}
     * (ongoing, closed) and {@code scope} (full, partial) null for any.
     */
    public Keyset<Incident> window(UUID tenantId, String status, String scope, Keyset.Cursor cursor, int limit) {
        return Keyset.of(store.window(tenantId, status, scope, cursor.after(), cursor.before(), limit + 1), limit,
                cursor, Incident::id);
    }

    /**
     * The tenant's full outages within {@code [from, to]}, merged; ongoing ones count until
     * {@code now}. The figure refund policies read as {@code outage.longest_hours}.
     */
    public Unavailability unavailability(UUID tenantId, Instant from, Instant to, Instant now) {
        List<Unavailability.Outage> outages = store.fullBetween(tenantId, from, to).stream()
                .map(i -> new Unavailability.Outage(i.id(), i.startedAt(), i.endedAt())).toList();
        return Unavailability.of(outages, from, to, now);
    }

    private static void check(Incident incident, Instant now) {
        List<FieldProblem> errors = new ArrayList<>();
        Instant latest = now.plus(CLOCK_SKEW);
        if (incident.startedAt().isAfter(latest)) {
            errors.add(new FieldProblem("started_at", "must not be in the future"));
        }
        if (incident.endedAt() != null) {
            if (!incident.endedAt().isAfter(incident.startedAt())) {
                errors.add(new FieldProblem("ended_at", "must be after started_at (" + incident.startedAt() + ")"));
            } else if (incident.endedAt().isAfter(latest)) {
                errors.add(new FieldProblem("ended_at", "must not be in the future"));
            }
        }
        Fields.throwIfAny(errors);
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
