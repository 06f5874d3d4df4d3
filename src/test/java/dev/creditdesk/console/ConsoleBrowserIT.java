package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.BrowserTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console in a real browser: Debian's chromium, headless, driven through its chromedriver
 * (never a downloaded one). A support agent signs in, works the queue, decides a case, and the
 * customer's email arrives. Each page is saved to docs/screenshots/ for the README (the outbox,
 * incidents and disputes by {@link ConsoleListPagesBrowserIT}, with data that shows their paging and actions).
 */
class ConsoleBrowserIT extends BrowserTest {

    @Autowired
    EmailSender sender;

    /** A card statement as a customer photographs it: lines of a table, one of them marked (no fonts needed). */
    private static byte[] statement() throws IOException {
        BufferedImage image = new BufferedImage(360, 220, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xfdfdf8));
        g.fillRect(0, 0, 360, 220);
        g.setColor(new Color(0x1f5fbf));
        g.fillRect(0, 0, 360, 28);
        for (int row = 0; row < 8; row++) {
            g.setColor(row == 5 ? new Color(0xffe08a) : new Color(0xeef0f4));
            g.fillRect(16, 44 + row * 20, 328, 14);
            g.setColor(new Color(0x8a93a3));
            g.fillRect(22, 48 + row * 20, 120 + (row * 37) % 90, 6);
            g.fillRect(290, 48 + row * 20, 44, 6);
        }
        g.setColor(new Color(0xa11d1d));
        g.drawRect(12, 140, 336, 22);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** The plain-text part of a message as the customer's mail program shows it. */
    private static String plainText(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static String normalised(String text) {
        return text == null ? null : text.replace("\r\n", "\n").strip().replaceAll("[ \t]+\n", "\n");
    }

    @Test
    void aSupportAgentSignsInWorksTheQueueAndDecidesACaseAndTheCustomerIsEmailed() throws Exception {
        TestTenant tenant = pixelForge();
        String email = "maria.lopez-" + UUID.randomUUID().toString().substring(0, 4) + "@example.com";
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock, email);
        assertThat(api.postBytes("/v1/refund-requests/" + fraud.id() + "/evidence?kind=bank_proof&filename=card-statement.png",
                tenant.secretKey(), "image/png", statement()).status()).isEqualTo(201);
        ConsoleCases.Case quality = ConsoleCases.claim(api, tenant, clock, "sam.okafor@example.com", "quality",
                "The portraits came out with six fingers on every hand.", List.of("screenshot"));

        // an outage since the orders were bought, and a chargeback on the other customer's order
        Instant now = clock.instant();
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Image generation queue stalled",
                "description", "Workers stopped taking jobs after a deploy; rolled back.", "scope", "full",
                "features", List.of("generate"), "started_at", now.minus(Duration.ofHours(20)).toString(),
                "ended_at", now.minus(Duration.ofHours(17)).toString())).status()).isEqualTo(201);
        assertThat(api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id",
                "bank-" + quality.orderNumber(), "reason", "product_unacceptable", "evidence_due_by",
                now.plus(Duration.ofDays(7)).toString())).status()).isEqualTo(201);

        // sign in with the key (people sign in with their email first: ConsolePeopleBrowserIT)
        browser.get(url("/console/queue"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("email");
        browser.findElement(By.id("key")).sendKeys(tenant.supportKey(), Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/console/queue"));

        // the queue, soonest due first, filtered in place by htmx
        assertThat(pageText()).contains("2 cases").contains(fraud.orderNumber()).contains("5 business days left");
        screenshot("queue");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to main content");
        new Select(browser.findElement(By.id("reason"))).selectByVisibleText("quality");
        waiting().until(d -> !d.findElement(By.id("queue-results")).getText().contains(fraud.orderNumber()));
        assertThat(browser.getCurrentUrl()).contains("reason=quality");
        new Select(browser.findElement(By.id("reason"))).selectByVisibleText("any reason");
        waiting().until(d -> d.findElement(By.id("queue-results")).getText().contains(fraud.orderNumber()));

        // the case: request, evidence, timeline, proposal; the form prefilled from the proposal
        browser.findElement(By.linkText("Order " + fraud.orderNumber())).click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/cases/" + fraud.id()));
        assertThat(pageText()).contains("Someone used my card").contains("fraud-with-proof")
                .contains("400 purchase credits granted").contains("Incident: Image generation queue stalled");
        assertThat(browser.findElements(By.cssSelector(".evidence img"))).extracting(e -> e.getAttribute("alt"))
                .containsExactlyInAnyOrder("screenshot: statement.png", "bank proof: card-statement.png");
        WebElement statement = browser.findElement(By.cssSelector("img[alt='bank proof: card-statement.png']"));
        assertThat(((Number) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].naturalWidth", statement)).intValue()).isEqualTo(360);
        assertThat(browser.findElement(By.id("remedy_amount_1")).getAttribute("value")).isEqualTo("29.90");
        assertThat(new Select(browser.findElement(By.id("remedy_type_1"))).getFirstSelectedOption().getText())
                .isEqualTo("refund");

        // the agent claims the case and leaves the team a note the customer never sees
        submit(browser.findElement(By.xpath("//button[normalize-space()='Claim this case']")));
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("The case is yours now."));
        assertThat(browser.findElement(By.id("assignee")).getText()).startsWith("the support key");
        browser.findElement(By.id("note-body")).sendKeys("Bank confirmed the card was reported stolen on the 27th.");
        submit(browser.findElement(By.xpath("//button[normalize-space()='Add note']")));
        waiting().until(d -> d.findElement(By.id("history")).getText().contains("Bank confirmed the card"));
        assertThat(browser.findElement(By.id("history")).getText()).contains("internal note by the support key");

        // the decision is previewed: money, credits, subscription, the customer's email; nothing recorded yet
        submit(browser.findElement(By.xpath("//button[normalize-space()='Preview decision']")));
        waiting().until(d -> !d.findElements(By.id("preview")).isEmpty());
        String money = browser.findElement(By.id("preview-money")).getText();
        String credits = browser.findElement(By.id("preview-credits")).getText();
        String previewedSubject = browser.findElement(By.cssSelector("#preview-email .preview-subject")).getText();
        String previewedBody = browser.findElement(By.cssSelector("#preview-email .preview-body")).getText();
        assertThat(money).isEqualTo("29.90 USD refunded to the charge bank-" + fraud.orderNumber() + " (manual)");
        assertThat(credits).startsWith("380 credits removed — purchase block");
        assertThat(previewedSubject).isEqualTo("Your refund request for order " + fraud.orderNumber() + " is approved");
        assertThat(previewedBody).doesNotContain("Bank confirmed the card");
        assertThat(api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey()).text("status"))
                .isEqualTo("in_review");
        screenshot("case", true);

        submit(browser.findElement(By.cssSelector("#confirm-form button[type=submit]")));
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("Approved."));
        assertThat(pageText()).contains("This case is approved by the support key");
        Api.Response approved = api.get("/v1/refund-requests/" + fraud.id(), tenant.supportKey());
        assertThat(api.get("/v1/refunds/" + approved.text("refund_id"), tenant.adminKey()).text("amount"))
                .isEqualTo("29.90");
        assertThat(api.get("/v1/accounts/" + approved.text("account_id") + "/balance", tenant.secretKey())
                .number("available")).as("the 380 credits the preview named are gone").isZero();

        browser.findElement(By.linkText("Review queue")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/queue"));
        browser.findElement(By.id("my-cases")).click();
        waiting().until(d -> d.getCurrentUrl().contains("assigned=me"));
        assertThat(browser.findElement(By.id("queue-results")).getText()).contains("1 case")
                .contains(fraud.orderNumber()).doesNotContain(quality.orderNumber());

        // the customer's email arrives (the sender job runs by hand in tests)
        Jobs.drain(sender::run);
        List<MimeMessage> received = Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(email);
            } catch (Exception e) {
                return false;
            }
        }).toList();
        assertThat(received).extracting(MimeMessage::getSubject).containsExactly(
                "We received your refund request for order " + fraud.orderNumber(),
                "Your refund request for order " + fraud.orderNumber() + " is approved");
        assertThat(normalised(plainText(received.get(1)))).as("the email the preview showed")
                .isEqualTo(normalised(previewedBody));

        browser.findElement(By.linkText("Policies")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/policies"));
        assertThat(pageText()).contains("The tenant applies exceptions-only");
        screenshot("policies");

        browser.findElement(By.linkText("Email outbox")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/outbox"));
        assertThat(pageText()).contains("Your refund request for order " + fraud.orderNumber() + " is approved");

        browser.findElement(By.linkText("Incidents")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/incidents"));
        assertThat(pageText()).contains("Image generation queue stalled").contains("the longest was 3 h,");
        browser.findElement(By.linkText("Disputes")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/disputes"));
        assertThat(pageText()).contains("bank-" + quality.orderNumber()).contains("product unacceptable");

        browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/console/sign-in?signed-out"));
        assertThat(pageText()).contains("You are signed out.");
    }
}
