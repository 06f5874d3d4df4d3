package dev.creditdesk.shared.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event the product can hear about, by webhook or from {@code GET /v1/events}. The wire
 * name is {@code <object>.<what happened>}; {@code objectType} is the {@code object} of the
 * resource the event carries in {@code data.object}. The object id is the resource's id, except
 * for {@code entitlements} (the account's id) and {@code outage_compensation} (the incident's id),
 * which their GETs are addressed by. docs/webhooks.md says when each is published.
 */
public enum EventType {
    REFUND_REQUEST_CREATED("refund_request.created", "refund_request"),
    REFUND_REQUEST_DECIDED("refund_request.decided", "refund_request"),
    REFUND_REQUEST_INFORMATION_NEEDED("refund_request.information_needed", "refund_request"),
    REFUND_REQUEST_CHOICE_NEEDED("refund_request.choice_needed", "refund_request"),
    REFUND_REQUEST_WITHDRAWN("refund_request.withdrawn", "refund_request"),
    REFUND_REQUEST_REOPENED("refund_request.reopened", "refund_request"),
    REFUND_REQUEST_MERGED("refund_request.merged", "refund_request"),
    REFUND_SUCCEEDED("refund.succeeded", "refund"),
    REFUND_FAILED("refund.failed", "refund"),
    CREDITS_GRANTED("credits.granted", "credit_block"),
    CREDITS_REMOVED("credits.removed", "credit_block"),
    CREDITS_SUSPENDED("credits.suspended", "credit_block"),
    CREDITS_RESTORED("credits.restored", "credit_block"),
    ENTITLEMENTS_SUSPENDED("entitlements.suspended", "entitlements"),
    ENTITLEMENTS_LIFTED("entitlements.lifted", "entitlements"),
    DISPUTE_OPENED("dispute.opened", "dispute"),
    DISPUTE_CLOSED("dispute.closed", "dispute"),
    ORDER_DELIVERED("order.delivered", "order"),
    ORDER_CHARGED_BACK("order.charged_back", "order"),
    SUBSCRIPTION_RENEWED("subscription.renewed", "subscription"),
    SUBSCRIPTION_CANCELLED("subscription.cancelled", "subscription"),
    SUBSCRIPTION_ENDED("subscription.ended", "subscription"),
    TASK_HOLD_EXPIRED("task.hold_expired", "task"),
    OUTAGE_COMPENSATION_GRANTED("outage_compensation.granted", "outage_compensation"),
    INCIDENT_OPENED("incident.opened", "incident"),
    INCIDENT_CLOSED("incident.closed", "incident");

    private final String wireName;
    private final String objectType;

    EventType(String wireName, String objectType) {
        this.wireName = wireName;
        this.objectType = objectType;
    }

    public String wireName() {
        return wireName;
    }

    public String objectType() {
        return objectType;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
