/**
 * Outgoing email through a transactional outbox: a message is written in the transaction that
 * decides to send it and sent afterwards, with retries. It renders and sends; it never decides
 * what happened to a case.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants"})
package dev.creditdesk.notifications;
