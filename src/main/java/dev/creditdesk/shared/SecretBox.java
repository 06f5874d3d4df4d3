package dev.creditdesk.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Secrets Creditdesk must use in clear later (webhook signing secrets, mailbox passwords), so they
 * cannot be hashed like API keys. With {@code creditdesk.encryption-key} (or, as before,
 * {@code creditdesk.webhooks.encryption-key}) they are AES-256-GCM encrypted, so a database dump
 * alone does not give them away; without a key they are stored as written, marked so, and a key set
 * later applies to secrets written from then on. When both keys are set, new secrets are sealed with
 * {@code creditdesk.encryption-key} and secrets sealed earlier with the webhooks key still open.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final String ENCRYPTED = "aesgcm:";
    private static final String PLAIN = "plain:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key new secrets are sealed with first, then older keys that still open what they sealed. */
    private final List<SecretKey> keys;

    SecretBox(@Value("${creditdesk.encryption-key:}") String key,
            @Value("${creditdesk.webhooks.encryption-key:}") String webhooksKey) {
        List<SecretKey> parsed = new ArrayList<>();
        if (!key.isBlank()) {
            parsed.add(parse(key, "creditdesk.encryption-key"));
        }
        if (!webhooksKey.isBlank() && !webhooksKey.trim().equals(key.trim())) {
            parsed.add(parse(webhooksKey, "creditdesk.webhooks.encryption-key"));
        }
        keys = List.copyOf(parsed);
        if (keys.isEmpty()) {
            log.warn("creditdesk.encryption-key is not set: webhook signing secrets and mailbox passwords are stored"
                    + " unencrypted");
        }
    }

    private static SecretKey parse(String value, String setting) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be base64 of 32 bytes");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(setting + " must be base64 of 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Whether secrets are encrypted at rest. */
    public boolean encrypts() {
        return !keys.isEmpty();
    }

    public String seal(String secret) {
        if (keys.isEmpty()) {
            return PLAIN + secret;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String open(String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(ENCRYPTED)) {
            throw new IllegalStateException("a secret in an unknown format");
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("secrets are encrypted but creditdesk.encryption-key is not set");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(ENCRYPTED.length()));
        for (SecretKey key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
                return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                // sealed with another of the keys, or with one no longer configured
            }
        }
        throw new IllegalStateException("cannot decrypt a secret (was creditdesk.encryption-key changed?)");
    }

    /** A new webhook signing secret: {@code whsec_} and base64 of 32 random bytes, as Standard Webhooks writes them. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
