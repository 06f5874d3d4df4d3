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
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.webhooks.internal.WebhookSender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhooks page in a real browser (Debian's chromium, as in {@link ConsoleBrowserIT}): an admin
 * registers an endpoint and sees its secret once, sees the delivery, redelivers it, rotates the
 * secret and disables the endpoint.
 */
class ConsoleWebhooksBrowserIT extends BrowserTest {

    private static WireMockServer receiver;

    @Autowired
    WebhookSender sender;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void anAdminRegistersAnEndpointSeesItsSecretOnceRedeliversRotatesAndDisablesIt() throws IOException {
        TestTenant tenant = newTenant();
        String path = "/console-hook/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));

        signIn(tenant.adminKey());
        browser.get(url("/console/webhooks"));
        assertThat(pageText()).contains("No endpoints registered.");

        browser.findElement(By.id("url")).sendKeys("ftp://example.com/hook");
        browser.findElement(By.id("events")).clear();
        browser.findElement(By.id("events")).sendKeys("incident.opened, nope");
        submit(browser.findElement(By.cssSelector("#create-heading ~ form button")));
        assertThat(shown(By.id("endpoint-errors")).getText()).contains("url must use https")
                .contains("enabled_events[1]");

        browser.findElement(By.id("url")).clear();
        browser.findElement(By.id("url")).sendKeys(receiver.baseUrl() + path);
        browser.findElement(By.id("events")).clear();
        browser.findElement(By.id("events")).sendKeys("*");
        submit(browser.findElement(By.cssSelector("#create-heading ~ form button")));
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
        screenshot("webhooks");

        submit(browser.findElement(By.cssSelector("tr.delivery button")));
        waitForText("will be sent again");
        Jobs.drain(sender::run);
        assertThat(received(path)).hasSize(2).extracting(r -> r.getHeader("webhook-id")).containsOnly(
                received(path).get(0).getHeader("webhook-id"));

        submit(browser.findElement(By.xpath("//button[starts-with(normalize-space(.), 'Rotate secret')]")));
        String rotated = shown(By.id("secret")).getText();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(pageText()).contains("New signing secret");

        submit(browser.findElement(By.xpath("//button[starts-with(normalize-space(.), 'Disable')]")));
        waitForText("is disabled.");
        assertThat(pageText()).contains("disabled by the tenant");
        assertThat(browser.findElement(By.cssSelector("article.endpoint .badge")).getText()).isEqualTo("disabled");
    }
}
