package dev.creditdesk.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook events built from Stripe's own sample objects (src/test/resources/stripe/fixtures3.json,
 * copied from stripe/openapi) and signed the way Stripe signs them:
 * {@code t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" with the signing secret>}.
 */
public final class StripeEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode RESOURCES;

    static {
        try (InputStream in = StripeEvents.class.getResourceAsStream("/stripe/fixtures3.json")) {
            RESOURCES = JSON.readTree(in).get("resources");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StripeEvents() {
    }

    /** A fresh, modifiable copy of Stripe's sample object for {@code resource} (charge, refund, invoice…). */
    public static ObjectNode sample(String resource) {
        return (ObjectNode) RESOURCES.get(resource).deepCopy();
    }

    /** An event envelope (Stripe's sample event) around {@code object}. */
    public static String event(String id, String type, ObjectNode object, Instant created) {
        ObjectNode event = sample("event");
        event.put("id", id);
        event.put("type", type);
        event.put("created", created.getEpochSecond());
        ((ObjectNode) event.get("data")).set("object", object);
        ((ObjectNode) event.get("data")).remove("previous_attributes");
        return JSON.writeValueAsString(event);
    }

    public static String signature(String payload, String secret, Instant at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signed = at.getEpochSecond() + "." + payload;
            return "t=" + at.getEpochSecond() + ",v1="
                    + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
