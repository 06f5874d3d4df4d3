package dev.creditdesk.tenants;

import java.time.Instant;
import java.util.UUID;

public record Tenant(UUID id, String name, TenantSettings settings, Instant createdAt) {
}
