package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.people.People;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.shared.Role;
import dev.creditdesk.support.Chromium;
import dev.creditdesk.support.IdentityProviderServer;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The identity provider in a real browser: an admin connects the tenant's provider on
 * /console/people/sso (a wrong issuer refused next to the field, the secret never shown back), then
 * an invited agent signs in with their company account through the local provider and lands in the
 * console as themselves. Support may not open the settings.
 */
class CompanySignInBrowserIT extends IntegrationTest {

    private static Chromium chromium;
    private static WebDriver browser;

    @Autowired
    People people;

    @BeforeAll
    static void start() throws IOException {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

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

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void signInWithKey(String key) {
        browser.manage().deleteAllCookies();
        browser.get(url("/console/sign-in"));
        browser.findElement(By.id("key")).sendKeys(key, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("sign-in"));
    }

    private void signOut() {
        shown(By.cssSelector(".who button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("signed-out"));
    }

    @Test
    void anAdminConnectsTheProviderAndAnAgentSignsInWithIt() throws IOException {
        IdentityProviderServer.useClock(clock);
        TestTenant tenant = newTenant();
        String domain = "b" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        people.add(tenant.id(), "grace@" + domain, "Grace Hopper", Role.SUPPORT, PersonStatus.INVITED, null, "test");

        signInWithKey(tenant.supportKey());
        browser.get(url("/console/people/sso"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Admins only");
        signOut();

        signInWithKey(tenant.adminKey());
        browser.get(url("/console/people/sso"));
        assertThat(shown(By.id("settings-heading")).getText()).isEqualTo("Connect an identity provider");
        assertThat(browser.findElement(By.id("redirect-uri")).getText())
                .isEqualTo(url("/console/sign-in/company/callback"));
        type("issuer", IdentityProviderServer.issuer() + "/wrong");
        type("clientId", IdentityProviderServer.CLIENT_ID);
        type("clientSecret", IdentityProviderServer.CLIENT_SECRET);
        type("emailDomains", domain);
        browser.findElement(By.id("save-provider")).click();
        assertThat(shown(By.id("provider-errors")).getText()).contains("issuer").contains("answered 404");
        assertThat(browser.findElement(By.id("clientSecret")).getAttribute("value")).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(IdentityProviderServer.CLIENT_SECRET);

        type("issuer", IdentityProviderServer.issuer());
        type("clientSecret", IdentityProviderServer.CLIENT_SECRET);
        browser.findElement(By.id("save-provider")).click();
        assertThat(shown(By.id("provider-saved")).getText()).isEqualTo("The identity provider is saved.");
        assertThat(browser.findElement(By.id("settings-heading")).getText()).isEqualTo("Settings");
        assertThat(browser.getPageSource()).doesNotContain(IdentityProviderServer.CLIENT_SECRET);
        Files.createDirectories(ConsoleBrowserIT.SCREENSHOTS);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve("identity-provider.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        signOut();

        browser.get(url("/console/sign-in"));
        shown(By.id("company-sign-in")).click();
        shown(By.id("email")).sendKeys("grace@" + domain);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve("sign-in-company.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.findElement(By.id("continue")).click();
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/console/queue"));
        } catch (RuntimeException e) {
            throw new AssertionError("at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        assertThat(shown(By.cssSelector(".who")).getText()).contains("Grace Hopper (support)");
        assertThat(people.findByEmail("grace@" + domain).orElseThrow().status()).isEqualTo(PersonStatus.ACTIVE);
    }
}
