package dev.creditdesk.intake;

import java.util.UUID;

/** The parse rules in force for a tenant's mailbox (its own patterns and date order, else the defaults). */
public interface IntakeRules {

    ParseRules forTenant(UUID tenantId);
}
