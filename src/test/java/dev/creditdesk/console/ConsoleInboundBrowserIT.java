package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundMail.Receipt;
import dev.creditdesk.intake.RawMail;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Unmatched mail in a real browser: support dismisses one message, opens a case from another
 * (completing its purchase date), and on the case page sees the customer's email and the category
 * guessed from it, and corrects it.
 */
class ConsoleInboundBrowserIT extends BrowserTest {

    @Autowired
    InboundMail inbound;

    private WebElement article(UUID messageId) {
        return browser.findElement(By.cssSelector("article[data-id='" + messageId + "']"));
    }

    @Test
    void supportDismissesOpensACaseFromMailAndCorrectsTheGuessedCategory() {
        TestTenant tenant = newTenant("case-review", Map.of());
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "ada", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "A-1001",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-A-1001")));
        String purchased = purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString();
        Receipt newsletter = inbound.receive(tenant.id(), RawMail.from("news@vendor.example")
                .id("<" + UUID.randomUUID() + "@vendor.example>").subject("Our spring newsletter")
                .body("Hello!").bytes());
        Receipt question = inbound.receive(tenant.id(), RawMail.from(email)
                .id("<" + UUID.randomUUID() + "@example.com>").subject("Help")
                .body("I have a question about my order, what can you do? Order number: A-1001").bytes());
        assertThat(List.of(newsletter.outcome(), question.outcome())).containsOnly(Outcome.UNMATCHED);

        signIn(tenant.supportKey());
        browser.get(url("/console/inbound"));
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current='page']")).getText())
                .isEqualTo("Unmatched mail");
        assertThat(article(newsletter.messageId()).getText()).contains("Our spring newsletter")
                .contains("not a refund request");

        submit(article(newsletter.messageId()).findElement(By.xpath(".//button[starts-with(., 'Dismiss')]")));
        waitForText("was dismissed");
        assertThat(browser.findElements(By.cssSelector("article[data-id='" + newsletter.messageId() + "']"))).isEmpty();

        WebElement message = article(question.messageId());
        message.findElement(By.cssSelector("details.open-case summary")).click();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                message.findElement(By.id("date-" + question.messageId())), purchased);
        submit(message.findElement(By.xpath(".//button[. = 'Open case']")));
        waitForText("was opened from the message");
        Api.Response opened = api.get("/v1/inbound-messages/" + question.messageId(), tenant.supportKey());
        assertThat(opened.text("status")).isEqualTo("case_opened");
        String caseId = opened.text("refund_request_id");

        browser.get(url("/console/cases/" + caseId));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("Conversation").contains("from ").contains("Help").contains("to ")
                .contains("Re: Help");
        assertThat(browser.findElement(By.id("category-guessed")).getText()).isEqualTo("guessed from the email");
        new Select(browser.findElement(By.id("category"))).selectByValue("quality");
        submit(browser.findElement(By.cssSelector("#category-form button")));
        waitForText("The reason is now quality");
        assertThat(api.get("/v1/refund-requests/" + caseId, tenant.supportKey()).text("category")).isEqualTo("quality");
        assertThat(browser.findElements(By.id("category-guessed"))).isEmpty();
    }
}
