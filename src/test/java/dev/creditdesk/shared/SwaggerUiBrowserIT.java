package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.BrowserTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI as an integrator uses it, in Debian's headless chromium: Authorize with a secret
 * key (the bearer scheme of the document), then "Try it out" on an operation answers 200.
 */
class SwaggerUiBrowserIT extends BrowserTest {

    @Test
    void authorizeWithAKeyAndTryAnOperation() {
        TestTenant tenant = newTenant();
        WebDriverWait wait = waiting(Duration.ofSeconds(20));
        browser.get(url("/swagger-ui/index.html"));

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
