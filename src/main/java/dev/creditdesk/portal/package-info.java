/**
 * The customer's own pages, hosted per tenant: the refund request form (the account email proven
 * by a link before a case opens) and each case's status page, reached by a signed, expiring link
 * in every email about it. It owns the pending form submissions and the link-signing key; every
 * change to a case goes through the refunds module, which checks it. It never shows one case's or
 * tenant's data on a page reached with another's link.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "billing", "policy", "refunds", "notifications"})
package dev.creditdesk.portal;
