/**
 * Incidents: outages as support records them (full or partial, the features hit, start and end),
 * and the unavailability they add up to, which refund policies read. It publishes
 * {@link dev.creditdesk.incidents.IncidentClosed} and never decides what an outage is worth to a
 * customer: refunds and compensation do.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared :: events"})
package dev.creditdesk.incidents;
