/**
 * What a tenant sells: credit packages (a price for credits and bonus credits) and monthly plans
 * (a price for credits included each period). It prices nothing after the fact: orders state
 * their own amounts, the catalog says what a product grants.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package dev.creditdesk.catalog;
