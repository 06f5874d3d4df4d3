package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/** The console over plain HTTP: sign-in, sessions, CSRF, roles, and decisions that race. */
class ConsoleIT extends IntegrationTest {

    @Autowired
    ServletWebServerApplicationContext server;

    private TestTenant tenant;
    private ConsoleCases.Case fraud;

    @BeforeEach
    void aCaseInReview() {
        tenant = newTenant("exceptions-only", Map.of());
        fraud = ConsoleCases.fraudClaim(api, tenant, clock);
    }

    private ConsoleClient signedIn(String key) {
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page signedIn = browser.signIn(key);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/console");
        return browser;
    }

    private String status() {
        return api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("status");
    }

    private static List<Map.Entry<String, String>> approval(ConsoleClient.Page casePage) {
        return List.of(Map.entry("_csrf", casePage.csrf()), Map.entry("seen", casePage.seen()),
                Map.entry("decision", "approve"),
                Map.entry("remedy_type", "refund"), Map.entry("remedy_amount", "29.90"),
                Map.entry("remedy_credits", ""), Map.entry("remedy_note", ""),
                Map.entry("note", ""));
    }

    @Test
    void aSupportKeySignsInAndSeesTheQueueWithBusinessDaysLeft() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page queue = browser.get("/console/queue");
        assertThat(queue.status()).isEqualTo(200);
        // exceptions-only reviews within 5 business days: received on a Monday, due the next Monday
        assertThat(queue.text()).contains("Order " + fraud.orderNumber()).contains(fraud.email())
                .contains("5 business days left").contains("full refund 29.90").contains("support key");
        assertThat(browser.get("/console/queue?status=in_review&reason=quality").text())
                .doesNotContain(fraud.orderNumber()).contains("No cases match");
        assertThat(browser.get("/console/queue?status=&reason=fraud").text()).contains(fraud.orderNumber());

