package dev.creditdesk.webhooks;

import java.util.List;

/** An endpoint as given to create or update it; in an update a null field is left as it is. */
public record EndpointDraft(String url, String description, List<String> enabledEvents, EndpointStatus status) {
}
