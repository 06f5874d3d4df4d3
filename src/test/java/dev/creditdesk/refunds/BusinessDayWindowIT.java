package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A business-day window counts the tenant's holiday country when a refund request is evaluated:
 * the request facts carry the tenant's calendar. The two purchases sit on either side of the
 * boundary, as the calendar module counts it.
 */
class BusinessDayWindowIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String POLICY = """
            id: five-business-days
            version: "1"
            effective_from: 2020-01-01T00:00:00Z
            request_window: {business_days: 5, cite: "within 5 business days of the purchase"}
            review_sla_business_days: 2
            rules:
              - id: refund
                cite: "a full refund"
                when: "true"
                outcome: full_refund
                decide: automatic
            """;

    @Autowired
    BusinessCalendar calendar;

    @Test
    void theWindowClosesAtTheEndOfTheFifthBusinessDayOfTheTenantsCountry() {
        TestTenant tenant = newTenant(Map.of("timezone", "America/New_York", "holiday_country", "US"));
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true, "document", POLICY));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        UUID account = newAccount(tenant);

        LocalDate today = clock.instant().atZone(NEW_YORK).toLocalDate();
        LocalDate inside = null;
        LocalDate outside = null;
        for (int back = 1; back <= 30 && outside == null; back++) {
            LocalDate purchase = today.minusDays(back);
            LocalDate fifth = calendar.addBusinessDays(noon(purchase), 5, NEW_YORK, "US").atZone(NEW_YORK).toLocalDate();
            if (fifth.isBefore(today)) {
                outside = purchase;
            } else {
                inside = purchase;
            }
        }
        assertThat(inside).isNotNull();
        assertThat(outside).isEqualTo(inside.minusDays(1));

        assertThat(request(tenant, account, "B-1", inside).body().get("proposal").get("rule").asString())
                .isEqualTo("refund");
        Api.Response late = request(tenant, account, "B-2", outside);
        assertThat(late.body().get("proposal").get("rule").asString()).isEqualTo("request-window");
        assertThat(late.text("status")).isEqualTo("rejected");
    }

    private static Instant noon(LocalDate date) {
        return date.atTime(LocalTime.NOON).atZone(NEW_YORK).toInstant();
    }

    private Api.Response request(TestTenant tenant, UUID account, String orderNumber, LocalDate purchased) {
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", 100, "currency", "USD", "net", "10.00", "total", "10.00",
                "purchased_at", noon(purchased).toString(),
                "charge", Map.of("provider", "stripe", "transaction_id", "pi_" + orderNumber)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        Map<String, Object> body = new HashMap<>();
        body.put("email", "customer@example.com");
        body.put("order_number", orderNumber);
        body.put("purchase_date", purchased.toString());
        body.put("category", "change_of_mind");
        body.put("reason", "I would like my money back");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), body);
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request;
    }
}
