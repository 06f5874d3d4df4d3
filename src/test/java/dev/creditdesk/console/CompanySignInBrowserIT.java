package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.people.People;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.shared.Role;
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.IdentityProviderServer;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The identity provider in a real browser: an admin connects the tenant's provider on
 * /console/people/sso (a wrong issuer refused next to the field, the secret never shown back), then
 * an invited agent signs in with their company account through the local provider and lands in the
 * console as themselves. Support may not open the settings.
 */
class CompanySignInBrowserIT extends BrowserTest {

    @Autowired
    People people;

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void signOut() {
        shown(By.cssSelector(".who button")).click();
        waiting().until(d -> d.getCurrentUrl().contains("signed-out"));
    }

    @Test
    void anAdminConnectsTheProviderAndAnAgentSignsInWithIt() throws IOException {
        IdentityProviderServer.useClock(clock);
        TestTenant tenant = newTenant();
        String domain = "b" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        people.add(tenant.id(), "grace@" + domain, "Grace Hopper", Role.SUPPORT, PersonStatus.INVITED, null, "test");

        signIn(tenant.supportKey());
        browser.get(url("/console/people/sso"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Admins only");
        signOut();

        signIn(tenant.adminKey());
        browser.get(url("/console/people/sso"));
        assertThat(shown(By.id("settings-heading")).getText()).isEqualTo("Connect an identity provider");
        assertThat(browser.findElement(By.id("redirect-uri")).getText())
                .isEqualTo(url("/console/sign-in/company/callback"));
        type("issuer", IdentityProviderServer.issuer() + "/wrong");
        type("clientId", IdentityProviderServer.CLIENT_ID);
        type("clientSecret", IdentityProviderServer.CLIENT_SECRET);
        type("emailDomains", domain);
        submit(browser.findElement(By.id("save-provider")));
        assertThat(shown(By.id("provider-errors")).getText()).contains("issuer").contains("answered 404");
        assertThat(browser.findElement(By.id("clientSecret")).getAttribute("value")).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(IdentityProviderServer.CLIENT_SECRET);

        type("issuer", IdentityProviderServer.issuer());
        type("clientSecret", IdentityProviderServer.CLIENT_SECRET);
        submit(browser.findElement(By.id("save-provider")));
        assertThat(shown(By.id("provider-saved")).getText()).isEqualTo("The identity provider is saved.");
        assertThat(browser.findElement(By.id("settings-heading")).getText()).isEqualTo("Settings");
        assertThat(browser.getPageSource()).doesNotContain(IdentityProviderServer.CLIENT_SECRET);
        screenshot("identity-provider");
        signOut();

        browser.get(url("/console/sign-in"));
        // the sign-in page has an #email field too: wait until it is left before typing into the company page's
        submit(shown(By.id("company-sign-in")));
        shown(By.id("email")).sendKeys("grace@" + domain);
        screenshot("sign-in-company");
        browser.findElement(By.id("continue")).click();
        try {
            waiting().until(d -> d.getCurrentUrl().contains("/console/queue"));
        } catch (RuntimeException e) {
            throw new AssertionError("at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        assertThat(shown(By.cssSelector(".who")).getText()).contains("Grace Hopper (support)");
        assertThat(people.findByEmail("grace@" + domain).orElseThrow().status()).isEqualTo(PersonStatus.ACTIVE);
    }
}
