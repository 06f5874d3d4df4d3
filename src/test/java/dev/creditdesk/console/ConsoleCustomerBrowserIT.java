package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The search box and the customer page in a real browser (Debian's chromium): every kind of id
 * finds its object, several matches are listed and none says so; the customer page shows every
 * section, its links resolve and its lists page; each action outside a case goes through its
 * confirmation and its effect is read back through the API. Over plain HTTP: a support session is
 * not offered the admin actions and is refused them (403) when it posts them anyway, a stale action
 * is refused with nothing changed, and another tenant's customer is not found.
 */
class ConsoleCustomerBrowserIT extends BrowserTest {

    @Autowired
    RefundSubmitter submitter;

    /** A customer with a case, two orders (one with a pending manual refund), tasks, a suspension and a dispute. */
    record Customer(TestTenant tenant, String accountId, String email, String externalId, String caseId,
            String order1, String orderNumber1, String transaction1, String order2, String orderNumber2,
            String transaction2, String refundId, String restorableTask, String suspensionId, String disputeId,
            String providerDisputeId) {
    }

    private Customer seed() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "Ada.Lovelace-" + suffix + "@Example.com";
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock, email);
        String accountId = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("account_id");
        Api.Response account = api.get("/v1/accounts/" + accountId, tenant.supportKey());
        Api.Response order1 = api.get("/v1/orders?order_number=" + fraud.orderNumber(), tenant.supportKey());
        String order1Id = order1.body().get("data").get(0).get("id").asString();
        String task = api.get("/v1/tasks?account_id=" + accountId + "&status=completed", tenant.supportKey())
                .body().get("data").get(0).get("id").asString();

        String orderNumber2 = "G-" + suffix;
        String transaction2 = "pi_" + suffix;
        Api.Response order2 = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", accountId,
                "order_number", orderNumber2, "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", clock.instant().minus(Duration.ofDays(2)).toString(),
                "charge", Map.of("provider", "manual", "transaction_id", transaction2)));
        assertThat(order2.status()).as(order2.toString()).isEqualTo(201);
        Api.Response refund = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", order2.text("id"),
                "amount", "5.00", "reason", "goodwill"));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        submitter.run();
        assertThat(api.get("/v1/refunds/" + refund.text("id"), tenant.adminKey()).text("status")).isEqualTo("pending");

        Api.Response suspension = api.post("/v1/accounts/" + accountId + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "download", "reason", "abuse check"));
        assertThat(suspension.status()).as(suspension.toString()).isEqualTo(201);
        String providerDisputeId = "dp_" + suffix;
        Api.Response dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", order1Id,
                "reason", "fraudulent", "provider_dispute_id", providerDisputeId));
        assertThat(dispute.status()).as(dispute.toString()).isEqualTo(201);
        // enough tasks for a second page of tasks and of the ledger
        for (int i = 0; i < CustomerPage.PAGE + 2; i++) {
            String t = reserve(tenant, UUID.fromString(accountId), 1).text("id");
            api.post("/v1/tasks/" + t + "/complete", tenant.secretKey(), Map.of("credits", 1));
        }
        return new Customer(tenant, accountId, email, account.text("external_id"), fraud.id(), order1Id,
                fraud.orderNumber(), "bank-" + fraud.orderNumber(), order2.text("id"), orderNumber2, transaction2,
                refund.text("id"), task, suspension.text("id"), dispute.text("id"), providerDisputeId);
    }

    /** The customer page's list size, as the page has it. */
    static final class CustomerPage {
        static final int PAGE = 20;
    }

    /** Types into the top bar's search box as a person does, and waits for the page it leads to. */
    private void search(String query) {
        WebElement old = browser.findElement(By.tagName("html"));
        WebElement box = shown(By.id("console-search"));
        box.clear();
        box.sendKeys(query, Keys.ENTER);
        waitUntilGone(old);
        shown(By.tagName("h1"));
    }

    private void assertOnCustomer(Customer c, String anchor) {
        assertThat(browser.getCurrentUrl()).contains("/console/customers/" + c.accountId());
        if (anchor != null) {
            assertThat(browser.getCurrentUrl()).endsWith("#" + anchor);
            assertThat(browser.findElement(By.id(anchor)).isDisplayed()).isTrue();
        }
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(c.email());
    }

    @Test
    void searchFindsEveryKindOfIdSeveralAndNone() {
        Customer c = seed();
        String twin = "twin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api.post("/v1/accounts", c.tenant().secretKey(), Map.of("external_id", "tw-1-" + twin, "email", twin));
        api.post("/v1/accounts", c.tenant().secretKey(), Map.of("external_id", "tw-2-" + twin,
                "email", twin.toUpperCase(Locale.ROOT)));
        signIn(c.tenant().supportKey());

        search(c.email().toLowerCase(Locale.ROOT));
        assertOnCustomer(c, null);
        search(c.externalId());
        assertOnCustomer(c, null);
        search(c.accountId());
        assertOnCustomer(c, null);
        search(c.orderNumber2());
        assertOnCustomer(c, "order-" + c.order2());
        search(c.order1());
        assertOnCustomer(c, "order-" + c.order1());
        search(c.transaction1());
        assertOnCustomer(c, "order-" + c.order1());
        search(c.transaction2());
        assertOnCustomer(c, "order-" + c.order2());
        search(c.refundId());
        assertOnCustomer(c, "order-" + c.order2());
        search(c.restorableTask());
        assertOnCustomer(c, "task-" + c.restorableTask());
        search(c.disputeId());
        assertOnCustomer(c, "dispute-" + c.disputeId());
        search(c.providerDisputeId());
        assertOnCustomer(c, "dispute-" + c.disputeId());
        search(c.caseId());
        assertThat(browser.getCurrentUrl()).endsWith("/console/cases/" + c.caseId());

        search(twin.replace("twin", "Twin"));
        assertThat(browser.getCurrentUrl()).contains("/console/search");
        List<WebElement> rows = browser.findElements(By.cssSelector("#matches tbody tr"));
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.getText()).contains("customer").contains("email"));
        rows.get(0).findElement(By.cssSelector("td:nth-child(2) a")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/customers/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).containsIgnoringCase(twin);

        search("nothing-" + UUID.randomUUID());
        assertThat(shown(By.id("no-match")).getText()).startsWith("Nothing matches");
        assertThat(pageText()).contains("by email").contains("order by its number").contains("transaction id")
                .contains("dispute id");
    }

    @Test
    void theCustomerPageShowsEverySectionLinksAndPages() {
        Customer c = seed();
        signIn(c.tenant().supportKey());
        browser.get(url("/console/customers/" + c.accountId()));
        for (String section : List.of("balance", "blocks", "ledger", "orders", "tasks", "subscriptions",
                "suspensions", "disputes", "cases", "emails", "events", "actions")) {
            assertThat(browser.findElements(By.id(section))).as(section).hasSize(1);
        }
        assertThat(browser.findElement(By.id("balance")).getText()).contains("purchase");
        assertThat(browser.findElement(By.id("orders")).getText()).contains(c.orderNumber1()).contains(c.orderNumber2())
                .as("the open dispute blocks refunds on the first order").contains("A chargeback")
                .contains("9.90 USD");
        assertThat(browser.findElement(By.id("suspensions")).getText()).contains("download").contains("abuse check");
        assertThat(browser.findElement(By.id("emails")).getText()).as("the case's acknowledgement")
                .containsIgnoringCase(c.email()).contains("We received your refund request");
        assertThat(browser.findElement(By.id("events")).getText()).contains("credits.granted").contains("entitlements.suspended")
                .contains("dispute.opened");

        List<String> first = browser.findElements(By.cssSelector("#tasks tr.task")).stream()
                .map(e -> e.getAttribute("id")).toList();
        assertThat(first).hasSize(CustomerPage.PAGE);
        browser.findElement(By.id("tasks-older")).click();
        waiting().until(d -> d.getCurrentUrl().contains("tasks_after="));
        List<String> older = browser.findElements(By.cssSelector("#tasks tr.task")).stream()
                .map(e -> e.getAttribute("id")).toList();
        assertThat(older).as("the 23 tasks, each on one page").hasSize(3).doesNotContainAnyElementsOf(first);
        assertThat(java.util.stream.Stream.concat(first.stream(), older.stream()))
                .contains("task-" + c.restorableTask());
        assertThat(browser.findElements(By.id("tasks-older"))).isEmpty();
        browser.findElement(By.id("ledger-older")).click();
        waiting().until(d -> d.getCurrentUrl().contains("ledger_after="));
        assertThat(browser.findElements(By.cssSelector("#ledger tr.ledger-entry"))).isNotEmpty();

        browser.get(url("/console/customers/" + c.accountId()));
        browser.findElement(By.cssSelector("#cases a.link-case")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/cases/" + c.caseId()));
        browser.get(url("/console/customers/" + c.accountId()));
        browser.findElement(By.cssSelector("#disputes a.link-order")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("#order-" + c.order1()));
        assertOnCustomer(c, "order-" + c.order1());
    }

    @Test
    void anAdminTakesEachActionThroughItsConfirmation() throws IOException {
        Customer c = seed();
        UUID account = UUID.fromString(c.accountId());
        signIn(c.tenant().adminKey());
        browser.get(url("/console/customers/" + c.accountId()));
        long before = available(c.tenant(), account);

        // goodwill: a mistake comes back beside its field and grants nothing
        shown(By.id("goodwill-credits")).sendKeys("lots");
        browser.findElement(By.id("goodwill-note")).sendKeys("Sorry for the outage");
        submit(browser.findElement(By.cssSelector("#goodwill-form button")));
        assertThat(shown(By.id("goodwill-credits-error")).getText()).contains("whole number");
        assertThat(browser.findElement(By.id("goodwill-note")).getAttribute("value")).isEqualTo("Sorry for the outage");
        assertThat(available(c.tenant(), account)).isEqualTo(before);
        WebElement credits = browser.findElement(By.id("goodwill-credits"));
        credits.clear();
        credits.sendKeys("250");
        String lastDay = clock.instant().plus(Duration.ofDays(30)).atZone(ZoneId.of("America/New_York"))
                .toLocalDate().toString();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('goodwill-expires').value = arguments[0]", lastDay);
        submit(browser.findElement(By.cssSelector("#goodwill-form button")));
        assertThat(shown(By.id("summary")).getText()).contains("Grant 250 gift credits to " + c.email())
                .contains("usable until the end of " + lastDay).contains("Sorry for the outage");
        assertThat(available(c.tenant(), account)).as("nothing before the confirmation").isEqualTo(before);
        submit(browser.findElement(By.id("confirm")));
        assertThat(shown(By.id("done")).getText()).contains("Granted 250 gift credits");
        assertThat(available(c.tenant(), account)).isEqualTo(before + 250);
        Api.Response blocks = api.get("/v1/accounts/" + account + "/credit-blocks", c.tenant().supportKey());
        assertThat(blocks.body().get("data").findValuesAsString("reason")).contains("Sorry for the outage");

        // restore the completed task of the claim (on the second page of tasks: the search opens the page at it)
        search(c.restorableTask());
        browser.findElement(By.id("restore-reason-" + c.restorableTask())).sendKeys("render came out blank");
        submit(browser.findElement(By.cssSelector("#task-" + c.restorableTask() + " button")));
        assertThat(shown(By.id("summary")).getText()).contains("Give back the 20 credits task " + c.restorableTask());
        submit(browser.findElement(By.id("confirm")));
        assertThat(shown(By.id("done")).getText()).contains("Restored the 20 credits");
        assertThat(api.get("/v1/tasks/" + c.restorableTask(), c.tenant().supportKey()).text("status"))
                .isEqualTo("restored");

        // lift the suspension
        browser.findElement(By.id("lift-reason-" + c.suspensionId())).sendKeys("checked, all fine");
        submit(browser.findElement(By.cssSelector("#suspension-" + c.suspensionId() + " button")));
        assertThat(shown(By.id("summary")).getText()).contains("Lift the suspension of download");
        submit(browser.findElement(By.id("confirm")));
        assertThat(shown(By.id("done")).getText()).contains("Lifted the suspension of download");
        assertThat(api.get("/v1/accounts/" + account + "/entitlements", c.tenant().supportKey())
                .body().get("download").asBoolean()).isTrue();

        // mark the manual refund sent
        submit(browser.findElement(By.cssSelector("#order-" + c.order2() + " form button")));
        assertThat(shown(By.id("summary")).getText()).contains("manual refund of 5.00 USD on order " + c.orderNumber2());
        submit(browser.findElement(By.id("confirm")));
        assertThat(shown(By.id("done")).getText()).contains("is succeeded");
        assertThat(api.get("/v1/refunds/" + c.refundId(), c.tenant().adminKey()).text("status")).isEqualTo("succeeded");

        // record a dispute on the second order
        new Select(browser.findElement(By.id("dispute-order"))).selectByValue(c.order2());
        browser.findElement(By.id("dispute-reason")).sendKeys("product_not_received");
        browser.findElement(By.id("dispute-amount")).sendKeys("4.90");
        browser.findElement(By.id("dispute-provider-id")).sendKeys("dp_console_" + c.providerDisputeId());
        submit(browser.findElement(By.cssSelector("#dispute-form button")));
        assertThat(shown(By.id("summary")).getText()).contains("Record a chargeback of 4.90 USD on order "
                + c.orderNumber2()).contains("needs response");
        submit(browser.findElement(By.id("confirm")));
        assertThat(shown(By.id("done")).getText()).contains("Recorded dispute");
        Api.Response disputes = api.get("/v1/disputes?order_id=" + c.order2(), c.tenant().supportKey());
        assertThat(disputes.body().get("data")).hasSize(1);
        assertThat(disputes.body().get("data").get(0).get("provider_dispute_id").asString())
                .isEqualTo("dp_console_" + c.providerDisputeId());
        assertThat(disputes.body().get("data").get(0).get("amount").asString()).isEqualTo("4.90");

        browser.get(url("/console/customers/" + c.accountId()));
        screenshot("customer");
    }

    @Test
    void supportIsNotOfferedAdminActionsAndIsRefusedThemAStaleActionChangesNothingAndOtherTenantsSeeNothing() {
        Customer c = seed();
        UUID account = UUID.fromString(c.accountId());
        ConsoleClient support = new ConsoleClient(port);
        support.signIn(c.tenant().supportKey());
        ConsoleClient.Page page = support.get("/console/customers/" + c.accountId());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("goodwill-form").doesNotContain("confirm/mark-refund-sent")
                .contains("confirm/restore-task").contains("confirm/lift-suspension").contains("dispute-form");
        String csrf = page.csrf();
        long before = available(c.tenant(), account);

        ConsoleClient.Page confirm = support.get("/console/customers/" + c.accountId()
                + "/confirm/goodwill?credits=100&source=gift&note=please");
        assertThat(confirm.status()).isEqualTo(403);
        assertThat(confirm.text()).contains("Give goodwill credits needs an admin; you are signed in as support");
        ConsoleClient.Page grant = support.post("/console/customers/" + c.accountId() + "/actions/goodwill",
                Map.of("credits", "100", "source", "gift", "note", "please", "_csrf", csrf));
        assertThat(grant.status()).isEqualTo(403);
        assertThat(grant.text()).contains("Nothing was changed");
        assertThat(available(c.tenant(), account)).isEqualTo(before);
        ConsoleClient.Page sent = support.post("/console/customers/" + c.accountId() + "/actions/mark-refund-sent",
                Map.of("refund", c.refundId(), "_csrf", csrf));
        assertThat(sent.status()).isEqualTo(403);
        assertThat(api.get("/v1/refunds/" + c.refundId(), c.tenant().adminKey()).text("status")).isEqualTo("pending");

        // support may restore a task; the second time the task is already restored and nothing changes
        Map<String, String> restore = Map.of("task", c.restorableTask(), "reason", "blank render", "_csrf", csrf);
        ConsoleClient.Page restored = support.post("/console/customers/" + c.accountId() + "/actions/restore-task",
                restore);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(302);
        long afterRestore = available(c.tenant(), account);
        assertThat(afterRestore).isEqualTo(before + 20);
        ConsoleClient.Page again = support.post("/console/customers/" + c.accountId() + "/actions/restore-task",
                restore);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("this task is restored").contains("Nothing was changed");
        assertThat(available(c.tenant(), account)).isEqualTo(afterRestore);

        // a task of another customer of the same tenant is not this customer's
        UUID other = newAccount(c.tenant());
        ConsoleClient.Page foreign = support.get("/console/customers/" + other + "/confirm/restore-task?task="
                + c.restorableTask() + "&reason=x");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.text()).contains("This customer has no such task");

        TestTenant stranger = newTenant();
        ConsoleClient outsider = new ConsoleClient(port);
        outsider.signIn(stranger.adminKey());
        ConsoleClient.Page notFound = outsider.get("/console/customers/" + c.accountId());
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.text()).contains("Not found").doesNotContain(c.email());
        ConsoleClient.Page searched = outsider.get("/console/search?q=" + c.caseId());
        assertThat(searched.status()).isEqualTo(200);
        assertThat(searched.text()).contains("Nothing matches");
        ConsoleClient.Page posted = outsider.post("/console/customers/" + c.accountId() + "/actions/goodwill",
                Map.of("credits", "100", "source", "gift", "note", "x",
                        "_csrf", outsider.get("/console/queue").csrf()));
        assertThat(posted.status()).isEqualTo(404);
        assertThat(available(c.tenant(), account)).isEqualTo(afterRestore);
    }
}
