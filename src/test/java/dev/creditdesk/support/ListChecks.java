package dev.creditdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks every cursor list shares: its order, and the cursors it refuses. */
public final class ListChecks {

    private ListChecks() {
    }

    /** The list's first page (up to 100) runs newest first by {@code timeField}. */
    public static void newestFirst(Api api, String query, String key, String timeField) {
        Api.Response page = api.get(query + (query.contains("?") ? "&" : "?") + "limit=100", key);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<Instant> times = new ArrayList<>();
        for (JsonNode item : page.body().get("data")) {
            times.add(Instant.parse(item.get(timeField).asString()));
        }
        assertThat(times).isNotEmpty().isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    /**
     * Each of {@code cursors} (another tenant's object, another list's object, not an id) is a 400
     * naming starting_after; so are a limit over 100 and an unknown parameter, each naming itself.
     */
    public static void refusesCursors(Api api, String query, String key, List<String> cursors) {
        for (String cursor : cursors) {
            Api.Response page = api.get(query + (query.contains("?") ? "&" : "?") + "starting_after=" + cursor, key);
            assertThat(page.status()).as(cursor + ": " + page).isEqualTo(400);
            assertThat(page.contentType()).startsWith("application/problem+json");
            assertThat(page.errorField()).isEqualTo("starting_after");
        }
        Api.Response tooMany = api.get(query + (query.contains("?") ? "&" : "?") + "limit=101", key);
        assertThat(tooMany.errorField()).isEqualTo("limit");
        Api.Response unknown = api.unvalidatedRequest().get(query + (query.contains("?") ? "&" : "?") + "acount_id=x", key);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("acount_id");
    }
}
