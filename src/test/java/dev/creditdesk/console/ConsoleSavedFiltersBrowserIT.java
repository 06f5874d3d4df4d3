package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.BrowserTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Saved filters in chromium: a filter changed in place by htmx is the one saved (the save form is
 * inside the swapped section), listed above the queue, and its link opens the queue filtered.
 * Saves queue-saved-filters.png (see {@link BrowserTest#SCREENSHOTS}).
 */
class ConsoleSavedFiltersBrowserIT extends BrowserTest {

    private String results() {
        return browser.findElement(By.id("queue-results")).getText();
    }

    @Test
    void theFilterAppliedInPlaceIsSavedListedAndOpened() throws IOException {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case first = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case second = ConsoleCases.fraudClaim(api, tenant, clock);
        signIn(tenant.supportKey());
        browser.findElement(By.id("next-case")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/cases/"));
        String claimed = browser.getCurrentUrl().endsWith(first.id()) ? first.orderNumber() : second.orderNumber();
        String other = claimed.equals(first.orderNumber()) ? second.orderNumber() : first.orderNumber();

        browser.get(url("/console/queue"));
        assertThat(results()).contains("2 cases");
        new Select(browser.findElement(By.id("assigned"))).selectByVisibleText("to me");
        waiting().until(d -> results().contains("1 case") && !results().contains(other));
        browser.findElement(By.id("filter-name")).sendKeys("Mine in review");
        submit(browser.findElement(By.xpath("//button[normalize-space()='Save this filter']")));
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Your saved filters"));
        assertThat(browser.getCurrentUrl()).contains("assigned=me");

        browser.get(url("/console/queue"));
        assertThat(results()).contains("2 cases");
        browser.findElement(By.linkText("Mine in review")).click();
        waiting().until(d -> d.getCurrentUrl().contains("assigned=me"));
        assertThat(results()).contains("1 case").contains(claimed).doesNotContain(other);
        screenshot("queue-saved-filters");
    }
}
