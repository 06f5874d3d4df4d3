/**
 * Refund requests that arrive by email: each tenant's support mailbox (IMAP), read by a poller
 * that one node at a time claims; every message is parsed ({@link dev.creditdesk.intake.MailParser})
 * and kept ({@link dev.creditdesk.intake.InboundMail}); one that is a refund request opens a case,
 * a reply continues its case, and what matches nothing waits in the unmatched mail list for support.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "billing", "tasks", "policy", "refunds", "notifications"})
package dev.creditdesk.intake;
