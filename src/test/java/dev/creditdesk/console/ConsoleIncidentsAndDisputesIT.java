package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incidents and disputes pages, and both in a case's timeline. */
class ConsoleIncidentsAndDisputesIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestTenant tenant;
    private ConsoleCases.Case fraud;
    private ConsoleClient support;

    @BeforeEach
    void signedIn() {
        tenant = newTenant("exceptions-only", Map.of());
        fraud = ConsoleCases.fraudClaim(api, tenant, clock);
        support = new ConsoleClient(port);
        assertThat(support.signIn(tenant.supportKey()).status()).isEqualTo(302);
    }

    private static String local(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MINUTES), NEW_YORK).toString();
    }

    private int incidents() {
        return api.get("/v1/incidents", tenant.supportKey()).body().get("data").size();
    }

    @Test
    void anIncidentIsRecordedAndClosedFromThePageAndBadTimesChangeNothing() {
        ConsoleClient.Page page = support.get("/console/incidents");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Record an incident");
        Instant now = clock.instant();

        ConsoleClient.Page backwards = support.post("/console/incidents", Map.of("_csrf", page.csrf(),
                "title", "Queue stalled", "scope", "full", "features", "", "description", "",
                "startedAt", local(now.minus(Duration.ofHours(2))), "endedAt", local(now.minus(Duration.ofHours(3)))));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.text()).contains("The incident was not recorded");
        assertThat(backwards.body()).as("the form comes back as typed").contains("value=\"Queue stalled\"");
        ConsoleClient.Page noStart = support.post("/console/incidents", Map.of("_csrf", page.csrf(),
                "title", "Queue stalled", "scope", "full", "startedAt", "", "endedAt", ""));
        assertThat(noStart.status()).isEqualTo(400);
        assertThat(noStart.text()).contains("Say when it started");
        assertThat(incidents()).isZero();

        ConsoleClient.Page created = support.post("/console/incidents", Map.of("_csrf", page.csrf(),
                "title", "Queue stalled", "scope", "full", "features", "generate", "description", "workers stuck",
                "startedAt", local(now.minus(Duration.ofHours(2))), "endedAt", ""));
        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        ConsoleClient.Page listed = support.get("/console/incidents");
        assertThat(listed.text()).contains("Recorded “Queue stalled”, ongoing.").contains("Close now");
        String id = api.get("/v1/incidents", tenant.supportKey()).body().get("data").get(0).get("id").asString();

        ConsoleClient.Page asked = support.post("/console/incidents/" + id + "/close", Map.of("_csrf", listed.csrf()));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).contains("Close “Queue stalled” now?").contains("after 2 h")
                .contains("No outage compensation: the tenant's outage compensation is off");
        assertThat(api.get("/v1/incidents/" + id, tenant.supportKey()).text("status")).isEqualTo("ongoing");
        ConsoleClient.Page closed = support.post("/console/incidents/" + id + "/close",
                Map.of("_csrf", listed.csrf(), "confirm", "yes"));
        assertThat(closed.status()).isEqualTo(302);
        assertThat(support.get("/console/incidents").text()).contains("Closed “Queue stalled” after 2 h");
        assertThat(api.get("/v1/incidents/" + id, tenant.supportKey()).text("status")).isEqualTo("closed");
        // the case's timeline shows the outage, since the account's order is older
        assertThat(support.get("/console/cases/" + fraud.id()).text()).contains("Incident: Queue stalled");
    }

    @Test
    void onlyAnAdminChangesOutageCompensationAndBadValuesAreNamed() {
        ConsoleClient.Page page = support.get("/console/incidents");
        ConsoleClient.Page refused = support.post("/console/incidents/compensation-settings", Map.of("_csrf",
                page.csrf(), "mode", "credits", "thresholdHours", "2", "credits", "50", "creditExpiryDays", ""));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("needs an admin key").contains("Nothing was changed");
        assertThat(api.get("/v1/outage-compensation", tenant.adminKey()).text("mode")).isEqualTo("none");

        ConsoleClient admin = new ConsoleClient(port);
        assertThat(admin.signIn(tenant.adminKey()).status()).isEqualTo(302);
        String csrf = admin.get("/console/incidents").csrf();
        ConsoleClient.Page noCredits = admin.post("/console/incidents/compensation-settings", Map.of("_csrf", csrf,
                "mode", "credits", "thresholdHours", "2", "credits", "", "creditExpiryDays", ""));
        assertThat(noCredits.status()).isEqualTo(400);
        assertThat(noCredits.text()).contains("The setting was not changed").contains("credits is required");
        assertThat(api.get("/v1/outage-compensation", tenant.adminKey()).text("mode")).isEqualTo("none");

        ConsoleClient.Page saved = admin.post("/console/incidents/compensation-settings", Map.of("_csrf", csrf,
                "mode", "credits", "thresholdHours", "2", "credits", "50", "creditExpiryDays", "30"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(api.get("/v1/outage-compensation", tenant.adminKey()).text("threshold_hours")).isEqualTo("2");
        // a three-hour outage closed from the page now compensates the case's account
        Instant now = clock.instant();
        ConsoleClient.Page created = admin.post("/console/incidents", Map.of("_csrf", csrf, "title", "Queue stalled",
                "scope", "full", "startedAt", local(now.minus(Duration.ofHours(3))), "endedAt", ""));
        assertThat(created.status()).isEqualTo(302);
        assertThat(admin.get("/console/incidents").text()).contains("Recorded “Queue stalled”, ongoing.")
                .contains("credits for full incidents longer than 2 h");
        String id = api.get("/v1/incidents", tenant.supportKey()).body().get("data").get(0).get("id").asString();
        assertThat(admin.post("/console/incidents/" + id + "/close", Map.of("_csrf", csrf)).text())
                .contains("1 affected account(s) each get 50 credits, expiring 30 days later, at once");
        admin.post("/console/incidents/" + id + "/close", Map.of("_csrf", csrf, "confirm", "yes"));
        assertThat(admin.get("/console/incidents").text()).contains("1 affected account(s) compensated")
                .contains("1 account(s), credits");
    }

    @Test
    void theQueuePagesAHundredCasesAtATime() {
        ConsoleCases.Case quality = ConsoleCases.claim(api, tenant, clock, "sam@example.com", "quality",
                "six fingers", java.util.List.of());
        String purchaseDate = api.get("/v1/refund-requests/" + quality.id(), tenant.supportKey()).text("purchase_date");
        for (int i = 0; i < 99; i++) {
            assertThat(api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "sam@example.com",
                    "order_number", quality.orderNumber(), "purchase_date", purchaseDate, "category", "quality",
                    "reason", "again " + i)).status()).isEqualTo(201);
        }
        // 101 cases in review: the fraud claim and 100 about quality
        ConsoleClient.Page first = support.get("/console/queue");
        assertThat(first.text()).contains("100 cases").contains("page 1, 100 a page").contains("Next page")
                .doesNotContain("Previous page");
        ConsoleClient.Page second = support.get("/console/queue?status=in_review&page=2");
        assertThat(second.text()).contains("1 case , soonest due first (page 2").contains("Previous page")
                .doesNotContain("Next page");
        assertThat(support.get("/console/queue?page=abc").text()).contains("(page 1, 100 a page)");
    }

    @Test
    void aDisputeIsSeenWithWhatItSuspendedAndItsAnswerRecorded() {
        String transaction = "bank-" + fraud.orderNumber();
        // the customer asked first, so this chargeback links the request and suspends nothing
        clock.advance(Duration.ofMinutes(1));
        Api.Response opened = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", transaction,
                "reason", "fraudulent"));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        ConsoleClient.Page page = support.get("/console/disputes");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains(transaction).contains("after a refund request").contains("nothing");
        assertThat(support.get("/console/cases/" + fraud.id()).text()).contains("Chargeback 29.90 USD (fraudulent): open");

        ConsoleClient.Page asked = support.post("/console/disputes/" + opened.text("id") + "/status",
                Map.of("_csrf", page.csrf(), "status", "won"));
        assertThat(asked.text()).contains("Record the dispute as won?")
                .contains("It suspended nothing that is still in force, so nothing is lifted.");
        assertThat(api.get("/v1/disputes/" + opened.text("id"), tenant.supportKey()).text("outcome")).isEqualTo("open");
        ConsoleClient.Page won = support.post("/console/disputes/" + opened.text("id") + "/status",
                Map.of("_csrf", page.csrf(), "status", "won", "confirm", "yes"));
        assertThat(won.status()).isEqualTo(302);
        assertThat(api.get("/v1/disputes/" + opened.text("id"), tenant.supportKey()).text("outcome")).isEqualTo("won");

        // a stale form: the dispute was closed meanwhile; another outcome is refused and nothing changes
        ConsoleClient.Page refused = support.post("/console/disputes/" + opened.text("id") + "/status",
                Map.of("_csrf", page.csrf(), "status", "lost"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("already won").contains("Nothing was changed");
        assertThat(api.get("/v1/orders?order_number=" + fraud.orderNumber(), tenant.supportKey()).text("status"))
                .isNotEqualTo("charged_back");
    }
}
