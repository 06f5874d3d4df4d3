package dev.creditdesk.ledger;

import dev.creditdesk.shared.ApiProblem;

/**
 * 403: the account could cover the reservation but for credits that are suspended (their order
 * is disputed); names what suspended them.
 */
public class CreditsSuspended extends ApiProblem {

    public CreditsSuspended(long requested, long available, long suspended, String source, String sourceId) {
        super(403, "credits-suspended", "Credits suspended",
                requested + " credits were requested; " + available + " are available and " + suspended
                        + " more are suspended by " + source + " " + sourceId);
        with("requested", requested);
        with("available", available);
        with("suspended", suspended);
        with("suspension_source", source);
        with("suspension_source_id", sourceId);
    }
}
