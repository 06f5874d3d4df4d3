package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Evidence files are what they say they are, limited per case, and downloaded as attachments. */
class EvidenceIT extends IntegrationTest {

    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private TestTenant tenant;

    private String newCase() {
        tenant = newTenant("case-review", Map.of());
        UUID account = newAccount(tenant);
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        assertThat(api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "E-1",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "pi_E1"))).status()).isEqualTo(201);
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "customer@example.com",
                "order_number", "E-1", "purchase_date",
                purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "billing_error", "reason", "charged twice"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request.text("id");
    }

    private Api.Response upload(String id, String type, byte[] data, String filename) {
        return api.postBytes("/v1/refund-requests/" + id + "/evidence?kind=screenshot&filename=" + filename,
                tenant.secretKey(), type, data);
    }

    private int files(String id) {
        return api.get("/v1/refund-requests/" + id + "/evidence", tenant.supportKey()).body().get("data").size();
    }

    @Test
    void aFileMustBeWhatItsContentTypeSays() {
        String id = newCase();
        byte[] text = "just some text, not an image".getBytes(StandardCharsets.UTF_8);
        Api.Response disguised = upload(id, "image/png", text, "photo.png");
        assertThat(disguised.status()).as(disguised.toString()).isEqualTo(415);
        assertThat(disguised.contentType()).startsWith("application/problem+json");
        assertThat(disguised.text("type")).endsWith("/evidence-content-mismatch");
        assertThat(upload(id, "image/jpeg", PNG, "photo.jpg").status()).isEqualTo(415);
        assertThat(upload(id, "application/pdf", text, "letter.pdf").status()).isEqualTo(415);
        assertThat(upload(id, "image/webp", "RIFF0000WAVE".getBytes(StandardCharsets.US_ASCII), "a.webp").status())
                .isEqualTo(415);
        assertThat(upload(id, "text/plain", new byte[] {'a', 0, 'b'}, "nul.txt").status()).isEqualTo(415);
        assertThat(upload(id, "text/plain", new byte[] {'a', (byte) 0xc3, 'b'}, "latin.txt").status()).isEqualTo(415);
        assertThat(upload(id, "text/plain", "a%0Db".getBytes(StandardCharsets.UTF_8), "x%0D%0AEvil:1.txt").status())
                .isEqualTo(400);
        assertThat(files(id)).isZero();

        assertThat(upload(id, "image/png", PNG, "photo.png").status()).isEqualTo(201);
        assertThat(upload(id, "application/pdf", "%PDF-1.7\n%%EOF".getBytes(StandardCharsets.US_ASCII), "letter.pdf")
                .status()).isEqualTo(201);
        assertThat(upload(id, "text/plain; charset=utf-8", "Überweisung am 2. März".getBytes(StandardCharsets.UTF_8),
                "note.txt").status()).isEqualTo(201);
        assertThat(files(id)).isEqualTo(3);
    }

    @Test
    void aCaseHoldsAtMostTwentyFiles() {
        String id = newCase();
        for (int i = 0; i < 20; i++) {
            assertThat(upload(id, "image/png", PNG, "p" + i + ".png").status()).isEqualTo(201);
        }
        Api.Response tooMany = upload(id, "image/png", PNG, "p20.png");
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.text("type")).endsWith("/evidence-limit-reached");
        assertThat(tooMany.number("limit")).isEqualTo(20);
        assertThat(files(id)).isEqualTo(20);
    }

    @Test
    void downloadsAreAttachmentsWithASafeNameAndNoSniffing() throws Exception {
        String id = newCase();
        Api.Response stored = upload(id, "image/png", PNG, "%22evil%22%20r%C3%A9sum%C3%A9%3B.png");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.text("object")).isEqualTo("evidence");
        assertThat(api.get("/v1/refund-requests/" + id + "/evidence", tenant.supportKey()).body().get("data")
                .findValuesAsString("object")).containsExactly("evidence");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/v1/refund-requests/" + id + "/evidence/" + stored.text("id")))
                .header("Authorization", "Bearer " + tenant.supportKey()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PNG);
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"_evil__r_sum__.png\"; filename*=UTF-8''%22evil%22%20r%C3%A9sum%C3%A9%3B.png");
    }
}
