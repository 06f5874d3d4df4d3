package dev.creditdesk.webhooks.internal;

import dev.creditdesk.webhooks.WebhookSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signing secrets at rest. Signing needs them in clear, so they cannot be hashed like API keys:
 * with {@code creditdesk.webhooks.encryption-key} they are AES-256-GCM encrypted (a database dump
 * alone does not give them away); without it they are stored as written, marked so, and a key
 * set later applies to secrets created or rotated from then on.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final String ENCRYPTED = "aesgcm:";
    private static final String PLAIN = "plain:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    SecretBox(WebhookSettings settings) {
        if (settings.encryptionKey().isBlank()) {
            key = null;
            log.warn("creditdesk.webhooks.encryption-key is not set: webhook signing secrets are stored unencrypted");
        } else {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(settings.encryptionKey().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("creditdesk.webhooks.encryption-key must be base64 of 32 bytes");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("creditdesk.webhooks.encryption-key must be base64 of 32 bytes, not "
                        + bytes.length);
            }
            key = new SecretKeySpec(bytes, "AES");
        }
    }

    public String seal(String secret) {
        if (key == null) {
            return PLAIN + secret;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    public String open(String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(ENCRYPTED)) {
            throw new IllegalStateException("a webhook secret in an unknown format");
        }
        if (key == null) {
            throw new IllegalStateException("webhook secrets are encrypted but creditdesk.webhooks.encryption-key is not set");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(ENCRYPTED.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a webhook secret (was creditdesk.webhooks.encryption-key changed?)",
                    e);
        }
    }

    /** A new signing secret: {@code whsec_} and base64 of 32 random bytes, as Standard Webhooks writes them. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
