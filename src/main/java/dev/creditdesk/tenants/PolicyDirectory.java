package dev.creditdesk.tenants;

import java.util.UUID;

/**
 * Which refund policies a tenant may choose: the shipped ones and those it published. Declared
 * here, implemented by the policy module (which depends on tenants, not the other way round).
 */
public interface PolicyDirectory {

    /** Whether {@code policyId} is shipped or was published by the tenant ({@code tenantId} null: shipped only). */
    boolean exists(UUID tenantId, String policyId);
}
