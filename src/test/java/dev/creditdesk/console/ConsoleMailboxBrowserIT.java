package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Chromium;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.MailServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The mailbox page in a real browser: an admin fills in the settings (a bad pattern is refused
 * naming the field), tests the connection (a wrong password is explained in words), corrects the
 * password and sees the test pass; the password is never shown back.
 */
class ConsoleMailboxBrowserIT extends IntegrationTest {

    private static Chromium chromium;
    private static WebDriver browser;

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

    /** Clicks a button that posts the page's form and waits until the browser has left that page. */
    private void submit(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(button));
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void anAdminConnectsTheMailboxAndTestsIt() throws IOException {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        browser.get(url("/console/mailbox"));
        browser.findElement(By.id("key")).sendKeys(tenant.adminKey(), Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("sign-in"));
        browser.get(url("/console/mailbox"));
        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Connect a mailbox");

        type("host", "localhost");
        new Select(browser.findElement(By.id("security"))).selectByValue("none");
        type("port", Integer.toString(MailServer.imapPort()));
        type("username", box.login());
        type("password", "wrong-password-456");
        type("orderPatterns", "(a+)+");
        submit(browser.findElement(By.id("save-mailbox")));
        assertThat(shown(By.id("mailbox-errors")).getText()).contains("order_patterns[0]");
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("wrong-password-456");

        browser.findElement(By.id("orderPatterns")).clear();
        type("password", "wrong-password-456");
        submit(browser.findElement(By.id("save-mailbox")));
        submit(shown(By.id("test-connection")));
        assertThat(shown(By.id("test-result")).getText()).contains("Connection failed")
                .contains("The server refused the user name or password").contains("app password");
        assertThat(browser.getPageSource()).doesNotContain("wrong-password-456");

        type("password", box.password());
        submit(browser.findElement(By.id("save-mailbox")));
        submit(shown(By.id("test-connection")));
        assertThat(shown(By.id("test-result")).getText())
                .isEqualTo("Connection works: Creditdesk logged in and opened the folder.");
        assertThat(browser.getPageSource()).doesNotContain(box.password());
        Files.createDirectories(ConsoleBrowserIT.SCREENSHOTS);
        Files.write(ConsoleBrowserIT.SCREENSHOTS.resolve("mailbox.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
