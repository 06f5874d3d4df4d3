package dev.creditdesk.console.web;

import dev.creditdesk.shared.Role;
import java.io.Serializable;
import java.util.UUID;

/**
 * Who is signed in to the console: the key's tenant, role and id, never its secret. Kept in the
 * HTTP session, so it is serializable.
 */
public record ConsoleUser(UUID tenantId, Role role, UUID keyId) implements Serializable {

    /** Recorded as who did something, exactly as the API records a key's actions. */
    public String actor() {
        return "api_key:" + keyId;
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }
}
