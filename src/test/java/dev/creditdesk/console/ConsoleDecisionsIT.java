package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decisions through the console's form that move money: what a refund removes, and what blocks one. */
class ConsoleDecisionsIT extends IntegrationTest {

    private static final Pattern FIRST_CREDITS = Pattern.compile("name=\"remedy_credits\"[^>]*value=\"([^\"]*)\"");

    private TestTenant tenant;
    private ConsoleCases.Case claim;
    private UUID account;

    @BeforeEach
    void aBillingErrorInReview() {
        tenant = newTenant("case-review", Map.of());
        claim = ConsoleCases.claim(api, tenant, clock, "bea-" + UUID.randomUUID() + "@example.com", "billing_error",
                "I was charged the wrong price.", List.of());
        account = UUID.fromString(api.get("/v1/refund-requests/" + claim.id(), tenant.supportKey()).text("account_id"));
    }

    private ConsoleClient signedIn() {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(tenant.supportKey()).status()).isEqualTo(302);
        return browser;
    }

    private static List<Map.Entry<String, String>> refund(ConsoleClient.Page page, String amount, String credits,
            String note) {
        return List.of(Map.entry("_csrf", page.csrf()), Map.entry("seen", page.seen()),
                Map.entry("decision", "approve"),
                Map.entry("remedy_type", "refund"), Map.entry("remedy_amount", amount),
                Map.entry("remedy_credits", credits), Map.entry("remedy_note", ""),
                Map.entry("note", note));
    }

    @Test
    void approvingTheRefundAsPrefilledRemovesTheOrdersCredits() {
        ConsoleClient browser = signedIn();
        ConsoleClient.Page page = browser.get("/console/cases/" + claim.id());
        Matcher credits = FIRST_CREDITS.matcher(page.body());
        assertThat(credits.find()).isTrue();
        assertThat(credits.group(1)).as("the refund row's credits").isNotEqualTo("0");
        ConsoleClient.Page decided = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", credits.group(1), ""));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(302);
        assertThat(available(tenant, account)).isZero();
        assertThat(browser.get("/console/cases/" + claim.id()).text()).contains("380 credits");
    }

    @Test
    void keepingTheCreditsNeedsANote() {
        ConsoleClient browser = signedIn();
        ConsoleClient.Page page = browser.get("/console/cases/" + claim.id());
        ConsoleClient.Page refused = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", "0", ""));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text()).contains("note");
        assertThat(available(tenant, account)).isEqualTo(380);
        ConsoleClient.Page kept = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", "0", "Refunded as goodwill; the customer keeps the credits."));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(302);
        assertThat(available(tenant, account)).isEqualTo(380);
    }

    @Test
    void aRefundOnAChargedBackOrderIsRefusedAndTheFormSaysWhy() {
        String orderId = api.get("/v1/refund-requests/" + claim.id(), tenant.supportKey()).text("order_id");
        Api.Response lost = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", orderId,
                "reason", "fraudulent", "status", "lost"));
        assertThat(lost.status()).as(lost.toString()).isEqualTo(201);
        ConsoleClient browser = signedIn();
        ConsoleClient.Page page = browser.get("/console/cases/" + claim.id());
        ConsoleClient.Page refused = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", "", ""));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text()).contains("charged back").doesNotContain("changed since you opened it");
        assertThat(api.get("/v1/orders/" + orderId + "/refunds", tenant.adminKey()).body().get("data")).isEmpty();
    }

    @Test
    void supportPicksOneOfTheProposalsAlternativesAndAsksThePolicyAgain() {
        UUID buyer = newAccount(tenant);
        api.post("/v1/accounts/" + buyer + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "flagged by mistake"));
        java.time.Instant purchasedAt = clock.instant().minus(java.time.Duration.ofDays(1));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", buyer, "order_number", "U-" + buyer,
                "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90", "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        String id = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "customer@example.com",
                "order_number", "U-" + buyer, "purchase_date",
                purchasedAt.atZone(java.time.ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "not_delivered", "reason", "nothing arrived")).text("id");

        ConsoleClient browser = signedIn();
        ConsoleClient.Page first = browser.get("/console/cases/" + id);
        // the alternatives are a choice in the one form, not links
        assertThat(first.text()).contains("Alternatives; an approval applies the one chosen in the form below")
                .contains("deliver order, access correction").doesNotContain("use this option");
        assertThat(first.body()).contains("name=\"option\" value=\"1\" checked=\"checked\"")
                .contains("name=\"option\" value=\"own\"");
        ConsoleClient.Page second = browser.get("/console/cases/" + id + "?option=2");
        assertThat(second.body()).contains("name=\"option\" value=\"2\" checked=\"checked\"");
        ConsoleClient.Page preview = browser.post("/console/cases/" + id + "/preview", List.of(
                Map.entry("_csrf", second.csrf()), Map.entry("seen", second.seen()), Map.entry("decision", "approve"),
                Map.entry("option", "1"), Map.entry("remedy_type", ""), Map.entry("remedy_amount", ""),
                Map.entry("remedy_credits", ""), Map.entry("remedy_note", ""), Map.entry("note", "")));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.text()).contains("The case becomes approved").contains("Money to the card none");
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).text("status")).isEqualTo("in_review");

        ConsoleClient.Page asked = browser.post("/console/cases/" + id + "/evaluate", Map.of("_csrf", first.csrf()));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(302);
        assertThat(browser.get("/console/cases/" + id).text()).contains("Evaluated again")
                .contains("Earlier proposals").contains("asked again in the console");
    }
}
