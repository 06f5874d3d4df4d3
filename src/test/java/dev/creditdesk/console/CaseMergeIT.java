package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A duplicate request for one order is merged into another: through the API (the customer told
 * once, both histories, every refusal changing nothing) and through the console's confirmation.
 */
class CaseMergeIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmailSender sender;

    /** A second request by the same customer about the same order as {@code first}, in review. */
    private ConsoleCases.Case again(TestTenant tenant, ConsoleCases.Case first) {
        Api.Response again = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", first.email(),
                "order_number", first.orderNumber(), "purchase_date", api.get("/v1/refund-requests/" + first.id(),
                        tenant.supportKey()).text("purchase_date"),
                "category", "fraud", "reason", "Asking again: someone used my card.",
                "evidence_kinds", List.of("police_report")));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.text("status")).isEqualTo("in_review");
        return new ConsoleCases.Case(again.text("id"), first.email(), first.orderNumber());
    }

    private Map<String, String> snapshot(UUID tenantId) {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.columns
                        where table_schema = 'public' and column_name = 'tenant_id' order by table_name""")
                .query(String.class).list();
        Map<String, String> digest = new TreeMap<>();
        for (String table : tables) {
            digest.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '')"
                    + " from " + table + " t where tenant_id = :t").param("t", tenantId).query(String.class).single());
        }
        return digest;
    }

    private List<String> templates(TestTenant tenant, String requestId) {
        return api.get("/v1/outbox?refund_request_id=" + requestId, tenant.supportKey()).body().get("data")
                .findValuesAsString("template");
    }

    private List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void aDuplicateMergedThroughTheApiEndsMergedBothHistoriesSaySoAndTheCustomerIsToldOnce() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case primary = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case duplicate = again(tenant, primary);
        List<String> primaryMail = templates(tenant, primary.id());
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();

        Api.Response merged = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", primary.id(), "reason", "asked twice"));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.text("object")).isEqualTo("refund_request");
        assertThat(merged.text("status")).isEqualTo("merged");
        assertThat(merged.text("merged_into")).isEqualTo(primary.id());
        assertThat(api.get("/v1/refund-requests/" + primary.id(), tenant.supportKey()).text("status"))
                .isEqualTo("in_review");
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("refund_request.merged");
        assertThat(events.get(0).objectId()).isEqualTo(duplicate.id());

        Api.Response duplicateHistory = api.get("/v1/refund-requests/" + duplicate.id() + "/history",
                tenant.supportKey());
        assertThat(duplicateHistory.body().get("data").get(duplicateHistory.body().get("data").size() - 1)
                .get("to").asString()).isEqualTo("merged");
        assertThat(duplicateHistory.body().get("data").findValuesAsString("reason"))
                .contains("merged into " + primary.id() + ": asked twice");
        assertThat(api.get("/v1/refund-requests/" + primary.id() + "/history", tenant.supportKey()).body()
                .get("data").findValuesAsString("reason"))
                .contains("request " + duplicate.id() + " merged into this: asked twice");
        assertThat(api.get("/v1/refund-requests/" + duplicate.id() + "/history", tenant.supportKey()).body()
                .get("data").findValuesAsString("actor")).anyMatch(a -> a.startsWith("api_key:"));

        assertThat(templates(tenant, duplicate.id())).containsOnlyOnce("merged");
        assertThat(templates(tenant, primary.id())).as("nothing new on the other thread").isEqualTo(primaryMail);
        Jobs.drain(sender::run);
        List<MimeMessage> mergedMail = mailTo(duplicate.email()).stream().filter(m -> {
            try {
                return m.getSubject().contains("joined with another");
            } catch (Exception e) {
                return false;
            }
        }).toList();
        assertThat(mergedMail).hasSize(1);
        assertThat(GreenMailUtil.getBody(mergedMail.get(0))).contains(duplicate.id()).contains(primary.id())
                .contains("answer you there");

        // the merged one can be merged no more, nor anything into it
        Map<String, String> before = snapshot(tenant.id());
        Api.Response twice = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", primary.id()));
        assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
        assertThat(twice.errorField()).isEqualTo("id");
        Api.Response intoMerged = api.post("/v1/refund-requests/" + primary.id() + "/merge", tenant.adminKey(),
                Map.of("into", duplicate.id()));
        assertThat(intoMerged.status()).as(intoMerged.toString()).isEqualTo(409);
        assertThat(intoMerged.errorField()).isEqualTo("into");
        assertThat(snapshot(tenant.id())).isEqualTo(before);
    }

    @Test
    void mergesOfAnotherOrderADecidedRequestOrItselfAreRefusedAndChangeNothing() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case primary = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case duplicate = again(tenant, primary);
        ConsoleCases.Case other = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case decided = again(tenant, primary);
        assertThat(api.post("/v1/refund-requests/" + decided.id() + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "asked twice")).status()).isEqualTo(200);
        Map<String, String> before = snapshot(tenant.id());

        Api.Response otherOrder = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", other.id()));
        assertThat(otherOrder.status()).as(otherOrder.toString()).isEqualTo(422);
        assertThat(otherOrder.errorField()).isEqualTo("into");
        Api.Response intoDecided = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", decided.id()));
        assertThat(intoDecided.status()).as(intoDecided.toString()).isEqualTo(409);
        assertThat(intoDecided.errorField()).isEqualTo("into");
        Api.Response decidedOne = api.post("/v1/refund-requests/" + decided.id() + "/merge", tenant.supportKey(),
                Map.of("into", primary.id()));
        assertThat(decidedOne.status()).as(decidedOne.toString()).isEqualTo(409);
        assertThat(decidedOne.errorField()).isEqualTo("id");
        Api.Response self = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", duplicate.id()));
        assertThat(self.status()).as(self.toString()).isEqualTo(400);
        assertThat(self.errorField()).isEqualTo("into");
        Api.Response garbage = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                Map.of("into", "not-an-id"));
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
        assertThat(garbage.errorField()).isEqualTo("into");
        // an unknown target sorting before and after the request (the two are locked in id order)
        for (String unknownId : List.of("00000000-0000-0000-0000-000000000001", "ffffffff-ffff-ffff-ffff-ffffffffffff")) {
            Api.Response unknown = api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.supportKey(),
                    Map.of("into", unknownId));
            assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
            assertThat(unknown.errorField()).isEqualTo("into");
        }
        assertThat(api.post("/v1/refund-requests/" + duplicate.id() + "/merge", tenant.secretKey(),
                Map.of("into", primary.id())).status()).as("the product's secret key may not merge").isEqualTo(403);
        assertThat(snapshot(tenant.id())).isEqualTo(before);
    }

    @Test
    void theConsoleMergesAfterItsConfirmationAndShowsARefusalOnThePage() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case primary = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case duplicate = again(tenant, primary);
        ConsoleClient agent = new ConsoleClient(port);
        assertThat(agent.signIn(tenant.supportKey()).status()).isEqualTo(302);
        ConsoleClient.Page page = agent.get("/console/cases/" + primary.id());
        assertThat(page.text()).contains("into this one").contains("Merge this into the request received");

        Map<String, String> before = snapshot(tenant.id());
        ConsoleClient.Page confirm = agent.post("/console/cases/" + duplicate.id() + "/merge", Map.of(
                "_csrf", page.csrf(), "into", primary.id(), "from", primary.id()));
        assertThat(confirm.status()).as(confirm.toString()).isEqualTo(200);
        assertThat(confirm.text()).contains("What will happen").contains("Asking again: someone used my card.”) ends merged")
                .contains("One email goes to " + duplicate.email());
        assertThat(snapshot(tenant.id())).as("the confirmation page changed nothing").isEqualTo(before);

        ConsoleClient.Page done = agent.post("/console/cases/" + duplicate.id() + "/merge", Map.of(
                "_csrf", confirm.csrf(), "into", primary.id(), "from", primary.id(), "confirm", "yes"));
        assertThat(done.status()).as(done.toString()).isEqualTo(302);
        assertThat(done.location()).endsWith("/console/cases/" + primary.id());
        assertThat(api.get("/v1/refund-requests/" + duplicate.id(), tenant.supportKey()).text("status"))
                .isEqualTo("merged");
        ConsoleClient.Page primaryPage = agent.get("/console/cases/" + primary.id());
        assertThat(primaryPage.text()).contains("Merged: the request received").contains("Merged requests");
        assertThat(primaryPage.body()).contains("/console/cases/" + duplicate.id());
        assertThat(agent.get("/console/cases/" + duplicate.id()).body()).contains("id=\"merged-into\"");

        // merging it again is refused on the page, and changes nothing
        Map<String, String> merged = snapshot(tenant.id());
        ConsoleClient.Page refused = agent.post("/console/cases/" + duplicate.id() + "/merge", Map.of(
                "_csrf", primaryPage.csrf(), "into", primary.id(), "from", primary.id(), "confirm", "yes"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/console/cases/" + primary.id() + "#duplicates");
        assertThat(agent.get("/console/cases/" + primary.id()).text()).contains("is already merged").contains("Nothing was changed");
        assertThat(snapshot(tenant.id())).isEqualTo(merged);
    }
}
