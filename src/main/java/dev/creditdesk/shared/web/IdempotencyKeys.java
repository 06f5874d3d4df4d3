package dev.creditdesk.shared.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stored responses of POSTs sent with an {@code Idempotency-Key}, kept for 24 hours as Stripe
 * does. A key is claimed in the request's own transaction, so a concurrent request with the same
 * key waits for the first to commit and then replays its response.
 */
@Component
class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);

    record Stored(byte[] requestHash, String method, String path, int status, String contentType, byte[] body) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Claims the key for this request, or answers what an earlier request with it stored. */
    Optional<Stored> claim(String scope, String key, byte[] requestHash, String method, String path) {
        int inserted = jdbc.sql("""
                        insert into idempotency_keys (scope, key, request_hash, method, path, created_at)
                        values (:scope, :key, :hash, :method, :path, :now)
                        on conflict (scope, key) do nothing""")
                .param("scope", scope).param("key", key).param("hash", requestHash)
                .param("method", method).param("path", path)
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select request_hash, method, path, response_status, response_content_type, response_body
                        from idempotency_keys where scope = :scope and key = :key""")
                .param("scope", scope).param("key", key)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getBytes(6)))
                .optional();
    }

    void complete(String scope, String key, int status, String contentType, byte[] body) {
        jdbc.sql("""
                        update idempotency_keys
                        set response_status = :status, response_content_type = :type, response_body = :body
                        where scope = :scope and key = :key""")
                .param("status", status).param("type", contentType).param("body", body)
                .param("scope", scope).param("key", key)
                .update();
    }

    @Scheduled(fixedDelayString = "${creditdesk.jobs.idempotency-cleanup-delay:PT1H}")
    void deleteExpired() {
        jdbc.sql("delete from idempotency_keys where created_at < :cutoff")
                .param("cutoff", java.sql.Timestamp.from(clock.instant().minus(RETENTION)))
                .update();
    }
}
