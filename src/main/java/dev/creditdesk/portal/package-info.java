/**
 * The customer's own pages, hosted per tenant: the refund request form (the account email proven
 * by a link before a case opens) and each case's status page, reached by a signed, expiring link
 * in every email about it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "billing", "policy", "refunds", "notifications"})
package dev.creditdesk.portal;
