/**
 * What a tenant sells: credit packages (a price for credits and bonus credits) and plans billed
 * monthly or yearly (a price for credits included each period), each optionally with a refund
 * policy of its own (a plan family). It prices nothing after the fact: orders state their own
 * amounts, the catalog says what a product grants.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants"})
package dev.creditdesk.catalog;
