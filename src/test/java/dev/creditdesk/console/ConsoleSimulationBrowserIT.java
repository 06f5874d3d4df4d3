package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Simulating a draft before publishing it, in chromium: support pastes a tiered-usage draft with a
 * 5 % threshold, presses Simulate, and the simulation's page follows the run by itself until it
 * shows what would change (a chart, the money, the changed cases); support is not offered to
 * publish, an admin publishes from the same page. Saves policy-simulation.png (see
 * {@link BrowserTest#SCREENSHOTS}).
 */
class ConsoleSimulationBrowserIT extends BrowserTest {

    @Test
    void supportSimulatesADraftAndAnAdminPublishesItFromTheSimulation() throws IOException {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        List<String> changed = SimulationCases.threeRequests(api, tenant, clock);

        signIn(tenant.supportKey());
        browser.get(url("/console/policies"));
        assertThat(browser.findElements(By.xpath("//button[normalize-space()='Publish']"))).isEmpty();
        browser.findElement(By.id("document")).sendKeys(SimulationCases.fivePercentDraft());
        browser.findElement(By.id("simulate")).click();

        // the page follows the run by itself (htmx polls its status) until the report is there
        waiting().until(d -> d.getCurrentUrl().contains("/console/policies/simulations/"));
        String simulationUrl = browser.getCurrentUrl();
        waiting(Duration.ofSeconds(60)).until(d -> !d.findElements(
                By.cssSelector("#simulation[data-status='succeeded'] #charts svg.chart")).isEmpty());

        List<WebElement> bars = browser.findElements(By.cssSelector("#charts svg.chart rect"));
        assertThat(bars).hasSizeGreaterThanOrEqualTo(4);
        assertThat(bars).anyMatch(bar -> Integer.parseInt(bar.getAttribute("width")) > 0);
        assertThat(browser.findElement(By.id("changed")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("money-difference-USD")).getText())
                .as("29.90 − 27.66 and 29.90 − 27.21 less").isEqualTo("-4.93 USD");
        assertThat(browser.findElement(By.id("transitions")).getText())
                .contains("full refund (full-refund) partial refund (proportional-refund) 2");
        List<WebElement> links = browser.findElements(By.cssSelector("#changed-cases a.changed-case"));
        assertThat(links).extracting(WebElement::getText).containsExactlyInAnyOrderElementsOf(changed);
        String first = links.get(0).getText();
        assertThat(browser.findElements(By.id("publish"))).as("support is not offered to publish").isEmpty();
        assertThat(browser.findElement(By.id("document-section")).getText()).contains("An admin publishes a version.");
        // the whole report in one picture: the window as tall as the page
        long height = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(1366, (int) Math.min(height + 120, 4000)));
        screenshot("policy-simulation");

        // no sideways scroll on a phone
        browser.manage().window().setSize(new Dimension(390, 900));
        browser.navigate().refresh();
        long scroll = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth")).longValue();
        long client = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.clientWidth")).longValue();
        assertThat(scroll).as("the simulation page at 390 px").isLessThanOrEqualTo(client);
        browser.manage().window().setSize(new Dimension(1366, 900));

        browser.findElement(By.linkText(first)).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/cases/" + first));

        // the policies page lists it
        browser.get(url("/console/policies"));
        assertThat(browser.findElement(By.id("simulations")).getText()).contains("tiered-usage "
                + SimulationCases.DRAFT_VERSION).contains("succeeded").contains("2 of 3");

        signIn(tenant.adminKey());
        browser.get(simulationUrl);
        WebElement publish = browser.findElement(By.id("publish"));
        assertThat(browser.findElement(By.id("document")).getAttribute("value"))
                .contains("version: \"" + SimulationCases.DRAFT_VERSION + "\"");
        publish.click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/policies"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Published tiered-usage version " + SimulationCases.DRAFT_VERSION + ".");
        assertThat(api.get("/v1/policies/tiered-usage", tenant.adminKey()).body().toString())
                .contains(SimulationCases.DRAFT_VERSION);
    }
}
