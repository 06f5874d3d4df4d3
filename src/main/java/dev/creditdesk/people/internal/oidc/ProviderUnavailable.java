package dev.creditdesk.people.internal.oidc;

/** A provider could not be reached or answered something unusable; the message says what, in words. */
public class ProviderUnavailable extends Exception {

    public ProviderUnavailable(String message) {
        super(message);
    }
}