        clock.advance(java.time.Duration.ofDays(9));
        // how many business days late depends on the holidays the shared clock has reached
        assertThat(browser.get("/console/queue").text()).contains("1 case , 1 overdue")
                .containsPattern("Overdue by \\d+ business days?");
    }

    @Test
    void theCasePageShowsRequestEvidenceTimelineAndProposal() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page page = browser.get("/console/cases/" + fraud.id());
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.text()).contains("Someone used my card").contains("police report")
                .contains("statement.png")
                .contains("fraud-with-proof").contains("yes — this rule decides")
                .contains("400 purchase credits granted").contains("20 of 30 credits used")
                .contains("Charge 29.90 USD").contains("This refund request (fraud): in review");
        assertThat(page.body()).contains("<img src=\"/console/cases/" + fraud.id() + "/evidence/")
                .contains("value=\"29.90\"");
        String image = page.body().replaceAll("(?s).*<img src=\"([^\"]+)\".*", "$1");
        assertThat(browser.get(image).status()).isEqualTo(200);

        ConsoleClient otherTenant = signedIn(newTenant().supportKey());
        ConsoleClient.Page notYours = otherTenant.get("/console/cases/" + fraud.id());
        assertThat(notYours.status()).isEqualTo(404);
        assertThat(notYours.text()).contains("No refund request with id " + fraud.id());
        assertThat(otherTenant.get(image).status()).isEqualTo(404);
    }

    @Test
    void keysThatMayNotSignInAreToldWhy() {
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page refused = browser.signIn(tenant.secretKey());
        assertThat(refused.location()).endsWith("/console/sign-in?error");
        assertThat(browser.get("/console/sign-in?error").text()).contains("A secret key cannot sign in to the console");
        browser.signIn("cd_support_not-a-key");
        assertThat(browser.get("/console/sign-in?error").text()).contains("This key is not valid");
        browser.signIn(OPERATOR_KEY);
        assertThat(browser.get("/console/sign-in?error").text()).contains("An operator key cannot sign in")
                .doesNotContain("A operator");
        assertThat(browser.get("/console/queue").location()).endsWith("/console/sign-in");
    }

    @Test
    void pagesNeedASignIn() {
        ConsoleClient anonymous = new ConsoleClient(port);
        assertThat(anonymous.get("/console/queue").location()).endsWith("/console/sign-in");
        assertThat(anonymous.get("/console/cases/" + fraud.id()).location()).endsWith("/console/sign-in");
        assertThat(anonymous.get("/console/assets/console.css").status()).isEqualTo(200);
    }

    @Test
    void aSupportAgentApprovesAndTheCustomerIsToBeEmailed() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page decided = browser.post("/console/cases/" + fraud.id() + "/decision",
                approval(browser.get("/console/cases/" + fraud.id())));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(302);
        ConsoleClient.Page after = browser.get(decided.location().replaceFirst("^https?://[^/]+", ""));
        assertThat(after.text()).contains("Approved. The customer is emailed the decision.")
                .contains("This case is approved by the support key").contains("(your key)")
                .doesNotContain("Record decision");
        Api.Response request = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey());
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(api.get("/v1/refunds/" + request.text("refund_id"), tenant.adminKey()).text("amount"))
                .isEqualTo("29.90");
        assertThat(api.get("/v1/outbox?refund_request_id=" + fraud.id(), tenant.supportKey()).body().get("data")
                .findValuesAsString("template")).containsExactly("approved", "request_received");
        assertThat(browser.get("/console/outbox").text()).contains("is approved").contains(fraud.email());
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page page = browser.get("/console/cases/" + fraud.id());
        List<Map.Entry<String, String>> forged = approval(page).stream()
                .filter(e -> !e.getKey().equals("_csrf")).toList();
        ConsoleClient.Page refused = browser.post("/console/cases/" + fraud.id() + "/decision", forged);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("This form is out of date").contains("Nothing was changed");
        assertThat(status()).isEqualTo("in_review");
    }

    @Test
    void anExpiredSessionSendsToTheSignInWithAMessageAndChangesNothing() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page page = browser.get("/console/cases/" + fraud.id());
        expire(browser.sessionId());

        ConsoleClient.Page post = browser.post("/console/cases/" + fraud.id() + "/decision", approval(page));
        assertThat(post.status()).isEqualTo(302);
        assertThat(post.location()).endsWith("/console/sign-in?expired");
        assertThat(status()).isEqualTo("in_review");

        assertThat(browser.signIn(tenant.supportKey()).location()).endsWith("/console");
        expire(browser.sessionId());
        assertThat(browser.get("/console/queue").location()).endsWith("/console/sign-in?expired");
        assertThat(browser.get("/console/sign-in?expired").text())
                .contains("Your session expired. Sign in again; nothing was changed.");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleClient browser = signedIn(tenant.adminKey());
        ConsoleClient.Page out = browser.post("/console/sign-out", Map.of("_csrf", browser.get("/console/queue").csrf()));
        assertThat(out.location()).endsWith("/console/sign-in?signed-out");
        assertThat(browser.get("/console/sign-in?signed-out").text()).contains("You are signed out.");
        assertThat(browser.get("/console/queue").location()).endsWith("/console/sign-in");
    }

    @Test
    void aStaleFormAfterSomeoneElseDecidedSaysWhoAndChangesNothing() {
        ConsoleClient first = signedIn(tenant.supportKey());
        ConsoleClient second = signedIn(tenant.adminKey());
        ConsoleClient.Page secondsForm = second.get("/console/cases/" + fraud.id());
        assertThat(first.post("/console/cases/" + fraud.id() + "/decision",
                approval(first.get("/console/cases/" + fraud.id()))).status()).isEqualTo(302);
        String refund = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("refund_id");

        List<Map.Entry<String, String>> rejection = List.of(Map.entry("_csrf", secondsForm.csrf()),
                Map.entry("seen", secondsForm.seen()), Map.entry("decision", "reject"),
                Map.entry("note", "no proof"));
        ConsoleClient.Page stale = second.post("/console/cases/" + fraud.id() + "/decision", rejection);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text()).contains("This case was already approved by the support key")
                .contains("Your decision was not recorded; nothing was changed.");
        Api.Response request = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey());
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(request.text("refund_id")).isEqualTo(refund);
        assertThat(api.get("/v1/outbox?refund_request_id=" + fraud.id(), tenant.supportKey()).body().get("data")
                .findValuesAsString("template")).containsExactly("approved", "request_received");
    }

    @Test
    void aDecisionTheCaseRefusesIsShownOnTheFormAndChangesNothing() {
        ConsoleClient browser = signedIn(tenant.supportKey());
        ConsoleClient.Page page = browser.get("/console/cases/" + fraud.id());
        ConsoleClient.Page noReason = browser.post("/console/cases/" + fraud.id() + "/decision", List.of(
                Map.entry("_csrf", page.csrf()), Map.entry("seen", page.seen()), Map.entry("decision", "reject"),
                Map.entry("note", "")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text()).contains("A rejection gives its reason");
        // a smaller refund than proposed departs from the policy and needs a note (the module's rule)
        ConsoleClient.Page departs = browser.post("/console/cases/" + fraud.id() + "/decision", List.of(
                Map.entry("_csrf", page.csrf()), Map.entry("seen", page.seen()), Map.entry("decision", "approve"),
                Map.entry("remedy_type", "refund"), Map.entry("remedy_amount", "10.00"),
                Map.entry("remedy_credits", "100"), Map.entry("remedy_note", ""), Map.entry("note", "")));
        assertThat(departs.status()).isEqualTo(422);
        assertThat(departs.text()).contains("required when the decision departs");
        assertThat(departs.body()).contains("value=\"10.00\"");
        assertThat(status()).isEqualTo("in_review");
    }

    @Test
    void aSupportKeyCannotPublishAPolicyAndNothingIsPublished() {
        String document = """
                id: console-test
                version: "2026-03-01"
                effective_from: 2026-03-01T00:00:00Z
                title: A test policy
                request_window:
                  calendar_days: 14
                  from: purchase
                  cite: "1. Fourteen days"
                review_sla_business_days: 2
                rules:
                  - id: everything-reviewed
                    cite: "2. A person decides"
                    when: "true"
                    outcome: needs_review
                """;
        int before = api.get("/v1/policies", tenant.adminKey()).body().get("data").size();
        ConsoleClient support = signedIn(tenant.supportKey());
        String csrf = support.get("/console/policies").csrf();
        ConsoleClient.Page lint = support.post("/console/policies/lint", Map.of("_csrf", csrf, "document", document));
        assertThat(lint.text()).contains("No problems: console-test version 2026-03-01, 1 rules");
        ConsoleClient.Page refused = support.post("/console/policies/publish",
                Map.of("_csrf", csrf, "document", document));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("Publishing a policy needs an admin key; you are signed in with a support key. "
                + "Nothing was published.");
        assertThat(api.get("/v1/policies", tenant.adminKey()).body().get("data").size()).isEqualTo(before);

        ConsoleClient admin = signedIn(tenant.adminKey());
        String adminCsrf = admin.get("/console/policies").csrf();
        ConsoleClient.Page broken = admin.post("/console/policies/publish",
                Map.of("_csrf", adminCsrf, "document", document.replace("outcome: needs_review", "outcome: maybe")));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.text()).contains("problem(s)");
        ConsoleClient.Page published = admin.post("/console/policies/publish",
                Map.of("_csrf", adminCsrf, "document", document));
        assertThat(published.status()).as(published.toString()).isEqualTo(302);
        assertThat(admin.get("/console/policies").text()).contains("Published console-test version 2026-03-01");
        assertThat(api.get("/v1/policies", tenant.adminKey()).body().get("data").size()).isEqualTo(before + 1);
    }

    @Test
    void aCasesFileRunsAgainstAVersion() {
        ConsoleClient support = signedIn(tenant.supportKey());
        String csrf = support.get("/console/policies").csrf();
        String cases = """
                defaults:
                  purchased_at: 2026-03-02T10:00:00-05:00
                  requested_at: 2026-03-03T10:00:00-05:00
                  request: {category: quality, evidence: []}
                  order: {net: "9.90", tax: "0.00", fee: "0.00", total: "9.90", credits: 100, used: 0, held: 0,
                          delivered: true, duplicate_charges: 0, duplicate_amount: "0.00", refunded: "0.00"}
                  outage: {longest_hours: "0", total_hours: "0"}
                cases:
                  - name: a quality complaint goes to a person
                    expect: {outcome: needs_review}
                  - name: a wrong expectation fails
                    expect: {outcome: full_refund}
                """;
        ConsoleClient.Page run = support.post("/console/policies/cases", Map.of("_csrf", csrf,
                "version", "exceptions-only@" + api.get("/v1/policies/exceptions-only", tenant.supportKey()).body()
                        .get("data").get(0).get("version").asString(), "cases", cases));
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.text()).contains("1 passed, 1 failed").contains("a wrong expectation fails FAILED");
    }

    @Test
    void theApiStaysStatelessBesideTheConsole() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/refund-requests/" + fraud.id()))
                .header("Authorization", "Bearer " + tenant.supportKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(api.post("/v1/refund-requests/" + fraud.id() + "/withdraw", tenant.secretKey(), null).status())
                .as("a POST without a CSRF token, as always").isEqualTo(200);
    }

    /** Expires a session as Tomcat does when its time runs out. */
    private void expire(String sessionId) {
        Context context = (Context) ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        try {
            Session session = context.getManager().findSession(sessionId);
            assertThat(session).as("session " + sessionId).isNotNull();
            session.expire();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
