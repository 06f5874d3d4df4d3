package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.people.People;
import dev.creditdesk.people.internal.Base32;
import dev.creditdesk.people.internal.StaffMail;
import dev.creditdesk.people.internal.Totp;
import dev.creditdesk.shared.Role;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * People in a real browser (Debian's chromium): an admin signs in with email and password, invites
 * a colleague from the people page; the colleague follows the email's link, sets a password, turns
 * on the second factor on their account page and signs in again with a code; the admin removes them
 * after a confirmation.
 */
class ConsolePeopleBrowserIT extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    People people;

    @Autowired
    StaffMail staffMail;

    private void signIn(String email, String password) {
        browser.get(url("/console/sign-in"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(browser.findElement(By.id("sign-in-password")));
    }

    private void signOut() {
        submit(browser.findElement(By.cssSelector(".who button")));
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/sign-in?signed-out"));
    }

    private String invitationPath(String recipient) throws Exception {
        Jobs.drain(staffMail::run);
        MimeMessage mail = Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(recipient);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).reduce((a, b) -> b).orElseThrow();
        Matcher link = Pattern.compile("http://\\S+(/console/invitation/[A-Za-z0-9_-]+)")
                .matcher(mail.getContent().toString());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    @Test
    void anAdminInvitesAColleagueWhoJoinsTurnsOnASecondFactorAndIsRemoved() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 4);
        Api.Response tenant = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "Pixel Forge " + suffix,
                "settings", Map.of("timezone", "America/New_York", "holiday_country", "US", "currency", "USD",
                        "support_email", "help@pixelforge.example")));
        UUID tenantId = UUID.fromString(tenant.text("id"));
        String adminEmail = "ada." + suffix + "@pixelforge.example";
        people.addWithPassword(tenantId, adminEmail, "Ada Lovelace", Role.ADMIN, PASSWORD, "demo");

        // the sign-in page: email and password first, focused; a key second
        browser.get(url("/console/queue"));
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/sign-in"));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("email");
        assertThat(pageText()).contains("Forgot your password?").contains("Sign in with a key");
        screenshot("sign-in");
        signIn(adminEmail, "not the password");
        waitForText("The email or password is not right.");
        assertThat(browser.findElement(By.id("email")).getAttribute("value")).isEqualTo(adminEmail);
        signIn(adminEmail, PASSWORD);
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/queue"));
        assertThat(pageText()).contains("Ada Lovelace (admin)");

        // the people page: a mistake named beside its field, then an invitation
        browser.findElement(By.linkText("People")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/people"));
        browser.findElement(By.id("email")).sendKeys("grace at pixelforge");
        browser.findElement(By.id("name")).sendKeys("Grace Hopper");
        submit(browser.findElement(By.cssSelector("form[action$='/console/people'] button")));
        waitForText("Email is not an email address.");
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-invalid")).isEqualTo("true");
        String graceEmail = "grace." + suffix + "@pixelforge.example";
        browser.findElement(By.id("email")).clear();
        browser.findElement(By.id("email")).sendKeys(graceEmail);
        new Select(browser.findElement(By.id("role"))).selectByValue("support");
        submit(browser.findElement(By.cssSelector("form[action$='/console/people'] button")));
        waitForText("Invited Grace Hopper");
        assertThat(pageText()).contains(graceEmail).contains("invited");
        screenshot("people");

        // Grace follows the email's link, sets her password and is signed in
        String invitation = invitationPath(graceEmail);
        signOut();
        browser.get(url(invitation));
        waitForText("Welcome, Grace Hopper");
        browser.findElement(By.id("password")).sendKeys("too short");
        browser.findElement(By.id("password_again")).sendKeys("too short");
        submit(browser.findElement(By.cssSelector("main form button")));
        waitForText("The password must be 12 to 128 characters.");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("password_again")).sendKeys(PASSWORD);
        submit(browser.findElement(By.cssSelector("main form button")));
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/queue"));
        assertThat(pageText()).contains("Grace Hopper (support)").doesNotContain("People");

        // her account page: a second factor, confirmed with a code from its key
        submit(browser.findElement(By.linkText("Grace Hopper (support)")));
        waitForText("Your account");
        submit(browser.findElement(By.xpath("//button[text()='Set up a second factor']")));
        waiting().until(d -> !d.findElements(By.id("totp-key")).isEmpty());
        byte[] secret = Base32.decode(browser.findElement(By.id("totp-key")).getText());
        assertThat(browser.findElement(By.id("totp-uri")).getText()).startsWith("otpauth://totp/");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(clock.instant()), 6));
        submit(browser.findElement(By.xpath("//button[text()='Turn on']")));
        waitForText("Your second factor is on.");
        assertThat(browser.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);
        screenshot("account");

        // signing in again asks for the code after the password
        signOut();
        clock.advance(Duration.ofSeconds(30));
        signIn(graceEmail, PASSWORD);
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/sign-in/code"));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("code");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(clock.instant()), 6));
        submit(browser.findElement(By.cssSelector("main form button")));
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/queue"));
        signOut();

        // the admin removes her, after a page that says what will happen
        signIn(adminEmail, PASSWORD);
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/queue"));
        browser.get(url("/console/people"));
        assertThat(pageText()).contains("Grace Hopper").contains("on");
        submit(browser.findElement(By.xpath("//tr[td[text()='Grace Hopper']]//a[starts-with(., 'Remove')]")));
        waitForText("Grace Hopper can no longer sign in");
        submit(browser.findElement(By.id("confirm")));
        waitForText("Grace Hopper was removed.");
        signOut();
        signIn(graceEmail, PASSWORD);
        waitForText("The email or password is not right.");
    }
}
