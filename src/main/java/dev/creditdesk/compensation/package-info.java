/**
 * Outage compensation: per tenant, what customers get after a full incident longer than a
 * threshold (nothing, a review case each, or credits each), done once per incident however often
 * it is asked for, with the database's keys as the guarantee. It never refunds money itself:
 * review cases go to refunds, credits to the ledger.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "ledger", "billing", "subscriptions", "incidents", "refunds", "notifications"})
package dev.creditdesk.compensation;
