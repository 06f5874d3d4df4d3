package dev.creditdesk.intake;

import java.util.UUID;

/**
 * Takes one message of a tenant's mailbox, in its own transaction: parses it, keeps it (the raw
 * message, so nothing is ever lost), and acts on it. The same message (by {@link ParsedMail#key()})
 * is acted on once: a second receipt answers {@link Outcome#DUPLICATE} and changes nothing, so a
 * poller that crashed after the commit but before marking the message processed is safe to run again.
 */
public interface InboundMail {

    Receipt receive(UUID tenantId, byte[] raw);

    /** What became of a message. */
    record Receipt(UUID messageId, Outcome outcome, UUID refundRequestId) {
    }

    enum Outcome {
        /** A new refund request: a case is open. */
        CASE_OPENED,
        /** A refund request that lacks facts: one reply asked for exactly them; the answer opens the case. */
        DETAILS_REQUESTED,
        /** A reply in a case's thread: added to the case (answer, evidence), which was evaluated again. */
        ADDED_TO_CASE,
        /** Matched to nothing, not a request, or automated/spam: waits in the unmatched mail list. */
        UNMATCHED,
        /** Received before: nothing done. */
        DUPLICATE
    }
}
