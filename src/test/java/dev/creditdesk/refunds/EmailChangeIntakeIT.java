package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * After an account's email changes, refund intake takes the current email for every order of the
 * account, and an earlier email only for the orders bought while it was the account's email.
 */
class EmailChangeIntakeIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestTenant tenant;
    private int serial;

    private String order(UUID account) {
        String number = "E-" + (++serial);
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", clock.instant().toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "t-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(1));
        return number;
    }

    private Api.Response ask(String email, String number) {
        Instant purchased = Instant.parse(api.get("/v1/orders?order_number=" + number, tenant.secretKey()).body()
                .get("data").get(0).get("purchased_at").asString());
        return api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email, "order_number", number,
                "purchase_date", purchased.atZone(NEW_YORK).toLocalDate().toString(), "category", "billing_error",
                "reason", "charged twice"));
    }

    private void changeEmail(UUID account, String email) {
        Api.Response updated = api.post("/v1/accounts/" + account, tenant.secretKey(), Map.of("email", email));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }

    private void assertAccepted(String email, String number) {
        Api.Response request = ask(email, number);
        assertThat(request.status()).as(email + " about " + number + ": " + request).isEqualTo(201);
    }

    private void assertRefused(String email, String number) {
        Api.Response request = ask(email, number);
        assertThat(request.status()).as(email + " about " + number + ": " + request).isEqualTo(422);
        assertThat(request.text("type")).endsWith("/order-not-found");
        assertThat(request.errorField()).isEqualTo("order_number");
    }

    @Test
    void theCurrentEmailReachesEveryOrderAndAnEarlierOneTheOrdersOfItsTime() {
        tenant = newTenant("case-review", Map.of());
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u-1", "email", "first@example.com")).text("id"));
        String first1 = order(account);
        String first2 = order(account);
        String first3 = order(account);
        changeEmail(account, "Second@Example.com");
        String second1 = order(account);
        String second2 = order(account);
        changeEmail(account, "third@example.com");
        String third1 = order(account);

        assertAccepted("third@example.com", first1); // the current email, for an order of the first email's time
        assertAccepted("FIRST@example.com", first2); // an earlier email, for an order bought while it was current
        assertRefused("second@example.com", first3); // not yet the account's email when first3 was bought
        assertAccepted("second@example.com", second1);
        assertRefused("first@example.com", second2); // replaced before second2 was bought
        assertAccepted("third@example.com", second2);
        assertRefused("first@example.com", third1);
        assertRefused("second@example.com", third1);
        assertAccepted("Third@Example.com", third1);

        // another account's earlier email speaks for none of this account's orders
        UUID other = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u-2", "email", "someone@example.com")).text("id"));
        String theirs = order(other);
        changeEmail(other, "someone-else@example.com");
        assertRefused("someone@example.com", first3);
        assertRefused("third@example.com", theirs);
        assertAccepted("someone@example.com", theirs);
    }

    @Test
    void changingBackAndForthKeepsEachPeriodSeparate() {
        tenant = newTenant("case-review", Map.of());
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u-1", "email", "a@example.com")).text("id"));
        String a1 = order(account);
        changeEmail(account, "b@example.com");
        String b1 = order(account);
        changeEmail(account, "a@example.com");
        String a2 = order(account);
        changeEmail(account, "c@example.com");

        assertAccepted("a@example.com", a1);
        assertRefused("a@example.com", b1);
        assertAccepted("b@example.com", b1);
        assertAccepted("a@example.com", a2);
        assertRefused("b@example.com", a2);
        // the same email again changes nothing: no new period starts
        changeEmail(account, "C@example.com");
        String c1 = order(account);
        assertAccepted("c@example.com", c1);
        assertRefused("a@example.com", c1);
    }
}
