package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.MailServer;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The mailbox page in a real browser: an admin fills in the settings (a bad pattern is refused
 * naming the field), tests the connection (a wrong password is explained in words), corrects the
 * password and sees the test pass; the password is never shown back.
 */
class ConsoleMailboxBrowserIT extends BrowserTest {

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void anAdminConnectsTheMailboxAndTestsIt() throws IOException {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        signIn(tenant.adminKey());
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
        screenshot("mailbox");
    }
}
