package dev.creditdesk.portal;

import static dev.creditdesk.portal.PortalFixtures.PDF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.portal.PortalClient.FileField;
import dev.creditdesk.portal.PortalClient.Page;
import dev.creditdesk.portal.PortalFixtures.Customer;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The status page: reached only by a link signed for its tenant and case and not expired; it says
 * where the case stands and takes the customer's answer and files.
 */
class StatusPageIT extends IntegrationTest {

    private static final Pattern LINK_PARTS = Pattern.compile(
            "/portal/([0-9a-f-]{36})/cases/([0-9a-f-]{36})\\?until=(\\d+)&sig=(.+)");

    @Autowired
    EmailSender sender;

    @Autowired
    RefundSubmitter submitter;

    @Autowired
    StatusLinks links;

    private PortalClient browser() {
        return new PortalClient(port, PortalFixtures.freshAddress());
    }

    /** A request through the API: a fraud claim without proof waits for information under exceptions-only. */
    private String fraudClaim(TestTenant tenant, Customer customer) {
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", customer.email(),
                "order_number", customer.orderNumber(), "purchase_date", customer.purchaseDate(), "category", "fraud",
                "reason", "Someone used my card."));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.text("status")).isEqualTo("awaiting_information");
        return request.text("id");
    }

    /** The status link of the case's latest email with {@code subject} in its subject. */
    private static String emailedLink(Customer customer, String subject) throws Exception {
        MimeMessage message = null;
        for (MimeMessage m : PortalFixtures.mailTo(customer.email())) {
            if (m.getSubject().contains(subject)) {
                message = m;
            }
        }
        assertThat(message).as("an email about " + subject).isNotNull();
        return PortalFixtures.link(message);
    }

    @Test
    void theCustomerAnswersTheInformationRequestAndAddsEvidenceOnThePage() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("support_email", "help@forge.example"));
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        String caseId = fraudClaim(tenant, customer);
        Jobs.drain(sender::run);
        String link = emailedLink(customer, "We need more information");
        assertThat(link).startsWith("/portal/" + tenant.id() + "/cases/" + caseId + "?until=");

        PortalClient browser = browser();
        Page page = browser.get(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Status: We need more information").contains("police report")
                .contains("help@forge.example").contains("Answer our question").contains("Add evidence");

        Page answered = browser.post(link.replace("/cases/" + caseId + "?", "/cases/" + caseId + "/information?"),
                Map.of("_csrf", page.csrf(), "information", "The charge on my statement was not mine."));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(302);
        Page after = browser.get(answered.location());
        assertThat(after.text()).contains("Thank you: we received your answer.");
        assertThat(api.get("/v1/refund-requests/" + caseId + "/history", tenant.supportKey()).body().get("data")
                .findValuesAsString("actor")).contains("customer");

        Page empty = browser.post(link.replace("?", "/information?"), Map.of("_csrf", page.csrf(), "information", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("id=\"information-error\"")
                .contains("aria-describedby=\"information-error information-hint\"");

        Page added = browser.postMultipart(link.replace("?", "/evidence?"),
                Map.of("_csrf", page.csrf(), "evidence_kind", "police_report"),
                List.of(new FileField("files", "police-report.pdf", "application/pdf", PDF)));
        assertThat(added.status()).as(added.toString()).isEqualTo(302);
        Api.Response now = api.get("/v1/refund-requests/" + caseId, tenant.supportKey());
        assertThat(now.text("status")).isEqualTo("in_review");
        Page reviewed = browser.get(added.location());
        assertThat(reviewed.text()).contains("Thank you: we received your files.").contains("Status: In review")
                .contains("police-report.pdf").doesNotContain("Answer our question");
    }

    @Test
    void theRefundsProgressAndExpectedArrivalAreShownAsTheEmailSaysThem() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", customer.email(),
                "order_number", customer.orderNumber(), "purchase_date", customer.purchaseDate(), "category",
                "change_of_mind", "reason", "not for me"));
        assertThat(request.text("status")).isEqualTo("approved");
        String link = links.path(tenant.id(), UUID.fromString(request.text("id")));
        Page approved = browser().get(link);
        assertThat(approved.text()).contains("Status: Approved").contains("Decision")
                .contains("a refund of").contains("Your refund Requested");

        submitter.run();
        assertThat(api.post("/v1/refunds/" + request.text("refund_id") + "/mark-sent", tenant.adminKey(), null)
                .text("status")).isEqualTo("succeeded");
        Jobs.drain(sender::run);
        MimeMessage sent = PortalFixtures.mailTo(customer.email()).stream()
                .filter(m -> subject(m).startsWith("Your refund of")).findFirst().orElseThrow();
        Matcher window = Pattern.compile("arrives between (\\w+, \\w+ \\d+, \\d{4}) and (\\w+, \\w+ \\d+, \\d{4}),")
                .matcher(PortalFixtures.body(sent));
        assertThat(window.find()).isTrue();
        java.time.format.DateTimeFormatter read = java.time.format.DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy",
                java.util.Locale.ENGLISH);
        Page onItsWay = browser().get(link);
        assertThat(onItsWay.text()).contains("On its way").contains("It usually arrives between "
                + java.time.LocalDate.parse(window.group(1), read) + " and " + java.time.LocalDate.parse(window.group(2), read));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aForgedAlteredOrAnotherCasesLinkOrAnotherTenantsPathShowsNothing() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        TestTenant other = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        Customer otherCustomer = PortalFixtures.customer(api, tenant, clock);
        String caseId = fraudClaim(tenant, customer);
        String otherCase = fraudClaim(tenant, otherCustomer);
        String link = links.path(tenant.id(), UUID.fromString(caseId));
        Matcher parts = LINK_PARTS.matcher(link);
        assertThat(parts.matches()).isTrue();
        String until = parts.group(3);
        String sig = parts.group(4);
        PortalClient browser = browser();
        Page real = browser.get(link);
        assertThat(real.status()).isEqualTo(200);

        List<String> refused = List.of(
                "/portal/" + tenant.id() + "/cases/" + caseId + "?until=" + until + "&sig=AAAA" + sig.substring(4),
                "/portal/" + tenant.id() + "/cases/" + caseId + "?until=" + (Long.parseLong(until) + 1) + "&sig=" + sig,
                "/portal/" + tenant.id() + "/cases/" + caseId + "?until=" + until,
                "/portal/" + tenant.id() + "/cases/" + caseId,
                "/portal/" + tenant.id() + "/cases/" + otherCase + "?until=" + until + "&sig=" + sig,
                "/portal/" + other.id() + "/cases/" + caseId + "?until=" + until + "&sig=" + sig,
                "/portal/" + tenant.id() + "/cases/not-a-case?until=" + until + "&sig=" + sig,
                "/portal/" + tenant.id() + "/cases/" + caseId + "?until=99999999999999999999&sig=" + sig);
        for (String path : refused) {
            Page page = browser.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.text()).as(path).contains("This page does not exist")
                    .doesNotContain(customer.orderNumber()).doesNotContain(otherCustomer.orderNumber());
        }
        // nor does a form posted through one change anything
        String forged = "/portal/" + tenant.id() + "/cases/" + otherCase + "/information?until=" + until + "&sig=" + sig;
        assertThat(browser.post(forged, Map.of("_csrf", real.csrf(), "information", "mine")).status()).isEqualTo(404);
        assertThat(api.get("/v1/refund-requests/" + otherCase + "/history", tenant.supportKey()).body().get("data"))
                .hasSize(1);
        // and a form without its token is refused before anything runs
        Page noToken = browser.post(link.replace("?", "/information?"), Map.of("information", "mine"));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(api.get("/v1/refund-requests/" + caseId + "/history", tenant.supportKey()).body().get("data"))
                .hasSize(1);
    }

    @Test
    void anExpiredLinkOffersAFreshOneMailedToTheCasesAddress() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        String caseId = fraudClaim(tenant, customer);
        String link = links.path(tenant.id(), UUID.fromString(caseId));
        PortalClient browser = browser();
        String csrf = browser.get(link).csrf();
        clock.advance(Duration.ofDays(31));

        Page expired = browser.get(link);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text()).contains("This link has expired").contains("Email me a fresh link")
                .doesNotContain(customer.orderNumber());
        assertThat(browser.post(link.replace("?", "/information?"), Map.of("_csrf", csrf, "information", "x"))
                .status()).as("an expired link changes nothing").isEqualTo(410);

        Page fresh = browser.post(link.replace("?", "/fresh-link?"), Map.of("_csrf", csrf));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.text()).contains("We sent you a fresh link");
        Jobs.drain(sender::run);
        String freshLink = emailedLink(customer, "Your link to follow your refund request");
        assertThat(freshLink).isNotEqualTo(link);
        assertThat(browser.get(freshLink).text()).contains("Status: We need more information");
    }
}
