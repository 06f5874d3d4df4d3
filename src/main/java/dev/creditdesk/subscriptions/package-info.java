/**
 * Monthly and yearly subscriptions (the plan's interval): each paid period is an order whose
 * included credits expire at the period's end. Cancelling means cancelling at period end: access and credits stay until then,
 * nothing is refunded and nothing renews. It never grants credits except through an order.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "shared::events", "tenants", "accounts", "catalog", "billing"})
package dev.creditdesk.subscriptions;
