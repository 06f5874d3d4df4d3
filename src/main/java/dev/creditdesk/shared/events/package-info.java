/**
 * The events contract: what a business module publishes when a resource the product must hear
 * about changes, and how that resource is rendered. Named so modules may depend on it
 * ({@code "shared :: events"}) without reaching into the rest of shared's subpackages.
 */
@org.springframework.modulith.NamedInterface("events")
package dev.creditdesk.shared.events;
