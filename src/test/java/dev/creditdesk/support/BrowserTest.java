package dev.creditdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The base of the browser tests: one Debian chromium per test class ({@link Chromium}), started
 * before its tests and closed after them, and the waits that keep a test from reading the page it
 * has just left.
 *
 * <p>A click that posts a form or follows a link returns before the browser has left the page: an
 * element looked up right after it can be the old page's (the same id, the same text), and goes
 * stale in the test's hands. {@link #submit} waits until the clicked element is gone; {@link
 * #shown} and {@link #waitForText} only wait for something to appear, so they are safe after a
 * click only for what the page before did not have.
 */
public abstract class BrowserTest extends IntegrationTest {

    /**
     * Where the screenshots go: target/screenshots, so a test run leaves the tree clean (the data
     * differs from run to run); {@code -Dcreditdesk.screenshots.dir=docs/screenshots} refreshes the
     * README's.
     */
    public static final Path SCREENSHOTS = Path.of(System.getProperty("creditdesk.screenshots.dir",
            "target/screenshots"));

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Chromium chromium;
    protected static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
            chromium = null;
            browser = null;
        }
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Waits for page loads and htmx's swaps; an element swapped out while being read is read again. */
    protected WebDriverWait waiting() {
        return waiting(TIMEOUT);
    }

    protected WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        // chromium's "node does not belong to the document": an element of the page just left, as stale
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    /** The first element {@code locator} finds once it is displayed. */
    protected WebElement shown(By locator) {
        return waiting().until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    protected String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    protected void waitForText(String text) {
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    /** Clicks a button that posts its form (or a link to another page) and waits until the browser has left the page. */
    protected void submit(WebElement button) {
        button.click();
        waitUntilGone(button);
    }

    /**
     * Waits until {@code element} is no longer in the document: its page was left (or htmx swapped
     * it out).
     */
    protected void waitUntilGone(WebElement element) {
        new WebDriverWait(browser, TIMEOUT).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException e) {
                // asked in the middle of the navigation, chromedriver answers with an inspector error
                // ("Node with given id does not belong to the document"); anything else is asked again
                return String.valueOf(e.getMessage()).contains("does not belong to the document");
            }
        });
    }

    /**
     * Signs in to the console with an API key, in a fresh session, and waits for the page the
     * console opens after it (the queue).
     */
    protected void signIn(String key) {
        browser.manage().deleteAllCookies();
        browser.get(url("/console/sign-in"));
        shown(By.id("key")).sendKeys(key, Keys.ENTER);
        try {
            waiting().until(d -> d.getCurrentUrl().contains("/console/queue"));
        } catch (RuntimeException e) {
            throw new AssertionError("signing in with the key: at " + browser.getCurrentUrl() + ": " + pageText(), e);
        }
    }

    /** Saves what the browser shows as {@code name}.png in {@link #SCREENSHOTS}. */
    protected void screenshot(String name) throws IOException {
        screenshot(name, false);
    }

    /** Saves what the browser shows (the whole page, up to 4,000 px tall, when asked) as {@code name}.png. */
    protected void screenshot(String name, boolean wholePage) throws IOException {
        Dimension window = browser.manage().window().getSize();
        if (wholePage) {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
            long viewport = ((Number) js.executeScript("return window.innerHeight")).longValue();
            browser.manage().window().setSize(new Dimension(window.getWidth(),
                    (int) Math.min(4_000, height + window.getHeight() - viewport)));
        }
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        if (wholePage) {
            browser.manage().window().setSize(window);
        }
    }

    /** A tenant with a readable name for the screenshots (names are unique, so with a short suffix). */
    protected TestTenant pixelForge() {
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY, Map.of(
                "name", "Pixel Forge " + UUID.randomUUID().toString().substring(0, 4), "policy", "exceptions-only",
                "settings", Map.of("timezone", "America/New_York", "holiday_country", "US", "currency", "USD",
                        "support_email", "help@pixelforge.example")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.text("id"));
        return new TestTenant(id, created.body().get("secret_key").get("key").asString(), issueKey(id, "support"),
                issueKey(id, "admin"));
    }
}
