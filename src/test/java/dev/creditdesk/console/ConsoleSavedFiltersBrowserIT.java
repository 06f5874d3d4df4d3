package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Chromium;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Saved filters in chromium: a filter changed in place by htmx is the one saved (the save form is
 * inside the swapped section), listed above the queue, and its link opens the queue filtered.
 * Saves queue-saved-filters.png (see {@link ConsoleBrowserIT#SCREENSHOTS}).
 */
class ConsoleSavedFiltersBrowserIT extends IntegrationTest {

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

    private String results() {
        return browser.findElement(By.id("queue-results")).getText();
    }

    @Test
    void theFilterAppliedInPlaceIsSavedListedAndOpened() throws IOException {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case first = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case second = ConsoleCases.fraudClaim(api, tenant, clock);
        browser.get(url("/console/queue"));
        browser.findElement(By.id("key")).sendKeys(tenant.supportKey(), Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/console/queue"));
        browser.findElement(By.id("next-case")).click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/cases/"));
        String claimed = browser.getCurrentUrl().endsWith(first.id()) ? first.orderNumber() : second.orderNumber();
        String other = claimed.equals(first.orderNumber()) ? second.orderNumber() : first.orderNumber();

        browser.get(url("/console/queue"));
        assertThat(results()).contains("2 cases");
        new Select(browser.findElement(By.id("assigned"))).selectByVisibleText("to me");
        waiting().until(d -> results().contains("1 case") && !results().contains(other));
        browser.findElement(By.id("filter-name")).sendKeys("Mine in review");
        browser.findElement(By.xpath("//button[normalize-space()='Save this filter']")).click();
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Your saved filters"));
        assertThat(browser.getCurrentUrl()).contains("assigned=me");

        browser.get(url("/console/queue"));
        assertThat(results()).contains("2 cases");
        browser.findElement(By.linkText("Mine in review")).click();
        waiting().until(d -> d.getCurrentUrl().contains("assigned=me"));
        assertThat(results()).contains("1 case").contains(claimed).doesNotContain(other);
        Files.createDirectories(ConsoleBrowserIT.SCREENSHOTS);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve("queue-saved-filters.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
