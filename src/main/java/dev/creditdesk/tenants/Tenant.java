package dev.creditdesk.tenants;

import java.time.Instant;
import java.util.UUID;

/** A tenant; {@code policyId} names the refund policy it applies (null until one is chosen). */
public record Tenant(UUID id, String name, TenantSettings settings, String policyId, Instant createdAt) {
}
