package dev.creditdesk.intake.internal;

/** A mailbox could not be read; the message says why in words a tenant's admin can act on. */
public class MailboxUnavailable extends Exception {

    public MailboxUnavailable(String problem, Throwable cause) {
        super(problem, cause);
    }
}
