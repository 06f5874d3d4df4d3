package dev.creditdesk.refunds;

import java.util.UUID;

/**
 * Where the customer follows a case: the absolute, signed link to its status page that every email
 * about the case carries. The portal module provides it; without one, emails carry no link.
 */
public interface CaseStatusLinks {

    String statusUrl(UUID tenantId, UUID caseId);
}
