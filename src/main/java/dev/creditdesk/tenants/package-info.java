/**
 * Tenants (one AI product each), their settings and their API keys. It authenticates every
 * request and tells the other modules whose data a request may touch. It never stores a key in
 * clear and never answers one tenant's data to another tenant's key.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "calendar"})
package dev.creditdesk.tenants;
