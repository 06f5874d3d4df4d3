package dev.creditdesk.ledger;

import dev.creditdesk.shared.ApiProblem;

/** 402: the account cannot cover the reservation; says how much it could. */
public class InsufficientCredits extends ApiProblem {

    public InsufficientCredits(long requested, long available) {
        super(402, "insufficient-credits", "Insufficient credits",
                "The account has " + available + " credits available; " + requested + " were requested");
        with("available", available);
        with("requested", requested);
    }
}
