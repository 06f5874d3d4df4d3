package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox, incidents and disputes pages in chromium, as a support agent uses them: paging and
 * searching the outbox, resending and cancelling an email, closing an incident and recording a
 * dispute lost after reading what it will do (and backing out of it once, which changes nothing),
 * durations as people write them, a dispute's outcome and provider status in their own columns.
 * Saves outbox.png, incidents.png and disputes.png (see {@link BrowserTest#SCREENSHOTS}).
 */
class ConsoleListPagesBrowserIT extends BrowserTest {

    @Autowired
    Notifications notifications;

    @Autowired
    EmailSender sender;

    @Autowired
    JdbcClient jdbc;

    private List<WebElement> outboxRows() {
        return browser.findElements(By.cssSelector("#outbox tbody tr"));
    }

    private void click(String text) {
        browser.findElement(By.xpath("//*[self::button or self::a][normalize-space()='" + text + "']")).click();
    }

    private int outboxSize(TestTenant tenant) {
        return jdbc.sql("select count(*) from email_outbox where tenant_id = :t").param("t", tenant.id())
                .query(Integer.class).single();
    }

    @Test
    void supportPagesSearchesAndActsOnTheOutboxIncidentsAndDisputesAfterReadingWhatEachActionDoes()
            throws Exception {
        TestTenant tenant = pixelForge();
        String[] people = {"maria.lopez", "sam.okafor", "lee.chen", "ana.silva", "tom.berg"};
        for (int i = 0; i < 54; i++) {
            notifications.queue(tenant.id(), "status_link", people[i % 5] + "@example.com", Map.of("order",
                    "PF-" + (1000 + i), "status_url", "https://pixelforge.example/s/" + i, "request", "r-" + i), null);
        }
        Jobs.drain(sender::run); // all 54 go out
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock, "maria.lopez@example.com");
        jdbc.sql("""
                        update email_outbox set attempts = 3, last_error = '421 mx.example.com: try again later'
                        where tenant_id = :t and refund_request_id = :r""")
                .param("t", tenant.id()).param("r", UUID.fromString(fraud.id())).update();

        signIn(tenant.supportKey());
        browser.get(url("/console/outbox"));

        // the outbox: 55 messages, 50 a page, back and forth
        assertThat(outboxRows()).hasSize(50);
        assertThat(pageText()).contains("We received your refund request for order " + fraud.orderNumber())
                .contains("3 attempts: 421 mx.example.com").doesNotContain("Previous page");
        screenshot("outbox", false);
        click("Next page");
        waiting().until(d -> outboxRows().size() == 5);
        assertThat(browser.getCurrentUrl()).contains("after=");
        click("Previous page");
        waiting().until(d -> outboxRows().size() == 50);

        // search and filter: maria's sent messages, kept while paging and acting
        browser.findElement(By.id("q")).sendKeys("MARIA");
        new Select(browser.findElement(By.id("status"))).selectByVisibleText("sent");
        browser.findElement(By.cssSelector("main form.filters button")).click();
        waiting().until(d -> d.getCurrentUrl().contains("q=MARIA"));
        assertThat(outboxRows()).hasSize(11).allSatisfy(r -> assertThat(r.getText()).contains("maria.lopez@example.com")
                .contains("sent"));
        new Select(browser.findElement(By.id("status"))).selectByVisibleText("failing");
        browser.findElement(By.cssSelector("main form.filters button")).click();
        waiting().until(d -> d.getCurrentUrl().contains("status=failing"));
        assertThat(outboxRows()).hasSize(1);
        assertThat(outboxRows().get(0).getText()).contains("We received your refund request");

        // cancel the failing message: asked first; backing out changes nothing
        int before = outboxSize(tenant);
        click("Cancel: We received your refund request for order " + fraud.orderNumber());
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Cancel this email?"));
        assertThat(pageText()).contains("is never sent").contains("nothing is cut half-way");
        browser.findElement(By.id("cancel")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/outbox?q=MARIA&status=failing"));
        assertThat(outboxRows().get(0).getText()).contains("pending");
        click("Cancel: We received your refund request for order " + fraud.orderNumber());
        waiting().until(d -> d.findElement(By.id("confirm")).isDisplayed());
        submit(browser.findElement(By.id("confirm")));
        waiting().until(d -> pageText().contains("it will not be sent"));
        assertThat(browser.getCurrentUrl()).contains("q=MARIA").contains("status=failing");
        assertThat(outboxSize(tenant)).isEqualTo(before);
        assertThat(jdbc.sql("select status from email_outbox where tenant_id = :t and refund_request_id = :r")
                .param("t", tenant.id()).param("r", UUID.fromString(fraud.id())).query(String.class).single())
                .isEqualTo("cancelled");

        // resend a sent one: a new message, listed as a resend
        browser.get(url("/console/outbox?q=ana.silva&status=sent"));
        assertThat(outboxRows()).hasSize(11);
        browser.findElement(By.cssSelector("#outbox button")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Send this email again?"));
        assertThat(pageText()).contains("A new message goes to ana.silva@example.com");
        submit(browser.findElement(By.id("confirm")));
        waiting().until(d -> pageText().contains("Queued again for ana.silva@example.com"));
        assertThat(outboxSize(tenant)).isEqualTo(before + 1);
        browser.get(url("/console/outbox?q=ana.silva"));
        assertThat(outboxRows()).hasSize(12);
        assertThat(outboxRows().get(0).getText()).contains("pending").contains("a resend of");

        // incidents: lengths as people say them, closing confirmed with the compensation it grants
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "credits",
                "threshold_hours", "2", "credits", 50, "credit_expiry_days", 90)).status()).isEqualTo(200);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Downloads slow",
                "scope", "partial", "features", List.of("download"),
                "started_at", now.minus(Duration.ofMinutes(20 * 60 + 32)).toString(),
                "ended_at", now.minus(Duration.ofHours(16)).toString())).status()).isEqualTo(201);
        Api.Response stalled = api.post("/v1/incidents", tenant.supportKey(), Map.of("title",
                "Image generation queue stalled", "scope", "full", "features", List.of("generate"),
                "started_at", now.minus(Duration.ofMinutes(3 * 60 + 10)).toString()));
        assertThat(stalled.status()).isEqualTo(201);
        String ongoing = stalled.text("id");
        browser.findElement(By.linkText("Incidents")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/incidents"));
        assertThat(pageText()).contains("4 h 32 min").contains("3 h 10 min so far").doesNotContain("hours,");
        click("Close now: Image generation queue stalled");
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().startsWith("Close “Image generation"));
        assertThat(pageText()).contains("after 3 h 10 min")
                .contains("1 affected account(s) each get 50 credits, expiring 90 days later, at once");
        browser.findElement(By.id("cancel")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/incidents"));
        assertThat(api.get("/v1/incidents/" + ongoing, tenant.supportKey()).text("status")).isEqualTo("ongoing");
        click("Close now: Image generation queue stalled");
        waiting().until(d -> d.findElement(By.id("confirm")).isDisplayed());
        submit(browser.findElement(By.id("confirm")));
        waiting().until(d -> pageText().contains("Closed “Image generation queue stalled” after 3 h 10 min; "
                + "1 affected account(s) compensated."));
        assertThat(api.get("/v1/incidents/" + ongoing + "/compensation", tenant.supportKey()).body().get("accounts")
                .get(0).get("credits").asString()).isEqualTo("50");
        screenshot("incidents", true);

        // disputes: one won (outcome and provider status each once), one lost after reading what it revokes
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
        for (String txn : List.of("ch_3PfWon", "ch_3PfLost")) {
            assertThat(api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number",
                    "PF-" + txn, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                    "charge", Map.of("provider", "manual", "transaction_id", txn))).status()).isEqualTo(201);
        }
        String won = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "ch_3PfWon",
                "reason", "product_not_received")).text("id");
        assertThat(api.post("/v1/disputes/" + won, tenant.supportKey(), Map.of("status", "won")).status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        String lost = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "ch_3PfLost",
                "reason", "fraudulent", "evidence_due_by", now.plus(Duration.ofDays(7)).toString())).text("id");
        browser.findElement(By.linkText("Disputes")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/disputes"));
        assertThat(browser.findElements(By.cssSelector("main td"))).noneMatch(td -> td.getText().contains("won won"));
        List<WebElement> wonCells = browser.findElements(By.xpath(
                "//tr[.//code[.='ch_3PfWon']]/td"));
        assertThat(wonCells.get(4).getText()).isEqualTo("won");
        assertThat(wonCells.get(5).getText()).isEqualTo("won");
        assertThat(wonCells.get(7).getText()).isEqualTo("400 credits — lifted");
        WebElement lostRow = browser.findElement(By.xpath("//tr[.//code[.='ch_3PfLost']]"));
        assertThat(lostRow.getText()).contains("open").contains("needs response").contains("400 credits — suspended");
        screenshot("disputes", false);

        new Select(browser.findElement(By.id("status-" + lost))).selectByValue("lost");
        lostRow.findElement(By.tagName("button")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Record the dispute as lost?"));
        assertThat(pageText()).contains("The 400 credits the order still has are revoked (the 400 it suspended among them).")
                .contains("The order is marked charged back.");
        browser.findElement(By.id("cancel")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/disputes"));
        assertThat(api.get("/v1/disputes/" + lost, tenant.supportKey()).text("outcome")).isEqualTo("open");
        assertThat(available(tenant, account)).isEqualTo(400);

        new Select(browser.findElement(By.id("status-" + lost))).selectByValue("lost");
        browser.findElement(By.xpath("//tr[.//code[.='ch_3PfLost']]//button")).click();
        waiting().until(d -> d.findElement(By.id("confirm")).isDisplayed());
        submit(browser.findElement(By.id("confirm")));
        waiting().until(d -> pageText().contains("Recorded the dispute on charge ch_3PfLost as lost."));
        assertThat(browser.findElement(By.xpath("//tr[.//code[.='ch_3PfLost']]")).getText())
                .contains("400 credits — revoked");
        assertThat(available(tenant, account)).isEqualTo(400);
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("suspended")).isZero();
    }
}
