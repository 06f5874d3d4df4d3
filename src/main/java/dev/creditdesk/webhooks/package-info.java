/**
 * Outgoing webhooks: the endpoints tenants register, every event recorded in the transaction that
 * changed its resource (also readable from {@code GET /v1/events}), and signed deliveries per the
 * Standard Webhooks specification with retries. It listens for
 * {@link dev.creditdesk.shared.events.ResourceChanged}; no business module may depend on it, and it
 * never changes another module's data.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared :: events", "tenants", "notifications"})
package dev.creditdesk.webhooks;
