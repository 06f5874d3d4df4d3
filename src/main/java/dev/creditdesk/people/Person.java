package dev.creditdesk.people;

import dev.creditdesk.shared.Role;
import java.time.Instant;
import java.util.UUID;

/** A person of a tenant's support team, without any secret of theirs. */
public record Person(UUID id, UUID tenantId, String email, String name, Role role, PersonStatus status,
        boolean secondFactor, Instant createdAt) {

    /** Recorded as who did something. */
    public String actor() {
        return actorOf(id);
    }

    public static String actorOf(UUID personId) {
        return "person:" + personId;
    }
}
