package dev.creditdesk.console;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.refunds.CaseAssignments;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeEvents;
import dev.creditdesk.support.StripeServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * A team working cases in the console: a decision previewed before it is recorded (and the
 * preview writes nothing and calls nothing), assignment, my cases, next case under a race,
 * internal notes kept out of every email, the queue's filters, the customer's answer recorded by
 * support.
 */
class ConsoleCaseWorkIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Notifications notifications;
    @Autowired
    CaseAssignments assignments;
    @Autowired
    People people;
    @Autowired
    PlatformTransactionManager transactions;

    private ConsoleClient signedIn(String key) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(key).status()).isEqualTo(302);
        return browser;
    }

    /** A Stripe-paid order of 400 credits (20 used) and a card-fraud claim with a police report, in review. */
    private ConsoleCases.Case stripeFraudClaim(TestTenant tenant, String paymentIntent) {
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_1",
                "stripe_webhook_secret", "whsec_1"));
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        String orderNumber = "S-" + UUID.randomUUID().toString().substring(0, 6);
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "stripe", "transaction_id", paymentIntent)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 30)).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 20));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber,
                "purchase_date", purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "fraud", "reason", "Someone used my card.", "evidence_kinds", List.of("police_report")));
        assertThat(request.text("status")).as(request.toString()).isEqualTo("in_review");
        return new ConsoleCases.Case(request.text("id"), email, orderNumber);
    }

    /**
     * Every row of the tenant in every table that has a tenant (cases, refunds, ledger, emails,
     * webhook events …), as one digest per table: what a preview must leave as it found it.
     */
    private Map<String, String> snapshot(UUID tenantId) {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.columns
                        where table_schema = 'public' and column_name = 'tenant_id' order by table_name""")
                .query(String.class).list();
        Map<String, String> digest = new java.util.TreeMap<>();
        for (String table : tables) {
            digest.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '')"
                    + " from " + table + " t where tenant_id = :t").param("t", tenantId).query(String.class).single());
        }
        return digest;
    }

    private static List<Map.Entry<String, String>> refundForm(ConsoleClient.Page page, String csrf) {
        return List.of(Map.entry("_csrf", csrf), Map.entry("seen", page.seen()), Map.entry("decision", "approve"),
                Map.entry("remedy_type", "refund"), Map.entry("remedy_amount", "29.90"),
                Map.entry("remedy_credits", ""), Map.entry("remedy_note", ""), Map.entry("note", ""));
    }

    @Test
    void aPreviewShowsWhatTheDecisionWillDoWritesNothingAndTheConfirmationDoesExactlyThat() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        String paymentIntent = "pi_P" + UUID.randomUUID().toString().replace("-", "");
        ConsoleCases.Case fraud = stripeFraudClaim(tenant, paymentIntent);
        UUID caseId = UUID.fromString(fraud.id());
        String accountId = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("account_id");
        ConsoleClient agent = signedIn(tenant.supportKey());
        ConsoleClient.Page page = agent.get("/console/cases/" + fraud.id());
        assertThat(page.body()).contains("Preview decision").doesNotContain("Record decision");

        WireMockServer stripe = StripeServer.server();
        Map<String, String> before = snapshot(tenant.id());
        ConsoleClient.Page preview = agent.post("/console/cases/" + fraud.id() + "/preview",
                refundForm(page, page.csrf()));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        String said = preview.text();
        assertThat(said).contains("Preview: nothing is recorded until you confirm")
                .contains("29.90 USD refunded to the charge " + paymentIntent + " (stripe)")
                .contains("380 credits removed — purchase block")
                .contains("the order pays for no subscription")
                .contains("Subject Your refund request for order " + fraud.orderNumber() + " is approved");
        assertThat(snapshot(tenant.id())).as("the preview changed no row").isEqualTo(before);
        assertThat(available(tenant, UUID.fromString(accountId))).isEqualTo(380);
        submitter.run(); // global: other tests' refunds may go, never one of this charge
        stripe.verify(0, postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(paymentIntent)));

        // the email the preview showed, word for word
        Matcher body = Pattern.compile("(?s)<pre class=\"preview-body\">(.*?)</pre>").matcher(preview.body());
        assertThat(body.find()).isTrue();
        String previewedBody = org.springframework.web.util.HtmlUtils.htmlUnescape(body.group(1));

        // confirmed: what the preview said is what happens
        ObjectNode stripeRefund = StripeEvents.sample("refund");
        stripeRefund.put("id", "re_" + paymentIntent);
        stripeRefund.put("status", "pending");
        stripeRefund.put("amount", 2990);
        stripeRefund.put("payment_intent", paymentIntent);
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(paymentIntent))
                .willReturn(okJson(stripeRefund.toString())));
        List<Map.Entry<String, String>> confirm = hiddenFields(preview.body(), "confirm-form");
        assertThat(confirm).extracting(Map.Entry::getKey).contains("seen", "decision", "remedy_amount");
        ConsoleClient.Page confirmed = agent.post("/console/cases/" + fraud.id() + "/decision", confirm);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(302);
        assertThat(available(tenant, UUID.fromString(accountId))).as("the 380 credits the preview named").isZero();
        submitter.run();
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(paymentIntent))
                .withRequestBody(containing("amount=2990")));
        List<Email> sent = notifications.page(tenant.id(), caseId, null, ListPage.MAX_LIMIT).data();
        assertThat(sent).filteredOn(e -> e.subject().endsWith("is approved")).singleElement()
                .satisfies(e -> assertThat(e.body()).isEqualTo(previewedBody));

        // a confirmation of a preview made before the case changed is refused, and changes nothing
        Map<String, String> decided = snapshot(tenant.id());
        ConsoleClient.Page stale = agent.post("/console/cases/" + fraud.id() + "/decision", confirm);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text()).contains("Your decision was not recorded");
        assertThat(snapshot(tenant.id())).isEqualTo(decided);
    }

    @Test
    void thePolicysAlternativesAreAChoiceInTheOneForm() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleClient.Page page = signedIn(tenant.supportKey()).get("/console/cases/" + fraud.id());
        assertThat(page.body()).doesNotContain("use this option");
    }

    @Test
    void internalNotesAreInTheHistoryWithWhoAndWhenAndInNoEmail() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleClient agent = signedIn(tenant.supportKey());
        ConsoleClient.Page page = agent.get("/console/cases/" + fraud.id());
        String secret = "Called the bank " + UUID.randomUUID() + "; the police report checks out.";
        ConsoleClient.Page added = agent.post("/console/cases/" + fraud.id() + "/notes",
                Map.of("_csrf", page.csrf(), "body", secret));
        assertThat(added.status()).as(added.toString()).isEqualTo(302);
        ConsoleClient.Page empty = agent.post("/console/cases/" + fraud.id() + "/notes",
                Map.of("_csrf", page.csrf(), "body", "  "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("The note is required.");

        Api.Response byApi = api.post("/v1/refund-requests/" + fraud.id() + "/notes", tenant.adminKey(),
                Map.of("body", "Second opinion: approve."));
        assertThat(byApi.status()).as(byApi.toString()).isEqualTo(201);
        assertThat(byApi.text("object")).isEqualTo("refund_request_note");
        assertThat(api.get("/v1/refund-requests/" + fraud.id() + "/notes", tenant.secretKey()).status())
                .as("the product's backend does not read the team's notes").isEqualTo(403);

        String history = agent.get("/console/cases/" + fraud.id()).text();
        assertThat(history).contains("internal note by the support key").contains(secret)
                .contains("internal note by the admin key").contains("Second opinion: approve.");

        ConsoleClient.Page now = agent.get("/console/cases/" + fraud.id());
        ConsoleClient.Page preview = agent.post("/console/cases/" + fraud.id() + "/preview",
                refundForm(now, now.csrf()));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(agent.post("/console/cases/" + fraud.id() + "/decision",
                hiddenFields(preview.body(), "confirm-form")).status()).isEqualTo(302);
        List<Email> emails = notifications.page(tenant.id(), UUID.fromString(fraud.id()), null, ListPage.MAX_LIMIT)
                .data();
        assertThat(emails).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.body() + e.subject()).doesNotContain("Called the bank")
                        .doesNotContain("Second opinion"));
    }

    @Test
    void casesAreClaimedAssignedAndListedAsMineOrUnassigned() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case first = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case second = ConsoleCases.fraudClaim(api, tenant, clock);
        // the two are due at the same time: which one "next case" claims first is the database's choice
        Person ada = people.add(tenant.id(), "ada-" + UUID.randomUUID() + "@example.com", "Ada Lovelace",
                Role.SUPPORT, PersonStatus.ACTIVE, null, "test");
        ConsoleClient agent = signedIn(tenant.supportKey());

        ConsoleClient.Page next = agent.post("/console/queue/next", Map.of("_csrf",
                agent.get("/console/queue").csrf()));
        assertThat(next.location()).contains("/console/cases/");
        String claimedId = next.location().substring(next.location().lastIndexOf('/') + 1);
        ConsoleCases.Case claimed = claimedId.equals(first.id()) ? first : second;
        ConsoleCases.Case other = claimed == first ? second : first;
        assertThat(claimedId).isEqualTo(claimed.id());
        assertThat(agent.get("/console/cases/" + claimed.id()).text()).contains("Assigned to the support key");
        String mine = agent.get("/console/queue?assigned=me&status=any").text();
        assertThat(mine).contains("1 case").contains(claimed.orderNumber()).doesNotContain(other.orderNumber());
        String unassigned = agent.get("/console/queue?assigned=unassigned").text();
        assertThat(unassigned).contains("1 case").contains(other.orderNumber());

        ConsoleClient.Page page = agent.get("/console/cases/" + other.id());
        assertThat(page.body()).contains("Ada Lovelace");
        ConsoleClient.Page assigned = agent.post("/console/cases/" + other.id() + "/assignment",
                Map.of("_csrf", page.csrf(), "assignee", ada.actor()));
        assertThat(assigned.status()).isEqualTo(302);
        assertThat(agent.get("/console/cases/" + other.id()).text()).contains("Assigned to Ada Lovelace");
        assertThat(agent.get("/console/queue").text()).contains("Ada Lovelace").contains("you");
        ConsoleClient.Page bogus = agent.post("/console/cases/" + other.id() + "/assignment",
                Map.of("_csrf", page.csrf(), "assignee", "person:" + UUID.randomUUID()));
        assertThat(bogus.status()).isEqualTo(302);
        assertThat(agent.get("/console/cases/" + other.id()).text()).contains("Nothing was changed")
                .contains("Assigned to Ada Lovelace");
        assertThat(agent.post("/console/queue/next", Map.of("_csrf", page.csrf())).location())
                .as("nothing unassigned is left in review").endsWith("/console/queue");

        // the API: support gives the case back to nobody; a bad assignee is named
        Api.Response none = api.post("/v1/refund-requests/" + other.id() + "/assignment", tenant.supportKey(),
                Map.of());
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(assignments.assignee(tenant.id(), UUID.fromString(other.id()))).isEmpty();
        Api.Response bad = api.post("/v1/refund-requests/" + other.id() + "/assignment", tenant.supportKey(),
                Map.of("assignee", "somebody"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("assignee");
        assertThat(api.post("/v1/refund-requests/" + other.id() + "/assignment", tenant.secretKey(),
                Map.of("assignee", ada.actor())).status()).isEqualTo(403);
    }

    @Test
    void twoAgentsPressingNextCaseAtOnceGetDifferentCases() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cases.add(ConsoleCases.fraudClaim(api, tenant, clock).id());
        }
        ConsoleClient one = signedIn(tenant.supportKey());
        ConsoleClient two = signedIn(tenant.adminKey());
        String csrfOne = one.get("/console/queue").csrf();
        String csrfTwo = two.get("/console/queue").csrf();
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> press(one, csrfOne, together));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> press(two, csrfTwo, together));
        String caseOne = a.get(30, TimeUnit.SECONDS);
        String caseTwo = b.get(30, TimeUnit.SECONDS);
        assertThat(caseOne).isNotEqualTo(caseTwo);
        assertThat(cases).contains(caseOne, caseTwo);
    }

    private static String press(ConsoleClient agent, String csrf, CyclicBarrier together) {
        try {
            together.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ConsoleClient.Page next = agent.post("/console/queue/next", Map.of("_csrf", csrf));
        assertThat(next.location()).contains("/console/cases/");
        return next.location().substring(next.location().lastIndexOf('/') + 1);
    }

    /** A claim in flight does not hold the next one up: the second claimant skips the locked case. */
    @Test
    void aCaseBeingClaimedIsSkippedNotWaitedFor() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        String first = ConsoleCases.fraudClaim(api, tenant, clock).id();
        String second = ConsoleCases.fraudClaim(api, tenant, clock).id();
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<UUID>> holding = CompletableFuture.supplyAsync(() -> own.execute(s -> {
            Optional<UUID> id = assignments.claimNext(tenant.id(), "api_key:" + UUID.randomUUID());
            claimed.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return id;
        }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
        Optional<UUID> mine = own.execute(s -> assignments.claimNext(tenant.id(), "api_key:" + UUID.randomUUID()));
        release.countDown();
        Optional<UUID> theirs = holding.get(30, TimeUnit.SECONDS);
        assertThat(theirs).isPresent();
        assertThat(mine).isPresent().isNotEqualTo(theirs);
        assertThat(List.of(theirs.get(), mine.get())).containsExactlyInAnyOrder(UUID.fromString(first),
                UUID.fromString(second));
    }

    @Test
    void theAnyStatusFilterShowsEveryStatusAndStaysSelected() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case open = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case decided = ConsoleCases.fraudClaim(api, tenant, clock);
        assertThat(api.post("/v1/refund-requests/" + decided.id() + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "The police report names another card.")).status()).isEqualTo(200);
        ConsoleClient agent = signedIn(tenant.supportKey());
        ConsoleClient.Page any = agent.get("/console/queue?status=any&reason=");
        assertThat(any.text()).contains("2 cases").contains(open.orderNumber()).contains(decided.orderNumber());
        assertThat(any.body()).contains("<option value=\"any\" selected=\"selected\">any status</option>");
        assertThat(agent.get("/console/queue").text()).as("in review by default").contains("1 case")
                .doesNotContain(decided.orderNumber());
        assertThat(agent.get("/console/queue?overdue=1").text()).contains("0 cases");
    }

    @Test
    void duplicateRequestsForOneOrderAreMarked() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock);
        Api.Response again = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", fraud.email(),
                "order_number", fraud.orderNumber(), "purchase_date", api.get("/v1/refund-requests/" + fraud.id(),
                        tenant.supportKey()).text("purchase_date"),
                "category", "fraud", "reason", "Asking again: someone used my card.",
                "evidence_kinds", List.of("police_report")));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        ConsoleClient agent = signedIn(tenant.supportKey());
        assertThat(agent.get("/console/queue?status=any").body()).contains(">duplicate</span>");
        assertThat(agent.get("/console/cases/" + fraud.id()).text())
                .contains("The customer made other requests about this order");
    }

    @Test
    void supportRecordsTheCustomersAnswerWithTheTaskAndTheCaseMovesOn() {
        TestTenant tenant = newTenant("case-review", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case failed = failedTaskWithoutItsId(tenant);
        ConsoleClient agent = signedIn(tenant.supportKey());
        ConsoleClient.Page page = agent.get("/console/cases/" + failed.id());
        assertThat(page.text()).contains("Record the customer's answer");

        ConsoleClient.Page empty = agent.post("/console/cases/" + failed.id() + "/answer",
                Map.of("_csrf", page.csrf(), "information", "", "task_id", "nope"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("Write down what the customer said.").contains("That is not a task id.");
        ConsoleClient.Page otherTask = agent.post("/console/cases/" + failed.id() + "/answer",
                Map.of("_csrf", page.csrf(), "information", "It was this one", "task_id", UUID.randomUUID().toString()));
        assertThat(otherTask.status()).isEqualTo(400);
        assertThat(otherTask.text()).contains("is not a task of the customer's account");
        assertThat(api.get("/v1/refund-requests/" + failed.id(), tenant.supportKey()).text("status"))
                .isEqualTo("awaiting_information");

        String task = taskOf(tenant, failed);
        ConsoleClient.Page answered = agent.post("/console/cases/" + failed.id() + "/answer",
                Map.of("_csrf", page.csrf(), "information", "On the phone: the upscale job failed.", "task_id", task));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(302);
        Api.Response now = api.get("/v1/refund-requests/" + failed.id(), tenant.supportKey());
        assertThat(now.text("status")).isEqualTo("in_review");
        assertThat(now.text("task_id")).isEqualTo(task);
        assertThat(now.body().get("proposal").get("rule").asString()).isEqualTo("failed-task-credits");
    }

    @Test
    void theApisAnswerCarriesATaskId() {
        TestTenant tenant = newTenant("case-review", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case failed = failedTaskWithoutItsId(tenant);
        String answer = "/v1/refund-requests/" + failed.id() + "/information";
        Api.Response malformed = api.unvalidatedRequest().post(answer, tenant.secretKey(),
                Map.of("information", "this one", "task_id", "not-an-id"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorField()).isEqualTo("task_id");
        String task = taskOf(tenant, failed);
        Api.Response answered = api.post(answer, tenant.secretKey(), Map.of("information", "this one",
                "task_id", task));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.text("status")).isEqualTo("in_review");
        assertThat(answered.text("task_id")).isEqualTo(task);
    }

    /** A failed-task claim under the case-review policy without the task's id: the policy asks for it. */
    private ConsoleCases.Case failedTaskWithoutItsId(TestTenant tenant) {
        String email = "bo-" + UUID.randomUUID() + "@example.com";
        String orderNumber = "T-" + UUID.randomUUID().toString().substring(0, 6);
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        assertThat(api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number",
                orderNumber, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-" + orderNumber)))
                .status()).isEqualTo(201);
        String task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 40))
                .text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 40));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber,
                "purchase_date", purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "failed_task", "reason", "The upscale failed and took my credits."));
        assertThat(request.text("status")).as(request.toString()).isEqualTo("awaiting_information");
        return new ConsoleCases.Case(request.text("id"), email, orderNumber);
    }

    /** The task the customer of the case ran. */
    private String taskOf(TestTenant tenant, ConsoleCases.Case kase) {
        String account = api.get("/v1/refund-requests/" + kase.id(), tenant.supportKey()).text("account_id");
        return api.get("/v1/tasks?account_id=" + account, tenant.secretKey()).body().get("data").get(0).get("id")
                .asString();
    }

    /** The hidden fields of one form on the page, in order, as a browser would post them. */
    static List<Map.Entry<String, String>> hiddenFields(String html, String formId) {
        int start = html.indexOf("id=\"" + formId + "\"");
        assertThat(start).as("form " + formId).isPositive();
        String form = html.substring(start, html.indexOf("</form>", start));
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(form);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        while (input.find()) {
            fields.add(Map.entry(input.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(input.group(2))));
        }
        return fields;
    }
}
