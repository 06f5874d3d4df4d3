package dev.creditdesk.webhooks.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.webhooks.Event;
import dev.creditdesk.webhooks.Events;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The events feed for products that poll: the same event objects webhooks deliver. */
@RestController
class EventController {

    private final Events events;

    EventController(Events events) {
        this.events = events;
    }

    /** An event object, exactly as the webhook body carries it. */
    record EventView(UUID id, String object, @Schema(implementation = EventType.class) String type, Instant created, EventData data) {
        static EventView of(Event event) {
            return new EventView(event.id(), "event", event.type(), event.created(), new EventData(event.dataObject()));
        }
    }

    record EventData(
            @JsonRawValue
            @Schema(type = "object", types = "object", description = "the resource as its GET returned it when the event happened")
            String object) {
    }

    @Operation(operationId = "listEvents", summary = "List events",
            description = "Newest first, the last 30 days. `type` and `object_id` filter.")
    @GetMapping("/v1/events")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<EventView> list(Caller caller, @RequestParam(name = "type", required = false) @Schema(implementation = EventType.class) String type,
            @RequestParam(name = "object_id", required = false) String objectId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (type != null && EventType.fromWireName(type).isEmpty()) {
            throw ApiProblem.invalid("type", "is not an event type (see docs/webhooks.md), e.g. refund_request.created");
        }
        if (objectId != null && (objectId.isBlank() || objectId.length() > Fields.MAX_TEXT)) {
            throw ApiProblem.invalid("object_id", "must be 1 to " + Fields.MAX_TEXT + " characters");
        }
        ListPage<Event> page = events.page(caller.tenantId(), type, objectId, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(EventView::of).toList(), page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "getEvent", summary = "Retrieve an event")
    @GetMapping("/v1/events/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    EventView get(Caller caller, @PathVariable String id) {
        return EventView.of(events.require(caller.tenantId(), Ids.parseOrNotFound("event", id)));
    }
}
