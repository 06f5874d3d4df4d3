package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox, incidents and disputes pages over HTTP: paging both ways with the filters kept,
 * search, resend and cancel (and a cancel racing the sender), confirmations that say what the
 * module then does, the rule for correcting a compensated incident, and a support session shown
 * no admin-only control and refused one posted anyway.
 */
class ConsoleListPagesIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Pattern OLDER = Pattern.compile("href=\"(/console/outbox\\?[^\"]*after=[^\"]+)\" rel=\"next\"");
    private static final Pattern NEWER = Pattern.compile("href=\"(/console/outbox\\?[^\"]*before=[^\"]+)\" rel=\"prev\"");

    @Autowired
    Notifications notifications;

    @Autowired
    EmailSender sender;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private ConsoleClient signedIn(String key) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(key).status()).isEqualTo(302);
        return browser;
    }

    private static String link(Pattern pattern, ConsoleClient.Page page) {
        Matcher m = pattern.matcher(page.body());
        assertThat(m.find()).as("a page link in " + page.text()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private Email queue(TestTenant tenant, String recipient, String order) {
        return notifications.queue(tenant.id(), "status_link", recipient, Map.of("order", order,
                "status_url", "https://example.com/s", "request", "r"), null);
    }

    private String status(TestTenant tenant, UUID email) {
        return jdbc.sql("select status from email_outbox where tenant_id = :t and id = :id").param("t", tenant.id())
                .param("id", email).query(String.class).single();
    }

    private int outboxSize(TestTenant tenant) {
        return jdbc.sql("select count(*) from email_outbox where tenant_id = :t").param("t", tenant.id())
                .query(Integer.class).single();
    }

    private static List<String> ids(ConsoleClient.Page page) {
        return Pattern.compile("id=\"email-([^\"]+)\"").matcher(page.body()).results().map(r -> r.group(1)).toList();
    }

    private static int rows(ConsoleClient.Page page) {
        return page.body().split("id=\"email-").length - 1;
    }

    @Test
    void theOutboxPagesBothWaysKeepingItsSearchAndFilter() {
        TestTenant tenant = newTenant();
        for (int i = 0; i < 57; i++) {
            queue(tenant, (i % 3 == 0 ? "ada" : "sam") + i + "@example.com", "O-" + i);
        }
        Email marked = queue(tenant, "grace@example.com", "O-GRACE");
        jdbc.sql("update email_outbox set status = 'sent', sent_at = now() where tenant_id = :t and id = :id")
                .param("t", tenant.id()).param("id", marked.id()).update();
        ConsoleClient support = signedIn(tenant.supportKey());

        ConsoleClient.Page first = support.get("/console/outbox");
        assertThat(rows(first)).isEqualTo(50);
        assertThat(first.text()).contains("O-GRACE").doesNotContain("Previous page");
        ConsoleClient.Page second = support.get(link(OLDER, first));
        assertThat(rows(second)).isEqualTo(8);
        assertThat(second.text()).contains("order O-0:").doesNotContain("O-GRACE").doesNotContain("Next page");
        ConsoleClient.Page back = support.get(link(NEWER, second));
        assertThat(rows(back)).isEqualTo(50);
        assertThat(ids(back)).isEqualTo(ids(first));
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));
        assertThat(back.text()).doesNotContain("Previous page").contains("Next page");

        // 19 messages to ada…: a page of them, nothing to page to
        ConsoleClient.Page ada = support.get("/console/outbox?q=ADA");
        assertThat(rows(ada)).isEqualTo(19);
        assertThat(ada.text()).doesNotContain("sam1@").doesNotContain("Next page");
        assertThat(rows(support.get("/console/outbox?q=sam&status=pending"))).isEqualTo(38);
        assertThat(rows(support.get("/console/outbox?q=" + marked.id()))).isEqualTo(1);
        ConsoleClient.Page sent = support.get("/console/outbox?status=sent");
        assertThat(rows(sent)).isEqualTo(1);
        assertThat(sent.text()).contains("grace@example.com");
        assertThat(rows(support.get("/console/outbox?q=100%25"))).isZero();

        // the filter is kept from page to page
        ConsoleClient.Page pending = support.get("/console/outbox?status=pending");
        assertThat(rows(pending)).isEqualTo(50);
        String next = link(OLDER, pending);
        assertThat(next).contains("status=pending");
        assertThat(rows(support.get(next))).isEqualTo(7);
    }

    @Test
    void resendAndCancelAreConfirmedAndDoWhatTheConfirmationSaid() {
        TestTenant tenant = newTenant();
        Email pending = queue(tenant, "ada@example.com", "O-1");
        Email delivered = queue(tenant, "sam@example.com", "O-2");
        jdbc.sql("update email_outbox set status = 'sent', sent_at = now() where tenant_id = :t and id = :id")
                .param("t", tenant.id()).param("id", delivered.id()).update();
        ConsoleClient support = signedIn(tenant.supportKey());
        ConsoleClient.Page page = support.get("/console/outbox?q=example");
        String csrf = page.csrf();
        assertThat(page.body()).contains("/console/outbox/" + pending.id() + "/cancel")
                .doesNotContain("/console/outbox/" + pending.id() + "/resend")
                .contains("/console/outbox/" + delivered.id() + "/resend")
                .doesNotContain("/console/outbox/" + delivered.id() + "/cancel");

        // asked, not done: nothing changes until the confirmation is sent
        ConsoleClient.Page asked = support.post("/console/outbox/" + delivered.id() + "/resend",
                Map.of("_csrf", csrf, "q", "example"));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).contains("Send this email again?").contains("A new message goes to sam@example.com")
                .contains("Cancel, change nothing");
        assertThat(asked.body()).contains("href=\"/console/outbox?q=example\"");
        assertThat(outboxSize(tenant)).isEqualTo(2);
        ConsoleClient.Page resent = support.post("/console/outbox/" + delivered.id() + "/resend",
                Map.of("_csrf", csrf, "q", "example", "confirm", "yes"));
        assertThat(resent.location()).endsWith("/console/outbox?q=example");
        assertThat(outboxSize(tenant)).isEqualTo(3);
        Email copy = notifications.search(tenant.id(), "", null, dev.creditdesk.shared.Keyset.Cursor.FIRST, 1)
                .rows().get(0);
        assertThat(copy.resentFrom()).isEqualTo(delivered.id());
        assertThat(copy.status()).isEqualTo("pending");
        assertThat(copy.subject()).isEqualTo(delivered.subject());
        assertThat(copy.body()).isEqualTo(delivered.body());
        assertThat(copy.messageId()).isNotEqualTo(delivered.messageId());
        assertThat(status(tenant, delivered.id())).isEqualTo("sent");
        // a second resend while the first waits is refused
        ConsoleClient.Page twice = support.post("/console/outbox/" + delivered.id() + "/resend",
                Map.of("_csrf", csrf, "confirm", "yes"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text()).contains("already waiting").contains("Nothing was changed");
        assertThat(outboxSize(tenant)).isEqualTo(3);

        ConsoleClient.Page askedCancel = support.post("/console/outbox/" + pending.id() + "/cancel",
                Map.of("_csrf", csrf));
        assertThat(askedCancel.text()).contains("Cancel this email?").contains("to ada@example.com is never sent");
        assertThat(status(tenant, pending.id())).isEqualTo("pending");
        assertThat(support.post("/console/outbox/" + pending.id() + "/cancel", Map.of("_csrf", csrf, "confirm", "yes"))
                .status()).isEqualTo(302);
        assertThat(status(tenant, pending.id())).isEqualTo("cancelled");
        assertThat(support.get("/console/outbox?status=cancelled").text()).contains("ada@example.com");
        // the sender never sends it; the resend does go out
        Jobs.drain(sender::run);
        List<String> to = Arrays.stream(MailServer.server().getReceivedMessages()).map(m -> {
            try {
                return m.getAllRecipients()[0].toString() + " " + m.getHeader("Message-ID")[0];
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(to).contains("sam@example.com " + copy.messageId()).noneMatch(r -> r.contains(pending.messageId()));
        assertThat(status(tenant, pending.id())).isEqualTo("cancelled");
        // what was sent cannot be cancelled; what is pending cannot be resent
        ConsoleClient.Page late = support.post("/console/outbox/" + copy.id() + "/cancel",
                Map.of("_csrf", csrf, "confirm", "yes"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text()).contains("only a pending email can be cancelled");
    }

    @Test
    void aCancelWhileTheSenderHoldsTheMessageWaitsAndThenSaysItWasSent() throws Exception {
        TestTenant tenant = newTenant();
        Email email = queue(tenant, "ada@example.com", "O-1");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the sender's claim: the row locked for update while it talks to the mail server, then marked sent
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            jdbc.sql("select id from email_outbox where tenant_id = :t and id = :id for update skip locked")
                    .param("t", tenant.id()).param("id", email.id()).query(UUID.class).single();
            locked.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            jdbc.sql("update email_outbox set status = 'sent', sent_at = now() where tenant_id = :t and id = :id")
                    .param("t", tenant.id()).param("id", email.id()).update();
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Email> cancel = CompletableFuture.supplyAsync(
                () -> notifications.cancel(tenant.id(), email.id(), "test"));
        // the cancel is waiting on the row's lock (seen by the database, not guessed with a pause)
        while (jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%email_outbox%for update%'""")
                .query(Integer.class).single() == 0) {
            assertThat(cancel).isNotDone();
            Thread.onSpinWait();
        }
        release.countDown();
        sending.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> cancel.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiProblem.class)
                .hasMessageContaining("went out before the cancel reached it");
        assertThat(status(tenant, email.id())).isEqualTo("sent");
    }

    private static String local(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MINUTES), NEW_YORK).toString();
    }

    @Test
    void correctingAnIncidentIsConfirmedWithItsCompensationAndACompensatedOnesTimesStay() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        ConsoleCases.fraudClaim(api, tenant, clock);
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "credits",
                "threshold_hours", "4", "credits", 25)).status()).isEqualTo(200);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Api.Response short_ = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Queue stalled",
                "scope", "full", "started_at", now.minus(Duration.ofHours(3)).toString(),
                "ended_at", now.minus(Duration.ofHours(1)).toString()));
        String id = short_.text("id");
        ConsoleClient support = signedIn(tenant.supportKey());
        ConsoleClient.Page form = support.get("/console/incidents/" + id);
        assertThat(form.text()).contains("Correct “Queue stalled”").contains("lasted 2 h").contains("None granted");
        Map<String, String> longer = new HashMap<>(Map.of("_csrf", form.csrf(), "title", "Queue stalled",
                "scope", "full", "features", "", "description", "", "startedAt", local(now.minus(Duration.ofHours(7))),
                "endedAt", local(now.minus(Duration.ofHours(1)))));

        ConsoleClient.Page asked = support.post("/console/incidents/" + id, longer);
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).contains("Correct “Queue stalled”?").contains("(6 h)")
                .contains("1 affected account(s) each get 25 credits, at once");
        assertThat(api.get("/v1/incidents/" + id, tenant.supportKey()).text("started_at"))
                .isEqualTo(now.minus(Duration.ofHours(3)).toString());
        assertThat(api.get("/v1/incidents/" + id + "/compensation", tenant.supportKey()).text("status"))
                .isEqualTo("not_compensated");

        longer.put("confirm", "yes");
        assertThat(support.post("/console/incidents/" + id, longer).status()).isEqualTo(302);
        Api.Response granted = api.get("/v1/incidents/" + id + "/compensation", tenant.supportKey());
        assertThat(granted.text("status")).isEqualTo("compensated");
        assertThat(granted.body().get("accounts").size()).isEqualTo(1);
        assertThat(granted.body().get("accounts").get(0).get("credits").asString()).isEqualTo("25");

        // granted: its times and scope stay, with the reason; its title may still change
        ConsoleClient.Page rule = support.get("/console/incidents/" + id);
        assertThat(rule.text()).contains("Granted").contains("can no longer change");
        longer.put("startedAt", local(now.minus(Duration.ofHours(2))));
        ConsoleClient.Page refused = support.post("/console/incidents/" + id, longer);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("The correction was not recorded").contains("cannot change any more");
        assertThat(api.get("/v1/incidents/" + id, tenant.supportKey()).text("started_at"))
                .isEqualTo(now.minus(Duration.ofHours(7)).toString());
        Api.Response viaApi = api.post("/v1/incidents/" + id, tenant.supportKey(),
                Map.of("ended_at", now.toString()));
        assertThat(viaApi.status()).as("the API keeps the same rule").isEqualTo(409);
        longer.put("startedAt", local(now.minus(Duration.ofHours(7))));
        longer.put("title", "Queue stalled after a deploy");
        assertThat(support.post("/console/incidents/" + id, longer).status()).isEqualTo(302);
        assertThat(api.get("/v1/incidents/" + id, tenant.supportKey()).text("title"))
                .isEqualTo("Queue stalled after a deploy");
        assertThat(api.get("/v1/incidents/" + id + "/compensation", tenant.supportKey()).body().get("accounts")
                .size()).isEqualTo(1);
    }

    @Test
    void recordingADisputeLostSaysWhichCreditsGoAndThenRevokesExactlyThose() {
        TestTenant tenant = newTenant();
        String document = """
                id: chargebacks
                version: "1"
                effective_from: 2026-01-01T00:00:00Z
                review_sla_business_days: 3
                chargebacks:
                  cite: "Chargebacks: we may suspend related credits"
                  suspend: [credits]
                rules:
                  - id: review
                    cite: "Everything is reviewed"
                    when: "true"
                    outcome: needs_review
                """;
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true, "document", document))
                .status()).isEqualTo(201);
        UUID account = newAccount(tenant);
        String order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number",
                "D-1", "credits", 400, "bonus_credits", 40, "currency", "USD", "net", "29.90", "total", "29.90",
                "charge", Map.of("provider", "manual", "transaction_id", "txn-lost"))).text("id");
        grant(tenant, account, 10);
        String dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "txn-lost",
                "reason", "fraudulent")).text("id");
        ConsoleClient support = signedIn(tenant.supportKey());
        ConsoleClient.Page list = support.get("/console/disputes");
        assertThat(list.text()).contains("440 credits — suspended");

        ConsoleClient.Page asked = support.post("/console/disputes/" + dispute + "/status",
                Map.of("_csrf", list.csrf(), "status", "lost"));
        assertThat(asked.text()).contains("Record the dispute as lost?")
                .contains("The 440 credits the order still has are revoked (the 440 it suspended among them).")
                .contains("The order is marked charged back.");
        assertThat(available(tenant, account)).isEqualTo(10);
        assertThat(api.get("/v1/disputes/" + dispute, tenant.supportKey()).text("outcome")).isEqualTo("open");
        assertThat(api.get("/v1/orders/" + order, tenant.secretKey()).text("status")).isNotEqualTo("charged_back");

        assertThat(support.post("/console/disputes/" + dispute + "/status", Map.of("_csrf", list.csrf(),
                "status", "lost", "confirm", "yes")).status()).isEqualTo(302);
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("suspended")).isZero();
        assertThat(balance.number("available")).isEqualTo(10);
        assertThat(api.get("/v1/orders/" + order, tenant.secretKey()).text("status")).isEqualTo("charged_back");
        ConsoleClient.Page after = support.get("/console/disputes");
        assertThat(after.text()).contains("Recorded the dispute on charge txn-lost as lost.")
                .contains("440 credits — revoked");
    }

    @Test
    void aSupportSessionIsShownNoAdminOnlyControlAndIsRefusedOnePostedAnyway() {
        TestTenant tenant = newTenant();
        ConsoleClient support = signedIn(tenant.supportKey());
        ConsoleClient admin = signedIn(tenant.adminKey());
        // what only an admin may do, by page: the control's mark in the page
        Map<String, List<String>> adminOnly = Map.of(
                "/console/policies", List.of("action=\"/console/policies/publish\"", ">Publish</button>",
                        "name=\"activate\""),
                "/console/incidents", List.of("/console/incidents/compensation-settings"),
                "/console/outbox", List.of(), "/console/disputes", List.of(), "/console/inbound", List.of(),
                "/console/queue", List.of());
        for (Map.Entry<String, List<String>> page : adminOnly.entrySet()) {
            ConsoleClient.Page asSupport = support.get(page.getKey());
            assertThat(asSupport.status()).as(page.getKey()).isEqualTo(200);
            assertThat(asSupport.body()).as(page.getKey()).doesNotContain("/console/webhooks")
                    .doesNotContain("/console/mailbox");
            ConsoleClient.Page asAdmin = admin.get(page.getKey());
            for (String control : page.getValue()) {
                assertThat(asSupport.body()).as(page.getKey() + " to support").doesNotContain(control);
                assertThat(asAdmin.body()).as(page.getKey() + " to an admin").contains(control);
            }
        }
        assertThat(support.get("/console/webhooks").status()).isEqualTo(403);
        assertThat(support.get("/console/mailbox").status()).isEqualTo(403);
        String csrf = support.get("/console/queue").csrf();
        ConsoleClient.Page publish = support.post("/console/policies/publish", Map.of("_csrf", csrf,
                "document", "id: x", "activate", "true"));
        assertThat(publish.status()).isEqualTo(403);
        ConsoleClient.Page settings = support.post("/console/incidents/compensation-settings", Map.of("_csrf", csrf,
                "mode", "credits", "thresholdHours", "1", "credits", "5", "creditExpiryDays", ""));
        assertThat(settings.status()).isEqualTo(403);
        assertThat(api.get("/v1/outage-compensation", tenant.adminKey()).text("mode")).isEqualTo("none");
        assertThat(support.post("/console/webhooks", Map.of("_csrf", csrf, "url", "https://example.com/h"))
                .status()).isEqualTo(403);
        assertThat(support.post("/console/mailbox", Map.of("_csrf", csrf)).status()).isEqualTo(403);
    }
}
