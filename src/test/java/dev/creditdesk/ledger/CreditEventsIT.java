package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the ledger and tasks announce: granted and restored blocks, expired holds, and nothing on the hot path. */
class CreditEventsIT extends IntegrationTest {

    @Autowired
    LedgerJobs ledgerJobs;

    @Test
    void aGrantAnnouncesItsBlockOnceAsGetAnswersItAndItsReplayNothing() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();
        Map<String, Object> body = Map.of("account_id", account, "credits", 250, "source", "gift", "reason", "welcome");
        Api.Response granted = api.post("/v1/credit-grants", tenant.secretKey(), body, Map.of("Idempotency-Key", "g-1"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        Api.Response replayed = api.post("/v1/credit-grants", tenant.secretKey(), body, Map.of("Idempotency-Key", "g-1"));
        assertThat(replayed.body()).isEqualTo(granted.body());

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.granted");
        assertThat(events.get(0).object()).isEqualTo(granted.body());
        feed.assertLatestMatchGet(events);
    }

    @Test
    void reservingCompletingAndFailingTasksAnnounceNothing() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();
        String completed = reserve(tenant, account, 30).text("id");
        assertThat(api.post("/v1/tasks/" + completed + "/complete", tenant.secretKey(), Map.of("credits", 20))
                .status()).isEqualTo(200);
        String failed = reserve(tenant, account, 30).text("id");
        assertThat(api.post("/v1/tasks/" + failed + "/fail", tenant.secretKey(), Map.of()).status()).isEqualTo(200);
        assertThat(available(tenant, account)).isEqualTo(80);
        assertThat(feed.typesSince(mark)).isEmpty();
    }

    @Test
    void restoringAFailedTasksCreditsAnnouncesTheBlockTheyWentBackTo() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String block = grant(tenant, account, 100).text("id");
        String task = reserve(tenant, account, 40).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of());
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();

        Api.Response restored = api.post("/v1/tasks/" + task + "/restore", tenant.supportKey(),
                Map.of("reason", "the video came out black"));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(api.post("/v1/tasks/" + task + "/restore", tenant.supportKey(),
                Map.of("reason", "again")).status()).isEqualTo(409);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("credits.restored");
        assertThat(events.get(0).objectId()).isEqualTo(block);
        assertThat(events.get(0).object().get("available").asLong()).isEqualTo(100);
        feed.assertLatestMatchGet(events);
    }

    @Test
    void aHoldThatOutlivesItsTtlAnnouncesItsTaskExpired() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Api.Response task = api.post("/v1/tasks", tenant.secretKey(),
                Map.of("account_id", account, "credits", 60, "ttl_seconds", 60));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        EventFeed feed = new EventFeed(api, tenant.secretKey());
        EventFeed.Mark mark = feed.mark();

        clock.advance(Duration.ofSeconds(61));
        Jobs.drain(ledgerJobs::expireHolds);

        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("task.hold_expired");
        assertThat(events.get(0).objectId()).isEqualTo(task.text("id"));
        assertThat(events.get(0).object().get("status").asString()).isEqualTo("expired");
        feed.assertLatestMatchGet(events);
    }
}
