package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Merging a duplicate in chromium: the case's duplicate notice, the confirmation page, and the
 * request that answers both listing the merged one. Saves case-merge-confirm.png and
 * case-merged.png (see {@link BrowserTest#SCREENSHOTS}).
 */
class ConsoleMergeBrowserIT extends BrowserTest {

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

        signIn(tenant.supportKey());
        browser.get(url("/console/cases/" + primary.id()));
        submit(browser.findElement(By.xpath(
                "//form[contains(@class,'merge-form')]//button[contains(.,'into this one')]")));
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("What will happen"));
        assertThat(browser.findElement(By.id("effects")).getText()).contains("ends merged")
                .contains("One email goes to " + primary.email());
        screenshot("case-merge-confirm");
        assertThat(api.get("/v1/refund-requests/" + duplicate, tenant.supportKey()).text("status"))
                .as("nothing merged before the confirmation").isEqualTo("in_review");

        submit(browser.findElement(By.id("confirm")));
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Merged requests"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/cases/" + primary.id());
        assertThat(api.get("/v1/refund-requests/" + duplicate, tenant.supportKey()).text("status"))
                .isEqualTo("merged");
        screenshot("case-merged");
        browser.findElement(By.cssSelector("#merged-requests a")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/cases/" + duplicate));
        assertThat(browser.findElement(By.id("merged-into")).getText()).contains("the request that answers this one");
    }
}
