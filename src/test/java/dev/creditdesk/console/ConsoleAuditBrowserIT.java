package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The audit log and the dashboard in chromium, and every console page at a laptop's 1024 px and a
 * phone's 390 px: nothing wider than the window (no sideways scroll), the top bar's sections on one
 * line at 1024 px, and an unknown console address answered by a "Not found" page.
 */
class ConsoleAuditBrowserIT extends BrowserTest {

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    @Test
    void theAuditLogAndTheDashboardShowTheTeamsWorkAndNoPageScrollsSideways() throws Exception {
        TestTenant tenant = pixelForge();
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock, "maria.lopez@example.com");
        ConsoleCases.Case quality = ConsoleCases.claim(api, tenant, clock, "sam.okafor@example.com", "quality",
                "The portraits came out with six fingers on every hand.", List.of("screenshot"));
        ConsoleCases.claim(api, tenant, clock, "lee.chen@example.com", "quality", "Blurry upscales.", List.of());
        Api.Response rejected = api.post("/v1/refund-requests/" + quality.id() + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "The images match the prompt; we offered a re-run."));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        Instant now = clock.instant();
        assertThat(api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "bank-" + quality.orderNumber(),
                "reason", "product_unacceptable", "evidence_due_by", now.plus(Duration.ofDays(2)).toString())).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Image generation queue stalled",
                "scope", "full", "features", List.of("generate"), "started_at", now.minus(Duration.ofHours(20)).toString(),
                "ended_at", now.minus(Duration.ofHours(17)).toString())).status()).isEqualTo(201);

        // an admin signs in and decides a case in the console
        browser.manage().window().setSize(new Dimension(1366, 900));
        signIn(tenant.adminKey());
        browser.get(url("/console/cases/" + fraud.id()));
        submit(browser.findElement(By.cssSelector(".decision-form button[type=submit]")));
        waiting().until(d -> !d.findElements(By.id("preview")).isEmpty());
        submit(browser.findElement(By.cssSelector("#confirm-form button[type=submit]")));
        try {
            waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Approved."));
        } catch (RuntimeException e) {
            throw new AssertionError(browser.getCurrentUrl() + " " + pageText(), e);
        }

        // the audit log: newest first, the decision with its before and after, filtered by action
        browser.findElement(By.linkText("Audit log")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/audit"));
        List<WebElement> rows = browser.findElements(By.cssSelector("table.audit > tbody > tr"));
        assertThat(rows.get(0).getText()).contains("refund_requests.decision").contains("admin key")
                .contains("console").contains("in_review").contains("approved");
        assertThat(pageText()).contains("support key").contains("api").contains("rejected");
        new Select(browser.findElement(By.id("action"))).selectByVisibleText("refund_requests.decision");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        waiting().until(d -> d.getCurrentUrl().contains("action=refund_requests.decision"));
        assertThat(browser.findElements(By.cssSelector("table.audit > tbody > tr"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("table.diff tr.changed ins"))).extracting(WebElement::getText)
                .contains("approved", "rejected");
        screenshot("audit", true);

        // the dashboard: figures and server-drawn charts
        browser.findElement(By.linkText("Dashboard")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/dashboard"));
        assertThat(pageText()).contains("1\ncases in review").contains("1\nopen disputes")
                .contains("29.90 USD at stake").contains("need evidence within 3 days")
                .contains("fraud-with-proof").contains("29.90 USD");
        assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();
        screenshot("dashboard", true);

        // every page at 1024 and 390 px: no sideways scroll; the sections on one line at 1024 px
        List<String> pages = List.of("/console/dashboard", "/console/queue", "/console/cases/" + fraud.id(),
                "/console/cases/" + quality.id(), "/console/policies", "/console/outbox", "/console/inbound",
                "/console/incidents", "/console/disputes", "/console/audit", "/console/webhooks", "/console/mailbox",
                "/console/no-such-page");
        List<String> overflowing = new ArrayList<>();
        for (int width : new int[] {1024, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            for (String page : pages) {
                browser.get(url(page));
                long scroll = ((Number) script("return document.documentElement.scrollWidth")).longValue();
                long client = ((Number) script("return document.documentElement.clientWidth")).longValue();
                if (scroll > client) {
                    overflowing.add(page + " at " + width + " px: " + scroll + " > " + client + ", widest: " + script(
                            "const w = document.documentElement.clientWidth; return Array.from(document.querySelectorAll"
                                    + "('main *, header *')).filter(e => e.getBoundingClientRect().right > w)"
                                    + ".slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + "
                                    + "Math.round(e.getBoundingClientRect().right)).join(', ')"));
                }
                if (width == 1024 && !page.equals("/console/no-such-page")) {
                    List<?> tops = (List<?>) script("return Array.from(document.querySelectorAll('.top nav li'))"
                            + ".map(li => li.getBoundingClientRect().top)");
                    assertThat(tops).as("the sections of the top bar on one line on " + page).isNotEmpty()
                            .allMatch(top -> top.equals(tops.get(0)));
                }
            }
        }
        assertThat(overflowing).isEmpty();
        browser.get(url("/console/no-such-page"));
        assertThat(pageText()).contains("Not found");
        browser.manage().window().setSize(new Dimension(1366, 900));
    }
}
