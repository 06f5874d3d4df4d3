package dev.creditdesk.console.web;

import dev.creditdesk.shared.Actor;
import dev.creditdesk.shared.Role;
import java.io.Serializable;
import java.util.UUID;

/**
 * Who is signed in to the console: a person of the tenant's team ({@code personId}, their name),
 * or — for bootstrapping and machines' break-glass use — one of its support or admin keys
 * ({@code keyId}). Never a secret. Kept in the HTTP session, so it is serializable.
 */
public record ConsoleUser(UUID tenantId, Role role, UUID keyId, UUID personId, String name)
        implements Serializable, Actor {

    public static ConsoleUser forKey(UUID tenantId, Role role, UUID keyId) {
        return new ConsoleUser(tenantId, role, keyId, null, null);
    }

    public static ConsoleUser forPerson(UUID tenantId, Role role, UUID personId, String name) {
        return new ConsoleUser(tenantId, role, null, personId, name);
    }

    /** Recorded as who did something: {@code person:<id>}, or {@code api_key:<id>} exactly as the API. */
    @Override
    public String actor() {
        return personId != null ? "person:" + personId : "api_key:" + keyId;
    }

    public boolean person() {
        return personId != null;
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }
}
