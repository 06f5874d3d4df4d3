package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI as an integrator uses it, in Debian's headless chromium: Authorize with a secret
 * key (the bearer scheme of the document), then "Try it out" on an operation answers 200.
 */
class SwaggerUiBrowserIT extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static Path profile;
    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "install Debian's chromium and chromium-driver to run the browser tests");
        profile = Files.createTempDirectory("creditdesk-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,900", "--lang=en-US", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void authorizeWithAKeyAndTryAnOperation() {
        TestTenant tenant = newTenant();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get("http://localhost:" + port + "/swagger-ui/index.html");

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.btn.authorize"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input")))
                .sendKeys(tenant.secretKey());
        browser.findElement(By.cssSelector(".modal-ux button.modal-btn.authorize")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-ux button.btn-done"))).click();

        By operation = By.id("operations-Policy-listPolicies");
        wait.until(ExpectedConditions.elementToBeClickable(operation)).findElement(By.cssSelector(
                ".opblock-summary-control")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-Policy-listPolicies "
                + "button.try-out__btn"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-Policy-listPolicies "
                + "button.execute"))).click();

        By status = By.cssSelector("#operations-Policy-listPolicies .live-responses-table tbody "
                + ".response-col_status");
        wait.until(ExpectedConditions.visibilityOfElementLocated(status));
        assertThat(browser.findElement(status).getText()).startsWith("200");
        assertThat(browser.findElement(By.cssSelector("#operations-Policy-listPolicies .live-responses-table "
                + "tbody .response-col_description")).getText()).contains("\"object\": \"list\"");
    }
}
