package dev.creditdesk.portal;

import static dev.creditdesk.portal.PortalFixtures.PNG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.portal.PortalClient.FileField;
import dev.creditdesk.portal.PortalClient.Page;
import dev.creditdesk.portal.PortalFixtures.Customer;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hosted refund form over HTTP: a submission waits for the emailed link, the link opens the case
 * (with the files as evidence) through intake, and nothing in the form's answer tells whether the
 * email or the order exists. Spam, forged forms and floods are turned away.
 */
class RefundFormIT extends IntegrationTest {

    @Autowired
    EmailSender sender;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RefundForms forms;

    /** A fresh client address per browser, so the per-address limit counts only this browser's posts. */
    private PortalClient browser() {
        return new PortalClient(port, PortalFixtures.freshAddress());
    }

    private static Map<String, String> fields(Page form, Customer customer, String category) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", form.csrf());
        fields.put("started", form.started());
        fields.put("website", "");
        fields.put("email", customer.email());
        fields.put("order_number", customer.orderNumber());
        fields.put("transaction_id", "");
        fields.put("purchase_date", customer.purchaseDate());
        fields.put("category", category);
        fields.put("reason", "The renders failed and the credits are gone.");
        fields.put("task_id", "");
        fields.put("evidence_kind", "screenshot");
        return fields;
    }

    private long pendingOf(TestTenant tenant) {
        return jdbc.sql("select count(*) from portal_pending_requests where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single();
    }

    private int casesOf(TestTenant tenant) {
        return api.get("/v1/refund-requests", tenant.supportKey()).body().get("data").size();
    }

    private int outboxOf(TestTenant tenant) {
        return api.get("/v1/outbox", tenant.supportKey()).body().get("data").size();
    }

    @Test
    void theFormShowsTheTenantItsSupportAddressAndThePolicysCategories() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("support_email", "help@forge.example"));
        Page form = browser().get("/portal/" + tenant.id() + "/refund");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<html lang=\"en\"").contains("name=\"viewport\"")
                .contains("enctype=\"multipart/form-data\"").contains("<legend>Why are you asking for a refund?</legend>");
        assertThat(form.text()).contains("tenant-").contains("help@forge.example").contains("Ask for a refund");
        assertThat(form.body()).contains("value=\"fraud\"").contains("value=\"failed_task\"");

        assertThat(browser().get("/portal/" + UUID.randomUUID() + "/refund").status()).isEqualTo(404);
        assertThat(browser().get("/portal/not-a-tenant/refund").status()).isEqualTo(404);
    }

    @Test
    void aSubmissionWaitsForTheEmailedLinkWhichOpensTheCaseWithItsFiles() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));

        Page sent = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of(new FileField("files", "statement.png", "image/png", PNG)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.text()).contains("Check your inbox");
        assertThat(casesOf(tenant)).as("no case before the email is proven").isZero();
        assertThat(pendingOf(tenant)).isEqualTo(1);

        Jobs.drain(sender::run);
        List<MimeMessage> mail = PortalFixtures.mailTo(customer.email());
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Confirm your refund request for order " + customer.orderNumber());
        String confirm = PortalFixtures.link(mail.get(0));
        assertThat(confirm).startsWith("/portal/" + tenant.id() + "/confirm/");

        // a visit (a mail scanner's, say) uses nothing; the button does
        Page confirmation = browser.get(confirm);
        assertThat(confirmation.status()).isEqualTo(200);
        assertThat(confirmation.text()).contains("Confirm and send my request").contains(customer.orderNumber());
        assertThat(casesOf(tenant)).isZero();
        Page opened = browser.post(confirm, Map.of("_csrf", confirmation.csrf()));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(302);
        assertThat(opened.location()).matches(".*/portal/" + tenant.id() + "/cases/[0-9a-f-]{36}\\?until=\\d+&sig=.+");

        Api.Response cases = api.get("/v1/refund-requests", tenant.supportKey());
        assertThat(cases.body().get("data")).hasSize(1);
        String caseId = cases.body().get("data").get(0).get("id").asString();
        assertThat(cases.body().get("data").get(0).get("email").asString()).isEqualTo(customer.email());
        assertThat(api.get("/v1/refund-requests/" + caseId + "/history", tenant.supportKey()).body().get("data")
                .get(0).get("actor").asString()).isEqualTo("form");
        Api.Response evidence = api.get("/v1/refund-requests/" + caseId + "/evidence", tenant.supportKey());
        assertThat(evidence.body().get("data").findValuesAsString("filename")).containsExactly("statement.png");
        assertThat(evidence.body().get("data").findValuesAsString("kind")).containsExactly("screenshot");
        assertThat(jdbc.sql("select count(*) from portal_pending_files where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).as("the files are kept once, as evidence").isZero();

        Page status = browser.get(opened.location());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.text()).contains("Your refund request for order " + customer.orderNumber())
                .contains("statement.png");

        // the receipt carries the status link, which opens the same page
        Jobs.drain(sender::run);
        MimeMessage receipt = PortalFixtures.mailTo(customer.email()).stream()
                .filter(m -> PortalFixtures.body(m).contains("Reference: " + caseId)).findFirst().orElseThrow();
        assertThat(PortalFixtures.body(receipt)).contains("Follow your request: http://localhost:8080/portal/"
                + tenant.id() + "/cases/" + caseId + "?until=");
        assertThat(browser().get(PortalFixtures.link(receipt)).text()).contains("Status:");

        // the link works once
        Page again = browser.get(confirm);
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.text()).contains("This link was used already").contains("Start a new request");
        Page twice = browser.post(confirm, Map.of("_csrf", confirmation.csrf()));
        assertThat(twice.status()).isEqualTo(410);
        assertThat(casesOf(tenant)).isEqualTo(1);
    }

    @Test
    void theAnswerIsTheSameForAnUnknownOrderWhichTheConfirmationPageRefusesInTheApisWords() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        Customer stranger = new Customer("nobody-" + UUID.randomUUID() + "@example.com", customer.orderNumber(),
                customer.purchaseDate());
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        Page known = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of());
        Page unknown = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, stranger, "fraud"),
                List.of());
        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(200);
        assertThat(unknown.text()).isEqualTo(known.text());

        Jobs.drain(sender::run);
        String confirm = PortalFixtures.link(PortalFixtures.mailTo(stranger.email()).get(0));
        Page refused = browser.post(confirm, Map.of("_csrf", browser.get(confirm).csrf()));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("We could not open your request")
                .contains("Order number: no order of the account with this email matches.")
                .contains("Start a new request");
        assertThat(browser.get(confirm).text()).as("the link keeps saying why")
                .contains("no order of the account with this email matches");
        assertThat(casesOf(tenant)).isZero();
    }

    @Test
    void anExpiredConfirmationLinkSaysSoAndOffersToStartAgain() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"), List.of());
        Jobs.drain(sender::run);
        String confirm = PortalFixtures.link(PortalFixtures.mailTo(customer.email()).get(0));
        clock.advance(Duration.ofHours(25));

        Page expired = browser.get(confirm);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text()).contains("This link has expired").contains("Start a new request");
        assertThat(browser.post(confirm, Map.of("_csrf", form.csrf())).status()).isEqualTo(410);
        assertThat(casesOf(tenant)).isZero();
        assertThat(browser.get("/portal/" + tenant.id() + "/confirm/forged-token").status()).isEqualTo(404);

        // a day later the submission is forgotten, and its link is one nobody knows
        clock.advance(Duration.ofDays(1));
        assertThat(Jobs.drain(forms::deleteExpired)).isPositive();
        assertThat(pendingOf(tenant)).isZero();
        assertThat(browser.get(confirm).status()).isEqualTo(404);
    }

    @Test
    void aFilledHoneypotOrATooQuickOrForgedFormGetsTheSameAnswerAndNothingIsKeptOrSent() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");

        Page tooQuick = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of());
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> honeypot = fields(form, customer, "fraud");
        honeypot.put("website", "http://spam.example");
        Page robot = browser.postMultipart("/portal/" + tenant.id() + "/refund", honeypot, List.of());
        Map<String, String> forged = fields(form, customer, "fraud");
        forged.put("started", "1.AAAA");
        Page forgedTime = browser.postMultipart("/portal/" + tenant.id() + "/refund", forged, List.of());

        Page person = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of());
        for (Page spam : List.of(tooQuick, robot, forgedTime)) {
            assertThat(spam.status()).isEqualTo(200);
            assertThat(spam.text()).isEqualTo(person.text());
        }
        assertThat(pendingOf(tenant)).as("only the person's").isEqualTo(1);
        assertThat(outboxOf(tenant)).as("one confirmation email, the person's").isEqualTo(1);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndKeepsNothing() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> noToken = fields(form, customer, "fraud");
        noToken.remove("_csrf");
        Page refused = browser.postMultipart("/portal/" + tenant.id() + "/refund", noToken, List.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("This form is out of date");
        Map<String, String> otherToken = fields(form, customer, "fraud");
        otherToken.put("_csrf", browser().get("/portal/" + tenant.id() + "/refund").csrf());
        assertThat(browser.postMultipart("/portal/" + tenant.id() + "/refund", otherToken, List.of()).status())
                .as("another browser's token").isEqualTo(403);
        assertThat(pendingOf(tenant)).isZero();
        assertThat(outboxOf(tenant)).isZero();
    }

    @Test
    void wrongFieldsAreShownBesideEachFieldAndNothingIsKept() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> wrong = fields(form, customer, "no-such-category");
        wrong.put("email", "not an email");
        wrong.put("order_number", "");
        wrong.put("purchase_date", "yesterday");
        wrong.put("reason", "bad\u0000byte");
        wrong.put("task_id", "task-1");
        Page page = browser.postMultipart("/portal/" + tenant.id() + "/refund", wrong,
                List.of(new FileField("files", "notes.png", "image/png", "just text".getBytes())));
        assertThat(page.status()).as(page.toString()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"error-summary\"")
                .contains("id=\"email-error\"").contains("aria-describedby=\"email-error email-hint\"")
                .contains("aria-invalid=\"true\"")
                .contains("id=\"order_number-error\"").contains("id=\"purchase_date-error\"")
                .contains("id=\"category-error\"").contains("id=\"reason-error\"").contains("id=\"task_id-error\"")
                .contains("id=\"files-error\"");
        assertThat(page.text()).contains("Enter an email address such as name@example.com.")
                .contains("Choose the reason that fits best.").contains("Remove the control characters.")
                .contains("notes.png: The file's content is not image/png");
        assertThat(page.body()).as("what was typed is kept").contains("value=\"not an email\"");
        assertThat(pendingOf(tenant)).isZero();
        assertThat(outboxOf(tenant)).isZero();
    }

    @Test
    void filesBeyondTheFormsLimitsAreRefusedWithAPageNeverA500() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        List<FileField> six = IntStream.range(0, 6)
                .mapToObj(i -> new FileField("files", "shot-" + i + ".png", "image/png", PNG)).toList();
        Page tooMany = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"), six);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.text()).contains("Choose at most 5 files.");

        byte[] large = new byte[5 * 1_048_576 + 1];
        System.arraycopy(PNG, 0, large, 0, PNG.length);
        Page tooLarge = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of(new FileField("files", "huge.png", "image/png", large)));
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.text()).contains("The files are too large");
        assertThat(pendingOf(tenant)).isZero();
    }

    @Test
    void tooManySubmissionsFromOneAddressOrForOneEmailAre429() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        PortalClient browser = browser();
        Page form = browser.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> empty = Map.of("_csrf", form.csrf(), "started", form.started());
        for (int i = 0; i < 10; i++) {
            assertThat(browser.postMultipart("/portal/" + tenant.id() + "/refund", empty, List.of()).status())
                    .isEqualTo(400);
        }
        Page limited = browser.postMultipart("/portal/" + tenant.id() + "/refund", fields(form, customer, "fraud"),
                List.of());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).isNotNull();
        assertThat(limited.text()).contains("Too many requests");
        assertThat(pendingOf(tenant)).isZero();

        // one email from many addresses: five an hour
        for (int i = 0; i < 5; i++) {
            PortalClient elsewhere = browser();
            Page page = elsewhere.get("/portal/" + tenant.id() + "/refund");
            clock.advance(Duration.ofSeconds(5));
            assertThat(elsewhere.postMultipart("/portal/" + tenant.id() + "/refund", fields(page, customer, "fraud"),
                    List.of()).status()).isEqualTo(200);
        }
        PortalClient last = browser();
        Page page = last.get("/portal/" + tenant.id() + "/refund");
        clock.advance(Duration.ofSeconds(5));
        assertThat(last.postMultipart("/portal/" + tenant.id() + "/refund", fields(page, customer, "fraud"), List.of())
                .status()).isEqualTo(429);
        assertThat(pendingOf(tenant)).isEqualTo(5);
    }
}
