/**
 * The support console: server-rendered pages at {@code /console} (Thymeleaf and htmx, no
 * JavaScript build) where support agents and admins, signed in with their tenant's support or
 * admin key, work the review queue, read a case with its account's timeline and the policy's
 * proposal, decide it, and look after policies and the email outbox. It owns one table, the queue's
 * saved filters ({@code console_saved_filters}, in {@code internal/}), and no business rule: every
 * change to a case, an account or a setting goes through the owning module's public API, which checks it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants", "accounts", "ledger",
        "billing", "tasks", "policy", "refunds", "notifications", "calendar", "incidents", "disputes", "compensation",
        "webhooks", "intake", "people", "audit", "subscriptions"})
package dev.creditdesk.console;
