package dev.creditdesk.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest.TestTenant;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Customers with orders, and the mail they get, for the portal's tests. */
final class PortalFixtures {

    /** A 1×1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes();

    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/portal/\\S+)");

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final String RUN = Integer.toHexString(new Random().nextInt(0x10000));

    private PortalFixtures() {
    }

    /** A client address no other browser in this run uses (documentation range 2001:db8::/32). */
    static String freshAddress() {
        return "2001:db8:" + RUN + "::" + Integer.toHexString(ADDRESSES.incrementAndGet());
    }

    record Customer(String email, String orderNumber, String purchaseDate) {
    }

    /** An account with a unique email and an order bought yesterday (New York time), 30 of its 400 credits used. */
    static Customer customer(Api api, TestTenant tenant, Clock clock) {
        String email = "cus-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String orderNumber = "P-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + orderNumber)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return new Customer(email, orderNumber,
                purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString());
    }

    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** The text of a message, its transfer encoding undone. */
    static String body(MimeMessage message) {
        try {
            Object content = message.getContent();
            return content instanceof String text ? text : GreenMailUtil.getBody(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path of the portal link in a message, checked to start with the public URL. */
    static String link(MimeMessage message) {
        Matcher m = LINK.matcher(body(message));
        assertThat(m.find()).as("a portal link in: " + body(message)).isTrue();
        return m.group(1);
    }
}
