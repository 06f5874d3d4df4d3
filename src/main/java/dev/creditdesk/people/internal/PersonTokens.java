package dev.creditdesk.people.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One-time links by email: 256 random bits, of which only the SHA-256 is kept, valid until they
 * expire or are used, whichever is first. A new link for the same purpose ends the earlier ones.
 */
@Repository
public class PersonTokens {

    public enum Purpose {
        INVITATION, PASSWORD_RESET;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    PersonTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token for the person (the earlier ones for the purpose end); answers the token itself, once. */
    public String issue(UUID personId, Purpose purpose, Instant now, Instant expiresAt) {
        endAll(personId, purpose, now);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into person_tokens (token_hash, person_id, purpose, expires_at, created_at)
                        values (:hash, :person, :purpose, :expires, :now)""")
                .param("hash", sha256(token)).param("person", personId).param("purpose", purpose.wireName())
                .param("expires", Timestamp.from(expiresAt)).param("now", Timestamp.from(now)).update();
        return token;
    }

    /** The person a live token of this purpose belongs to. */
    public Optional<UUID> holder(String token, Purpose purpose, Instant now) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select person_id from person_tokens
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now""")
                .param("hash", sha256(token)).param("purpose", purpose.wireName()).param("now", Timestamp.from(now))
                .query(UUID.class).optional();
    }

    /** Uses a live token once; the person it belonged to, or empty if it was not live (another request used it). */
    public Optional<UUID> use(String token, Purpose purpose, Instant now) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        update person_tokens set used_at = :now
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                        returning person_id""")
                .param("hash", sha256(token)).param("purpose", purpose.wireName()).param("now", Timestamp.from(now))
                .query(UUID.class).optional();
    }

    public void endAll(UUID personId, Purpose purpose, Instant now) {
        jdbc.sql("update person_tokens set used_at = :now where person_id = :person and purpose = :purpose "
                        + "and used_at is null")
                .param("now", Timestamp.from(now)).param("person", personId).param("purpose", purpose.wireName())
                .update();
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
