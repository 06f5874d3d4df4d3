package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.Chromium;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Merging a duplicate in chromium: the case's duplicate notice, the confirmation page, and the
 * request that answers both listing the merged one. Saves case-merge-confirm.png and
 * case-merged.png (see {@link ConsoleBrowserIT#SCREENSHOTS}).
 */
class ConsoleMergeBrowserIT extends IntegrationTest {

    private static Chromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        // chromium's "node does not belong to the document": an element of the page just left, as stale
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(ConsoleBrowserIT.SCREENSHOTS);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve(name),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aDuplicateIsMergedThroughTheConfirmationAndListedOnTheRequestThatAnswers() throws IOException {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case primary = ConsoleCases.fraudClaim(api, tenant, clock);
        Api.Response again = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", primary.email(),
                "order_number", primary.orderNumber(), "purchase_date", api.get("/v1/refund-requests/"
                        + primary.id(), tenant.supportKey()).text("purchase_date"),
                "category", "fraud", "reason", "Asking again: someone used my card.",
                "evidence_kinds", List.of("police_report")));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        String duplicate = again.text("id");

        browser.get(url("/console/queue"));
        browser.findElement(By.id("key")).sendKeys(tenant.supportKey(), Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/console/queue"));
        browser.get(url("/console/cases/" + primary.id()));
        browser.findElement(By.xpath("//form[contains(@class,'merge-form')]//button[contains(.,'into this one')]"))
                .click();
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("What will happen"));
        assertThat(browser.findElement(By.id("effects")).getText()).contains("ends merged")
                .contains("One email goes to " + primary.email());
        screenshot("case-merge-confirm.png");
        assertThat(api.get("/v1/refund-requests/" + duplicate, tenant.supportKey()).text("status"))
                .as("nothing merged before the confirmation").isEqualTo("in_review");

        browser.findElement(By.id("confirm")).click();
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Merged requests"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/cases/" + primary.id());
        assertThat(api.get("/v1/refund-requests/" + duplicate, tenant.supportKey()).text("status"))
                .isEqualTo("merged");
        screenshot("case-merged.png");
        browser.findElement(By.cssSelector("#merged-requests a")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/cases/" + duplicate));
        assertThat(browser.findElement(By.id("merged-into")).getText()).contains("the request that answers this one");
    }
}
