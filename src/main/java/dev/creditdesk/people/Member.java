package dev.creditdesk.people;

import java.time.Instant;

/** A person as the people page lists them: who invited them, and whether sign-in is paused. */
public record Member(Person person, String invitedBy, Instant lockedUntil) {
}
