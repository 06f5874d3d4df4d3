package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.policy.RefundCategory;
import dev.creditdesk.subscriptions.internal.RenewalJob;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The remedies beyond money and plain credits, carried out over HTTP as a tenant's own policy
 * proposes them: the customer's choice, account credit, expiring credits, subscription changes, a
 * referral to the bank; and the categories a tenant's policy declares.
 */
class RemediesIT extends IntegrationTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static final String POLICY = """
            id: remedies-%s
            version: "1"
            effective_from: 2020-01-01T00:00:00Z
            review_sla_business_days: 2
            categories:
              - {id: wrong_plan, title: "I bought the wrong plan"}
              - {id: pause_please, title: "I need a break"}
              - {id: accidental_cancellation, title: "I cancelled by accident"}
              - {id: unwanted_renewal, title: "It renewed when I meant to stop"}
              - {id: goodwill, title: "Something else went wrong"}
            rules:
              - id: wrong-plan
                cite: "1. money back or account credit, your choice"
                when: request.category == "wrong_plan"
                outcome: full_refund
                remedies: [[refund], [account_credit]]
                choose: customer
                decide: automatic
              - id: quality
                cite: "2. 100 credits valid 30 days"
                when: request.category == "quality"
                outcome: remedy
                remedies: [{compensation_credits: {credits: 100, expires_in_days: 30}}]
                decide: automatic
              - id: pause
                cite: "3. a break of two months"
                when: request.category == "pause_please"
                outcome: remedy
                remedies: [{pause_subscription: {months: 2}}]
                decide: automatic
              - id: reinstate
                cite: "4. cancelled by accident"
                when: request.category == "accidental_cancellation"
                outcome: remedy
                remedies: [reinstate_subscription]
                decide: automatic
              - id: unwanted-renewal
                cite: "5. refund and end at once"
                when: request.category == "unwanted_renewal"
                outcome: full_refund
                remedies: [refund, {end_subscription: {at: now}}]
                decide: automatic
              - id: bank
                cite: "6. ask your bank"
                when: request.category == "fraud"
                outcome: remedy
                remedies: [{refer_to_bank: {template: refer_to_bank_cards}}]
                decide: automatic
              - id: goodwill
                cite: "8. 5.00 of credit on your account"
                when: request.category == "goodwill"
                outcome: remedy
                amount: decimal("5.00")
                remedies: [account_credit]
                decide: automatic
              - id: final
                cite: "7. final"
                when: "true"
                outcome: no_refund
                decide: automatic
            """;

    @Autowired
    EmailSender sender;

    @Autowired
    RenewalJob renewals;

    private TestTenant tenant;
    private UUID account;
    private String email;

    private void tenantWithOwnPolicy() {
        tenant = newTenant();
        String id = "t" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("document", POLICY.formatted(id)));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(api.post("/v1/tenants/" + tenant.id(), OPERATOR_KEY, Map.of("policy", "remedies-" + id)).status())
                .isEqualTo(200);
        email = "cu-" + UUID.randomUUID() + "@example.com";
        account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
    }

    private Instant order(String number) {
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number",
                number, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-" + number)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return purchasedAt;
    }

    private String subscribe(String number) {
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro-monthly", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "pro-monthly", "order_number", number, "transaction_id", "bank-" + number));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        return subscription.text("id");
    }

    private Api.Response request(String number, String category) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("order_number", number);
        body.put("purchase_date", purchaseDate(number));
        body.put("category", category);
        body.put("reason", "please");
        return api.post("/v1/refund-requests", tenant.secretKey(), body);
    }

    private String purchaseDate(String number) {
        String at = api.get("/v1/orders?order_number=" + number, tenant.secretKey()).body().get("data").get(0)
                .get("purchased_at").asString();
        return Instant.parse(at).atZone(NY).toLocalDate().toString();
    }

    private List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void theCustomerChoosesAccountCreditWhichIsRecordedOnTheAccount() throws Exception {
        tenantWithOwnPolicy();
        order("W-1");
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();
        Api.Response request = request("W-1", "wrong_plan");
        assertThat(feed.typesSince(mark)).containsExactly("refund_request.created", "refund_request.choice_needed");
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.text("status")).isEqualTo("awaiting_choice");
        assertThat(request.text("refund_id")).isNull();
        assertThat(request.body().get("proposal").get("choose").asString()).isEqualTo("customer");
        String id = request.text("id");
        assertThat(api.get("/v1/outbox?refund_request_id=" + id, tenant.supportKey()).body().get("data")
                .findValuesAsString("template")).contains("remedy_choice");
        Jobs.drain(sender::run);
        MimeMessage choice = mailTo(email).stream().filter(m -> {
            try {
                return m.getSubject().startsWith("Choose how we settle");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(GreenMailUtil.getBody(choice)).contains("1. a refund of 29.90 USD to your original payment method")
                .contains("2. 29.90 USD of credit on your account toward your next invoices");

        Api.Response outOfRange = api.post("/v1/refund-requests/" + id + "/choose", tenant.secretKey(),
                Map.of("option", 3));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.errorField()).isEqualTo("option");
        Api.Response chosen = api.post("/v1/refund-requests/" + id + "/choose", tenant.secretKey(), Map.of("option", 2));
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
        assertThat(chosen.text("status")).isEqualTo("approved");
        assertThat(chosen.text("refund_id")).isNull();
        assertThat(chosen.body().get("decision").get("remedies").get(0).get("type").asString())
                .isEqualTo("account_credit");
        assertThat(api.post("/v1/refund-requests/" + id + "/choose", tenant.secretKey(), Map.of("option", 1))
                .status()).isEqualTo(409);

        Api.Response credit = api.get("/v1/accounts/" + account + "/account-credit", tenant.secretKey());
        assertThat(credit.text("object")).isEqualTo("account_credit");
        assertThat(credit.body().get("balances").get(0).get("amount").asString()).isEqualTo("29.90");
        assertThat(credit.body().get("balances").get(0).get("currency").asString()).isEqualTo("USD");
        Api.Response entries = api.get("/v1/accounts/" + account + "/account-credit/entries", tenant.supportKey());
        assertThat(entries.body().get("data")).hasSize(1);
        assertThat(entries.body().get("data").get(0).get("reason").asString()).isEqualTo("refund request " + id);
        assertThat(entries.body().get("data").get(0).get("balance_after").asString()).isEqualTo("29.90");

        String use = "/v1/accounts/" + account + "/account-credit/use";
        Api.Response tooMuch = api.post(use, tenant.secretKey(), Map.of("amount", "30.00", "currency", "USD",
                "reason", "invoice INV-1"));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.text("available")).isEqualTo("29.90");
        clock.advance(Duration.ofSeconds(1)); // entries list newest first, by time-ordered id
        Api.Response used = api.post(use, tenant.secretKey(), Map.of("amount", "10.00", "currency", "USD",
                "reason", "invoice INV-1"));
        assertThat(used.status()).as(used.toString()).isEqualTo(201);
        assertThat(used.text("amount")).isEqualTo("-10.00");
        assertThat(used.text("balance_after")).isEqualTo("19.90");
        assertThat(api.get("/v1/accounts/" + account + "/account-credit", tenant.secretKey()).body().get("balances")
                .get(0).get("amount").asString()).isEqualTo("19.90");
        assertThat(api.get("/v1/accounts/" + account + "/account-credit/entries", tenant.supportKey()).body()
                .get("data").findValuesAsString("amount")).containsExactly("-10.00", "29.90");
    }

    @Test
    void theCustomerChoosingTheRefundGetsTheMoneyBackAndNoAccountCredit() {
        tenantWithOwnPolicy();
        order("W-2");
        String id = request("W-2", "wrong_plan").text("id");
        Api.Response chosen = api.post("/v1/refund-requests/" + id + "/choose", tenant.secretKey(), Map.of("option", 1));
        assertThat(chosen.text("status")).isEqualTo("approved");
        assertThat(api.get("/v1/refunds/" + chosen.text("refund_id"), tenant.adminKey()).text("amount"))
                .isEqualTo("29.90");
        assertThat(api.get("/v1/accounts/" + account + "/account-credit", tenant.secretKey()).body().get("balances"))
                .isEmpty();
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void compensationCreditsAreGrantedWithTheirExpiry() {
        tenantWithOwnPolicy();
        order("Q-1");
        Api.Response request = request("Q-1", "quality");
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(available(tenant, account)).isEqualTo(500);
        Api.Response blocks = api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey());
        var compensation = blocks.body().get("data").findParents("source").stream()
                .filter(b -> b.get("source").asString().equals("compensation")).toList();
        assertThat(compensation).hasSize(1);
        assertThat(compensation.get(0).get("granted").asLong()).isEqualTo(100);
        assertThat(Instant.parse(compensation.get(0).get("expires_at").asString()))
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    }

    @Test
    void aSubscriptionIsPausedReinstatedAndEndedByRemedies() {
        tenantWithOwnPolicy();
        String subscription = subscribe("S-1");
        Api.Response before = api.get("/v1/subscriptions/" + subscription, tenant.secretKey());
        Instant periodEnd = Instant.parse(before.text("current_period_end"));

        assertThat(request("S-1", "pause_please").text("status")).isEqualTo("approved");
        Api.Response paused = api.get("/v1/subscriptions/" + subscription, tenant.secretKey());
        Instant pausedUntil = Instant.parse(paused.text("paused_until"));
        assertThat(pausedUntil).isEqualTo(periodEnd.atZone(NY).plusMonths(2).toInstant());
        clock.moveTo(periodEnd.plus(Duration.ofDays(1)));
        Jobs.drain(renewals::run);
        assertThat(api.get("/v1/subscriptions/" + subscription, tenant.secretKey()).body().get("periods").size())
                .isEqualTo(1);
        clock.moveTo(pausedUntil.plus(Duration.ofMinutes(1)));
        Jobs.drain(renewals::run);
        Api.Response resumed = api.get("/v1/subscriptions/" + subscription, tenant.secretKey());
        assertThat(resumed.body().get("periods").size()).isEqualTo(2);
        assertThat(Instant.parse(resumed.text("current_period_start"))).isEqualTo(pausedUntil);
        assertThat(resumed.text("paused_until")).isNull();

        String renewalOrder = resumed.body().get("periods").get(1).get("order_number").asString();
        api.post("/v1/subscriptions/" + subscription + "/cancel", tenant.secretKey(), null);
        assertThat(api.get("/v1/subscriptions/" + subscription, tenant.secretKey()).body().get("cancel_at_period_end")
                .asBoolean()).isTrue();
        Api.Response reinstated = request(renewalOrder, "accidental_cancellation");
        assertThat(reinstated.text("status")).as(reinstated.toString()).isEqualTo("approved");
        assertThat(api.get("/v1/subscriptions/" + subscription, tenant.secretKey()).body().get("cancel_at_period_end")
                .asBoolean()).isFalse();

        Api.Response ended = request(renewalOrder, "unwanted_renewal");
        assertThat(ended.text("status")).isEqualTo("approved");
        assertThat(ended.text("refund_id")).isNotNull();
        Api.Response after = api.get("/v1/subscriptions/" + subscription, tenant.secretKey());
        assertThat(after.text("status")).isEqualTo("ended");
        assertThat(after.text("end_reason")).isEqualTo("refund request " + ended.text("id"));
    }

    @Test
    void aRemedyForASubscriptionOnAPackageIsLeftToAPerson() {
        tenantWithOwnPolicy();
        order("P-1");
        Api.Response request = request("P-1", "pause_please");
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(request.body().get("decision").get("remedies").get(0).get("note").asString())
                .startsWith("left to a person: the order pays for no subscription");
    }

    @Test
    void referToBankEmailsTheCustomerWithTheTenantsTemplate() throws Exception {
        tenantWithOwnPolicy();
        assertThat(api.post("/v1/email-templates/refer_to_bank_cards", tenant.adminKey(), Map.of("subject",
                "Your card issuer can help with {order}", "body", "Call the number on your card about {amount} {currency}."))
                .status()).isLessThan(300);
        order("F-1");
        Api.Response request = request("F-1", "fraud");
        assertThat(request.text("status")).isEqualTo("approved");
        Jobs.drain(sender::run);
        MimeMessage bank = mailTo(email).stream().filter(m -> {
            try {
                return m.getSubject().equals("Your card issuer can help with F-1");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(GreenMailUtil.getBody(bank)).contains("Call the number on your card about 29.90 USD.");
    }

    @Test
    void aCategoryIsRefusedAtIntakeUnlessTheTenantsPolicyDeclaresIt() {
        TestTenant plain = newTenant("tiered-usage", Map.of());
        tenantWithOwnPolicy();
        order("C-1");
        Api.Response unknown = request("C-1", "downgrade");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("category");
        assertThat(unknown.body().get("errors").toString()).contains("wrong_plan").contains("change_of_mind");
        assertThat(api.get("/v1/refund-requests?account_id=" + account, tenant.supportKey()).body().get("data"))
                .isEmpty();
        Api.Response declared = request("C-1", "wrong_plan");
        assertThat(declared.status()).isEqualTo(201);

        Api.Response categories = api.get("/v1/refund-categories", tenant.secretKey());
        var declaredView = categories.body().get("data").findParents("id").stream()
                .filter(c -> c.get("id").asString().equals("wrong_plan")).findFirst().orElseThrow();
        assertThat(declaredView.get("title").asString()).isEqualTo("I bought the wrong plan");
        assertThat(declaredView.get("built_in").asBoolean()).isFalse();
        assertThat(categories.body().get("data").size()).isEqualTo(RefundCategory.values().length + 5);
        assertThat(api.get("/v1/refund-categories", plain.secretKey()).body().get("data").size())
                .isEqualTo(RefundCategory.values().length);
    }

    @Test
    void accountCreditIsMoneyAndWaitsForAPersonWhileAChargebackIsOpen() {
        tenantWithOwnPolicy();
        order("G-1");
        Api.Response given = request("G-1", "goodwill");
        assertThat(given.text("status")).isEqualTo("approved");
        order("G-2");
        assertThat(api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "bank-G-2", "reason",
                "fraudulent")).status()).isEqualTo(201);
        Api.Response disputed = request("G-2", "goodwill");
        assertThat(disputed.text("status")).isEqualTo("in_review");
        assertThat(disputed.body().get("proposal").get("blocked").asString()).isNotBlank();
        assertThat(api.get("/v1/accounts/" + account + "/account-credit", tenant.secretKey()).body().get("balances")
                .get(0).get("amount").asString()).isEqualTo("5.00");
    }

    @Test
    void supportGivesTheNewRemediesTheirParameters() {
        tenantWithOwnPolicy();
        order("D-1");
        Api.Response request = request("D-1", "change_of_mind");
        assertThat(request.text("status")).isEqualTo("rejected");
        tenant = newTenant("case-review", Map.of());
        email = "cu-" + UUID.randomUUID() + "@example.com";
        account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        order("D-2");
        String id = request("D-2", "billing_error").text("id");
        Api.Response wrong = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), Map.of(
                "decision", "approve", "note", "goodwill", "remedies", List.of(Map.of("type", "replacement_credits",
                        "credits", 10, "expires_in_days", 0), Map.of("type", "pause_subscription"))));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("errors").findValuesAsString("field"))
                .containsExactly("remedies[0].expires_in_days", "remedies[1].months");
        Api.Response approved = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), Map.of(
                "decision", "approve", "note", "goodwill", "remedies", List.of(Map.of("type", "replacement_credits",
                        "credits", 10, "expires_in_days", 7), Map.of("type", "account_credit", "amount", "5.00"))));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.body().get("decision").get("remedies").get(0).get("expires_in_days").asInt()).isEqualTo(7);
        assertThat(api.get("/v1/accounts/" + account + "/account-credit", tenant.secretKey()).body().get("balances")
                .get(0).get("amount").asString()).isEqualTo("5.00");
    }
}
