package dev.creditdesk.policy;

import java.time.Instant;

/** One version of a policy as available to a tenant: shipped in the jar, or published by the tenant. */
public record PublishedPolicy(String id, String version, Instant effectiveFrom, String title, boolean shipped,
        String publishedBy, Instant publishedAt, String document) {
}
