package dev.creditdesk.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.Chromium;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.webhooks.internal.WebhookSender;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhooks page in a real browser (Debian's chromium, as in {@link ConsoleBrowserIT}): an admin
 * registers an endpoint and sees its secret once, sees the delivery, redelivers it, rotates the
 * secret and disables the endpoint.
 */
class ConsoleWebhooksBrowserIT extends IntegrationTest {

    private static Chromium chromium;
    private static WebDriver browser;
    private static WireMockServer receiver;

    @Autowired
    WebhookSender sender;

    @BeforeAll
    static void start() throws IOException {
        chromium = Chromium.start();
        browser = chromium.driver();
        receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Waits for the page a click led to, then the element on it. */
    private WebElement shown(By locator) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        // chromium's "node does not belong to the document": an element of the page just left, as stale
        wait.ignoring(WebDriverException.class);
        return wait.until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private void waitForText(String text) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        // chromium's "node does not belong to the document": an element of the page just left, as stale
        wait.ignoring(WebDriverException.class);
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void anAdminRegistersAnEndpointSeesItsSecretOnceRedeliversRotatesAndDisablesIt() throws IOException {
        TestTenant tenant = newTenant();
        String path = "/console-hook/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));

        browser.get(url("/console/webhooks"));
        browser.findElement(By.id("key")).sendKeys(tenant.adminKey(), Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("sign-in"));
        browser.get(url("/console/webhooks"));
        assertThat(pageText()).contains("No endpoints registered.");

        browser.findElement(By.id("url")).sendKeys("ftp://example.com/hook");
        browser.findElement(By.id("events")).clear();
        browser.findElement(By.id("events")).sendKeys("incident.opened, nope");
        browser.findElement(By.cssSelector("#create-heading ~ form button")).click();
        assertThat(shown(By.id("endpoint-errors")).getText()).contains("url must use https")
                .contains("enabled_events[1]");

        browser.findElement(By.id("url")).clear();
        browser.findElement(By.id("url")).sendKeys(receiver.baseUrl() + path);
        browser.findElement(By.id("events")).clear();
        browser.findElement(By.id("events")).sendKeys("*");
        browser.findElement(By.cssSelector("#create-heading ~ form button")).click();
        String secret = shown(By.id("secret")).getText();
        assertThat(secret).startsWith("whsec_");

        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Renders failing",
                "scope", "full", "started_at", clock.instant().minus(Duration.ofHours(1)).toString()));
        assertThat(incident.status()).isEqualTo(201);
        Jobs.drain(sender::run);
        assertThat(received(path)).hasSize(1);

        browser.get(url("/console/webhooks"));
        assertThat(pageText()).as("the secret is not shown again").doesNotContain(secret)
                .contains("incident.opened").contains("succeeded").contains("HTTP 200");
        Files.createDirectories(ConsoleBrowserIT.SCREENSHOTS);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve("webhooks.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("tr.delivery button")).click();
        waitForText("will be sent again");
        Jobs.drain(sender::run);
        assertThat(received(path)).hasSize(2).extracting(r -> r.getHeader("webhook-id")).containsOnly(
                received(path).get(0).getHeader("webhook-id"));

        browser.findElement(By.xpath("//button[starts-with(normalize-space(.), 'Rotate secret')]")).click();
        String rotated = shown(By.id("secret")).getText();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(pageText()).contains("New signing secret");

        browser.findElement(By.xpath("//button[starts-with(normalize-space(.), 'Disable')]")).click();
        waitForText("is disabled.");
        assertThat(pageText()).contains("disabled by the tenant");
        assertThat(browser.findElement(By.cssSelector("article.endpoint .badge")).getText()).isEqualTo("disabled");
    }
}
