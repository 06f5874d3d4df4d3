package dev.creditdesk.shared;

import java.util.UUID;

/**
 * Who is doing something on this request: an API key ({@link Caller}) or a console session (the
 * console's signed-in user). Recorded as the actor of audit entries; never a secret.
 */
public interface Actor {

    /** The tenant acted in; null for the operator. */
    UUID tenantId();

    /** {@code api_key:<id>}, {@code person:<id>}: who, as recorded. */
    String actor();
}
