package dev.creditdesk.shared;

/** Who is calling. Tenant keys carry one of the first three; the operator key provisions tenants. */
public enum Role {
    /** The product's backend: purchases, grants, tasks. */
    SECRET,
    /** Support agents: read everything, decide refund requests. */
    SUPPORT,
    /** The tenant's administrators: everything in the tenant, policies included. */
    ADMIN,
    /** The installation's operator: creates tenants and their keys; sees no tenant data. */
    OPERATOR;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
