package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Saved filters on the review queue: saved for the person or key signed in, listed above the queue
 * as links that open it with those filters, deleted by their owner only; a name missing, too long
 * or already used is named next to the field and nothing is saved.
 */
class ConsoleSavedFiltersIT extends IntegrationTest {

    private static final Pattern DELETE = Pattern.compile("/console/queue/filters/([0-9a-f-]{36})/delete");

    @Autowired
    JdbcClient jdbc;

    private ConsoleClient signedIn(String key) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(key).status()).isEqualTo(302);
        return browser;
    }

    private static Map<String, String> form(String csrf, String name, String status, String assigned) {
        return Map.of("_csrf", csrf, "name", name, "status", status, "reason", "", "assigned", assigned,
                "overdue", "");
    }

    private int kept(TestTenant tenant) {
        return jdbc.sql("select count(*) from console_saved_filters where tenant_id = :t").param("t", tenant.id())
                .query(Integer.class).single();
    }

    /** The href of the saved filter's link called {@code name} on the queue, as a browser would follow it. */
    private static String link(ConsoleClient.Page queue, String name) {
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\">" + Pattern.quote(name) + "</a>").matcher(queue.body());
        assertThat(m.find()).as("a link named " + name + " in " + queue.body()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void aFilterIsSavedListedOpenedAndDeletedByItsOwnerOnly() {
        TestTenant tenant = newTenant("exceptions-only", Map.of("timezone", "America/New_York"));
        ConsoleCases.Case first = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleCases.Case second = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleClient agent = signedIn(tenant.supportKey());
        String csrf = agent.get("/console/queue").csrf();
        String claimedId = agent.post("/console/queue/next", Map.of("_csrf", csrf)).location();
        ConsoleCases.Case mine = claimedId.endsWith(first.id()) ? first : second;
        ConsoleCases.Case other = mine == first ? second : first;
        assertThat(agent.get("/console/queue").body()).as("nothing saved yet").doesNotContain("Your saved filters")
                .contains("Save this filter");

        // save: the queue's current filters, under a name, for the support key
        ConsoleClient.Page saved = agent.post("/console/queue/filters", form(csrf, " My open work ", "any", "me"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(302);
        assertThat(saved.location()).contains("/console/queue?status=any&assigned=me");
        assertThat(jdbc.sql("select owner || ' ' || name || ' ' || query from console_saved_filters where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).single())
                .matches("api_key:[0-9a-f-]{36} My open work status=any&assigned=me");

        // list and open: the link shows exactly the filtered cases
        ConsoleClient.Page queue = agent.get("/console/queue");
        assertThat(queue.text()).contains("Your saved filters");
        ConsoleClient.Page opened = agent.get(link(queue, "My open work"));
        assertThat(opened.text()).contains("1 case ").contains(mine.orderNumber()).doesNotContain(other.orderNumber());
        assertThat(agent.get("/console/queue?assigned=unassigned").text()).contains(other.orderNumber())
                .doesNotContain(mine.orderNumber());

        // unknown values are not kept: the queue's own reading of them is
        assertThat(agent.post("/console/queue/filters", Map.of("_csrf", csrf, "name", "Odd", "status", "bogus",
                "reason", "<script>", "assigned", "everyone", "overdue", "yes", "page", "7")).status()).isEqualTo(302);
        assertThat(jdbc.sql("select query from console_saved_filters where tenant_id = :t and name = 'Odd'")
                .param("t", tenant.id()).query(String.class).single()).isEqualTo("status=any");

        // mistakes: named next to the field, nothing saved
        int before = kept(tenant);
        for (List<String> mistake : List.of(List.of("  ", "Give the filter a name."),
                List.of("x".repeat(61), "The name is too long: at most 60 characters."),
                List.of("My open work", "You already have a filter named “My open work”."))) {
            ConsoleClient.Page refused = agent.post("/console/queue/filters", form(csrf, mistake.get(0), "any", ""));
            assertThat(refused.status()).as(mistake.get(1)).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"filter-name-error\"").contains("aria-invalid=\"true\"");
            assertThat(refused.text()).contains(mistake.get(1));
        }
        assertThat(kept(tenant)).isEqualTo(before);
        assertThat(agent.post("/console/queue/filters", form(csrf, "x".repeat(60), "in_review", "")).status())
                .as("60 characters are enough").isEqualTo(302);

        // another owner (the admin key) sees none of them, cannot delete them, and may use the same name
        ConsoleClient admin = signedIn(tenant.adminKey());
        ConsoleClient.Page adminQueue = admin.get("/console/queue");
        assertThat(adminQueue.text()).doesNotContain("My open work").doesNotContain("Your saved filters");
        Matcher ids = DELETE.matcher(agent.get("/console/queue").body());
        assertThat(ids.find()).isTrue();
        String someId = ids.group(1);
        int all = kept(tenant);
        ConsoleClient.Page foreign = admin.post("/console/queue/filters/" + someId + "/delete",
                Map.of("_csrf", adminQueue.csrf()));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(kept(tenant)).isEqualTo(all);
        assertThat(admin.post("/console/queue/filters/not-an-id/delete", Map.of("_csrf", adminQueue.csrf())).status())
                .isEqualTo(404);
        assertThat(admin.post("/console/queue/filters", form(adminQueue.csrf(), "My open work", "any", "me")).status())
                .isEqualTo(302);
        ConsoleClient.Page adminOpened = admin.get(link(admin.get("/console/queue"), "My open work"));
        assertThat(adminOpened.text()).as("'me' is the admin key, who has no case").contains("0 cases");

        // delete: the owner's own, gone from the list and the table; the admin's stays
        String mineId = idOf(agent.get("/console/queue"), "My open work");
        ConsoleClient.Page deleted = agent.post("/console/queue/filters/" + mineId + "/delete", Map.of("_csrf", csrf));
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(agent.get("/console/queue").text()).doesNotContain("My open work").contains("Odd");
        assertThat(admin.get("/console/queue").text()).contains("My open work");
        assertThat(agent.post("/console/queue/filters/" + mineId + "/delete", Map.of("_csrf", csrf)).status())
                .as("already gone").isEqualTo(404);
    }

    /** The id in the delete form that follows the saved filter's link called {@code name}. */
    private static String idOf(ConsoleClient.Page queue, String name) {
        Matcher m = Pattern.compile(">" + Pattern.quote(name) + "</a>\\s*<form action=\"[^\"]*?/console/queue/filters/([0-9a-f-]{36})/delete\"")
                .matcher(queue.body());
        assertThat(m.find()).as(queue.body()).isTrue();
        return m.group(1);
    }
}
