package dev.creditdesk.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.portal.PortalFixtures.Customer;
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.Jobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The customer pages in Debian's headless chromium: the form filled with the keyboard, a file
 * uploaded, the emailed link followed, the status page read and its question answered; at 360 px
 * nothing scrolls sideways, every input has a label and text meets 4.5:1 contrast.
 */
class PortalBrowserIT extends BrowserTest {

    /** Inputs a person fills (not hidden ones) without a label, or fieldsets without a legend: their ids. */
    private static final String UNLABELLED = """
            return Array.from(document.querySelectorAll('input, select, textarea'))
                .filter(e => e.type !== 'hidden')
                .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.id || e.name)
                .concat(Array.from(document.querySelectorAll('fieldset')).filter(f => !f.querySelector('legend'))
                    .map(f => 'fieldset'));""";

    /** Visible text whose colour against the nearest background is below 4.5:1: "text (ratio)". */
    private static final String LOW_CONTRAST = """
            function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
            function lum(c) { return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]); }
            function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
            function background(e) {
              for (; e; e = e.parentElement) { const b = rgb(getComputedStyle(e).backgroundColor); if (b[3] > 0) return b; }
              return [255, 255, 255, 1];
            }
            const low = [];
            for (const e of document.querySelectorAll('body *')) {
              const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
              const box = e.getBoundingClientRect();
              if (!own || box.width === 0 || box.height === 0 || box.left < -1000) continue;
              const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) low.push(e.textContent.trim().slice(0, 40) + ' (' + ratio.toFixed(2) + ')');
            }
            return low;""";

    @Autowired
    EmailSender sender;

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private WebElement active() {
        return browser.switchTo().activeElement();
    }

    /** Tabs forward to the element {@code id}, at most {@code presses} times: the keyboard order is the page's. */
    private WebElement tabTo(String id, int presses) {
        for (int i = 0; i < presses && !id.equals(active().getAttribute("id")); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform(); // to the page: a file input takes sendKeys as a path
        }
        assertThat(active().getAttribute("id")).as("focus after tabbing toward " + id).isEqualTo(id);
        return active();
    }

    private void checkPage(String name) {
        assertThat((List<?>) js(UNLABELLED)).as(name + ": inputs without a label").isEmpty();
        assertThat((List<?>) js(LOW_CONTRAST)).as(name + ": text below 4.5:1").isEmpty();
        assertThat(js("return document.documentElement.lang")).isEqualTo("en");
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(360, 800));
        try {
            assertThat(((Number) js("return window.innerWidth")).intValue()).as("the window is 360 px wide")
                    .isEqualTo(360);
            long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth"))
                    .longValue();
            assertThat(overflow).as(name + ": horizontal overflow at 360 px").isLessThanOrEqualTo(0);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    @Test
    void aCustomerFillsTheFormByKeyboardConfirmsByEmailAndAnswersOnTheStatusPage() throws Exception {
        TestTenant tenant = pixelForge();
        Customer customer = PortalFixtures.customer(api, tenant, clock);
        Path screenshot = Files.createTempFile("statement-", ".png");
        Files.write(screenshot, PortalFixtures.PNG);

        browser.get(url("/portal/" + tenant.id() + "/refund"));
        assertThat(browser.getTitle()).startsWith("Ask for a refund · Pixel Forge");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("help@pixelforge.example");
        checkPage("form");

        // the keyboard: the skip link first, then every field in reading order; the honeypot is never reached
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(active().getText()).isEqualTo("Skip to main content");
        tabTo("email", 1).sendKeys(customer.email());
        assertThat(js("return getComputedStyle(document.activeElement).outlineStyle")).as("visible focus")
                .isEqualTo("solid");
        tabTo("order_number", 1).sendKeys(customer.orderNumber());
        tabTo("transaction_id", 1);
        LocalDate bought = LocalDate.parse(customer.purchaseDate());
        tabTo("purchase_date", 1).sendKeys(String.format("%02d%02d%04d", bought.getMonthValue(),
                bought.getDayOfMonth(), bought.getYear()));
        assertThat(browser.findElement(By.id("purchase_date")).getAttribute("value")).isEqualTo(customer.purchaseDate());
        // out of the date's segments to the first reason; arrows choose among the radios
        for (int i = 0; i < 4 && !active().getAttribute("id").startsWith("category-"); i++) {
            active().sendKeys(Keys.TAB);
        }
        assertThat(active().getAttribute("id")).startsWith("category-");
        for (int i = 0; i < 20 && !browser.findElement(By.id("category-fraud")).isSelected(); i++) {
            active().sendKeys(Keys.ARROW_DOWN);
        }
        assertThat(browser.findElement(By.id("category-fraud")).isSelected()).isTrue();
        tabTo("reason", 1).sendKeys("Someone bought credits with my card.");
        tabTo("task_id", 1);
        tabTo("evidence_kind", 1);
        tabTo("files", 1);
        browser.findElement(By.id("files")).sendKeys(screenshot.toString());
        tabTo("send", 1);
        clock.advance(Duration.ofSeconds(30)); // the person took their time
        active().sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Check your inbox"));
        checkPage("check your inbox");

        // the emailed link, then the button
        Jobs.drain(sender::run);
        String confirm = PortalFixtures.link(PortalFixtures.mailTo(customer.email()).get(0));
        browser.get(url(confirm));
        tabTo("confirm", 4).sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/cases/"));
        String body = browser.findElement(By.tagName("body")).getText();
        assertThat(body).contains("Status: We need more information").contains("police report")
                .contains("statement-");
        checkPage("status");

        tabTo("information", 6).sendKeys("The police report number is 2026-4411.");
        tabTo("send-answer", 1).sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.tagName("body")).getText().contains("we received your answer"));
        assertThat(api.get("/v1/refund-requests?limit=1", tenant.supportKey()).body().get("data").get(0)
                .get("email").asString()).isEqualTo(customer.email());
        Files.deleteIfExists(screenshot);
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorsAreListedAtTheTopAndBesideEachFieldAndThePageStillFitsAPhone() {
        TestTenant tenant = pixelForge();
        browser.get(url("/portal/" + tenant.id() + "/refund"));
        clock.advance(Duration.ofSeconds(30));
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("error-summary")).isEmpty());
        WebElement email = browser.findElement(By.id("email"));
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).isEqualTo("email-error email-hint");
        assertThat(browser.findElement(By.id("email-error")).getText()).contains("Enter the email address");
        assertThat(browser.findElements(By.cssSelector("#error-summary a"))).extracting(WebElement::getText)
                .contains("Choose the reason that fits best.");
        checkPage("form with errors");

        // the checks themselves see what they look for
        // (styles set through the DOM: the pages' Content-Security-Policy refuses inline style attributes)
        js("""
                const main = document.querySelector('main');
                const faint = document.createElement('p'); faint.textContent = 'faint'; faint.style.color = '#aaa';
                const bare = document.createElement('input'); bare.id = 'bare';
                const wide = document.createElement('div'); wide.textContent = 'wide'; wide.style.width = '900px';
                main.append(faint, bare, wide);""");
        assertThat((List<?>) js(LOW_CONTRAST)).anySatisfy(text -> assertThat(text.toString()).startsWith("faint"));
        assertThat((List<Object>) js(UNLABELLED)).contains("bare");
        browser.manage().window().setSize(new Dimension(360, 800));
        assertThat(((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue())
                .isPositive();
        browser.manage().window().setSize(new Dimension(1366, 900));
    }
}
