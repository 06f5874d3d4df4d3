package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulations;
import dev.creditdesk.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Simulating a draft from the policies page over HTTP: the simulation's page while it runs (it
 * polls) and when it has finished or failed, what support and admins are offered, the CSRF token,
 * another tenant's simulation, and bad input that comes back with its mistake and queues nothing.
 */
class ConsoleSimulationIT extends IntegrationTest {

    private static final Pattern SIMULATION_URL = Pattern.compile("/console/policies/simulations/([0-9a-f-]{36})$");

    @Autowired
    PolicySimulations simulations;

    @Autowired
    JdbcClient jdbc;

    private ConsoleClient signedIn(String key) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(key).status()).isEqualTo(302);
        return browser;
    }

    private int simulationsOf(TestTenant tenant) {
        return api.get("/v1/policies/tiered-usage/simulations", tenant.supportKey()).body().get("data").size();
    }

    private Map<String, String> form(String csrf, String document, String... more) {
        Map<String, String> fields = new HashMap<>(Map.of("_csrf", csrf, "document", document));
        for (int i = 0; i < more.length; i += 2) {
            fields.put(more[i], more[i + 1]);
        }
        return fields;
    }

    @Test
    void supportSimulatesADraftAndReadsWhatWouldChangeAndOnlyAnAdminIsOfferedToPublishIt() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        List<String> changed = SimulationCases.threeRequests(api, tenant, clock);
        ConsoleClient support = signedIn(tenant.supportKey());
        ConsoleClient.Page policies = support.get("/console/policies");
        assertThat(policies.body()).contains("formaction=\"/console/policies/simulate\"").contains("No simulation of");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("America/New_York"));
        assertThat(policies.body()).as("the last 90 days by default")
                .contains("name=\"from\" type=\"date\" value=\"" + today.minusDays(90) + "\"")
                .contains("name=\"to\" type=\"date\" value=\"" + today + "\"");

        ConsoleClient.Page queued = support.post("/console/policies/simulate",
                form(policies.csrf(), SimulationCases.fivePercentDraft(), "from", today.minusDays(90).toString(),
                        "to", today.toString()));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(302);
        Matcher url = SIMULATION_URL.matcher(queued.location());
        assertThat(url.find()).as(queued.location()).isTrue();
        UUID id = UUID.fromString(url.group(1));
        PolicySimulation done = SimulationCases.finished(simulations, tenant.id(), id);
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(PolicySimulation.Status.SUCCEEDED);
        assertThat(done.createdBy()).startsWith("api_key:");

        ConsoleClient.Page page = support.get("/console/policies/simulations/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-status=\"succeeded\"").doesNotContain("hx-trigger=\"every 1s\"")
                .doesNotContain("<progress");
        assertThat(page.text()).contains("Simulation of tiered-usage " + SimulationCases.DRAFT_VERSION)
                .contains("3 cases replayed").contains("2 decided otherwise").contains("0 could not be replayed")
                .contains("USD 89.70 84.77 -4.93 USD")
                .contains("full refund (full-refund) partial refund (proportional-refund) 2")
                .contains("full refund 29.90 · full-refund · 370 credits removed")
                .contains("partial refund 27.66 · proportional-refund · 370 credits removed -2.24 USD")
                .contains("partial refund 27.21 · proportional-refund · 364 credits removed -2.69 USD");
        assertThat(page.body()).contains("id=\"money-difference-USD\">-4.93 USD<")
                .contains("href=\"/console/cases/" + changed.get(0) + "\"")
                .contains("href=\"/console/cases/" + changed.get(1) + "\"")
                .contains("<svg class=\"chart\"").contains("aria-label=\"Cases by rule, before and after\"")
                .contains("<title>full-refund before: 3</title>").contains("<title>full-refund after: 1</title>")
                .contains("<title>proportional-refund after: 2</title>")
                .doesNotContain("id=\"next-page\"");
        assertThat(page.body()).as("support is not offered to publish")
                .doesNotContain("action=\"/console/policies/publish\"").doesNotContain("Publish this version")
                .contains("An admin publishes a version.");

        // the changes' cursor: after the first changed case listed, only the other
        Matcher first = Pattern.compile("class=\"changed-case\" href=\"/console/cases/([^\"]+)\"").matcher(page.body());
        assertThat(first.find()).isTrue();
        String firstListed = first.group(1);
        String other = changed.get(0).equals(firstListed) ? changed.get(1) : changed.get(0);
        ConsoleClient.Page after = support.get("/console/policies/simulations/" + id + "?starting_after=" + firstListed);
        assertThat(after.body()).doesNotContain("href=\"/console/cases/" + firstListed + "\"")
                .contains("href=\"/console/cases/" + other + "\"").contains("First page");

        // the polled fragment of a finished simulation polls no more
        ConsoleClient.Page status = support.get("/console/policies/simulations/" + id + "/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().strip()).startsWith("<div id=\"simulation\"").contains("data-status=\"succeeded\"")
                .doesNotContain("hx-get").doesNotContain("<html");

        assertThat(support.get("/console/policies").body()).as("listed on the policies page")
                .contains("href=\"/console/policies/simulations/" + id + "\"").contains("2 of 3");

        ConsoleClient admin = signedIn(tenant.adminKey());
        ConsoleClient.Page asAdmin = admin.get("/console/policies/simulations/" + id);
        assertThat(asAdmin.body()).contains("action=\"/console/policies/publish\"").contains("Publish this version");
        assertThat(asAdmin.text()).contains("version: \"" + SimulationCases.DRAFT_VERSION + "\"");
        assertThat(admin.get("/console/policies/simulations/" + id + "/status").body())
                .as("the form swapped in by the poll carries the session's token")
                .contains("action=\"/console/policies/publish\"").contains("name=\"_csrf\"");
        ConsoleClient.Page published = admin.post("/console/policies/publish",
                form(asAdmin.csrf(), SimulationCases.fivePercentDraft()));
        assertThat(published.status()).as(published.toString()).isEqualTo(302);
        assertThat(api.get("/v1/policies/tiered-usage", tenant.adminKey()).body().toString())
                .contains(SimulationCases.DRAFT_VERSION);
    }

    @Test
    void aRunningSimulationShowsItsProgressAndPollsAndAFailedOneSaysWhy() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        UUID running = insert(tenant, "running", 40L, 120L, null);
        UUID failed = insert(tenant, "failed", 0L, null, "The simulation could not finish: the database went away");
        ConsoleClient support = signedIn(tenant.supportKey());

        ConsoleClient.Page page = support.get("/console/policies/simulations/" + running);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-status=\"running\"")
                .contains("hx-get=\"/console/policies/simulations/" + running + "/status\"")
                .contains("hx-trigger=\"every 1s\"").contains("hx-swap=\"outerHTML\"")
                .contains("<progress id=\"progress\" value=\"40\" max=\"120\"")
                .doesNotContain("Publish this version").doesNotContain("svg");
        assertThat(page.text()).contains("Replaying").contains("40 of about 120");

        jdbc.sql("update policy_simulations set processed = 90 where tenant_id = :t and id = :id")
                .param("t", tenant.id()).param("id", running).update();
        ConsoleClient.Page status = support.get("/console/policies/simulations/" + running + "/status");
        assertThat(status.body().strip()).startsWith("<div id=\"simulation\"").contains("hx-trigger=\"every 1s\"")
                .contains("value=\"90\" max=\"120\"");
        assertThat(status.text()).contains("90 of about 120");

        ConsoleClient.Page broken = support.get("/console/policies/simulations/" + failed);
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).contains("data-status=\"failed\"").doesNotContain("hx-trigger");
        assertThat(broken.text()).contains("The simulation failed. The simulation could not finish: the database went away");
    }

    @Test
    void anotherTenantsSimulationIsNotFoundAndNeitherIsAnUnknownOne() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        UUID theirs = insert(tenant, "failed", 0L, null, "stopped");
        ConsoleClient other = signedIn(newTenant("tiered-usage", Map.of()).supportKey());
        for (String path : List.of("/console/policies/simulations/" + theirs,
                "/console/policies/simulations/" + theirs + "/status",
                "/console/policies/simulations/" + UUID.randomUUID(), "/console/policies/simulations/not-an-id")) {
            ConsoleClient.Page page = other.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.text()).as(path).contains("Not found").doesNotContain("stopped");
        }
        ConsoleClient owner = signedIn(tenant.supportKey());
        assertThat(owner.get("/console/policies/simulations/" + theirs).status()).isEqualTo(200);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedAndNothingIsSimulated() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        ConsoleClient support = signedIn(tenant.supportKey());
        support.get("/console/policies");
        ConsoleClient.Page refused = support.post("/console/policies/simulate",
                Map.of("document", SimulationCases.fivePercentDraft()));
        assertThat(refused.status()).isEqualTo(403);
        ConsoleClient.Page forged = support.post("/console/policies/simulate",
                Map.of("_csrf", "forged", "document", SimulationCases.fivePercentDraft()));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(simulationsOf(tenant)).isZero();
    }

    @Test
    void badInputComesBackOnThePoliciesPageWithTheMistakeAndNothingIsSimulated() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        ConsoleClient support = signedIn(tenant.supportKey());
        String csrf = support.get("/console/policies").csrf();
        String draft = SimulationCases.fivePercentDraft();

        ConsoleClient.Page notADate = support.post("/console/policies/simulate",
                form(csrf, draft, "from", "2026-13-01", "to", "yesterday"));
        assertThat(notADate.status()).isEqualTo(422);
        assertThat(notADate.body()).contains("id=\"sim-from-error\">must be a date like 2026-12-04<")
                .contains("id=\"sim-to-error\">must be a date like 2026-12-04<")
                .contains("value=\"2026-13-01\"").contains("value=\"yesterday\"")
                .contains("aria-invalid=\"true\"");
        assertThat(notADate.text()).contains("Nothing was simulated; correct the fields marked.")
                .as("the draft as typed").contains("decimal(\"0.05\")");

        ConsoleClient.Page backwards = support.post("/console/policies/simulate",
                form(csrf, draft, "from", "2026-06-02", "to", "2026-06-01"));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.body()).contains("id=\"sim-to-error\">must be on or after the first day (2026-06-02)<");

        ConsoleClient.Page tooLong = support.post("/console/policies/simulate",
                form(csrf, draft, "from", "2020-01-01", "to", "2026-06-01"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"sim-from-error\">must be at most 1098 days before to<");

        ConsoleClient.Page badDay = support.post("/console/policies/simulate",
                form(csrf, draft, "orders_category", "change_of_mind", "orders_day", "soon"));
        assertThat(badDay.status()).isEqualTo(422);
        assertThat(badDay.body()).contains("id=\"orders-day-error\">must be a whole number of days from 0 to 3650<");

        ConsoleClient.Page dayAlone = support.post("/console/policies/simulate", form(csrf, draft, "orders_day", "3"));
        assertThat(dayAlone.status()).isEqualTo(422);
        assertThat(dayAlone.body()).contains("id=\"orders-category-error\"");

        ConsoleClient.Page unknownCategory = support.post("/console/policies/simulate",
                form(csrf, draft, "orders_category", "boredom", "orders_day", "3"));
        assertThat(unknownCategory.status()).isEqualTo(400);
        assertThat(unknownCategory.body()).contains("id=\"orders-category-error\">is not a category of tiered-usage");

        ConsoleClient.Page broken = support.post("/console/policies/simulate",
                form(csrf, draft.replace("outcome: partial_refund", "outcome: maybe")));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.text()).contains("The document has problems; nothing was simulated.").contains("problem(s)");

        ConsoleClient.Page empty = support.post("/console/policies/simulate", form(csrf, ""));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.text()).contains("Paste a policy document to check.");

        assertThat(simulationsOf(tenant)).isZero();
    }

    /** A simulation in a given state, written as the runner would leave it (no runner claims what is not queued). */
    private UUID insert(TestTenant tenant, String status, long processed, Long total, String error) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into policy_simulations (tenant_id, id, policy_id, version, document, received_from,
                            received_to, status, processed, total, error, created_by, created_at, started_at,
                            heartbeat_at, finished_at)
                        values (:t, :id, 'tiered-usage', :v, :doc, :from, :now, :status, :processed, :total, :error,
                                'system:test', :now, :now, :now, :finished)""")
                .param("t", tenant.id()).param("id", id).param("v", SimulationCases.DRAFT_VERSION)
                .param("doc", SimulationCases.fivePercentDraft())
                .param("from", Timestamp.from(clock.instant().minus(Duration.ofDays(90)))).param("now", now)
                .param("status", status).param("processed", processed).param("total", total, java.sql.Types.BIGINT)
                .param("error", error, java.sql.Types.VARCHAR)
                .param("finished", "failed".equals(status) ? now : null, java.sql.Types.TIMESTAMP).update();
        return id;
    }
}
