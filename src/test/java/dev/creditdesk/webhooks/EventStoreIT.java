package dev.creditdesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.incidents.IncidentDraft;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Events are recorded in the transaction that changed their resource, and read back from /v1/events. */
class EventStoreIT extends IntegrationTest {

    @Autowired
    Incidents incidents;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    JdbcClient jdbc;

    private String openIncident(TestTenant tenant, String title) {
        Api.Response created = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", title, "scope", "full",
                "started_at", clock.instant().minus(Duration.ofHours(2)).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void anIncidentOpenedAndClosedIsTwoEventsCarryingTheIncidentAsItsGetAnsweredThen() {
        TestTenant tenant = newTenant();
        String id = openIncident(tenant, "API down");
        JsonNode asOpened = api.get("/v1/incidents/" + id, tenant.secretKey()).body();
        Api.Response closed = api.post("/v1/incidents/" + id + "/close", tenant.supportKey(), Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

        Api.Response list = api.get("/v1/events", tenant.secretKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode data = list.body().get("data");
        assertThat(data).hasSize(2);
        JsonNode closedEvent = data.get(0);
        JsonNode openedEvent = data.get(1);
        assertThat(closedEvent.get("type").asString()).isEqualTo("incident.closed");
        assertThat(openedEvent.get("type").asString()).isEqualTo("incident.opened");
        assertThat(openedEvent.get("object").asString()).isEqualTo("event");
        assertThat(openedEvent.get("created").asString()).isEqualTo(clock.instant().toString());
        assertThat(openedEvent.get("data").get("object")).isEqualTo(asOpened);
        assertThat(closedEvent.get("data").get("object").get("status").asString()).isEqualTo("closed");
        assertThat(closedEvent.get("data").get("object")).isEqualTo(closed.body());

        Api.Response one = api.get("/v1/events/" + openedEvent.get("id").asString(), tenant.supportKey());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(openedEvent);
        // another tenant's key sees none of it
        TestTenant other = newTenant();
        assertThat(api.get("/v1/events/" + openedEvent.get("id").asString(), other.secretKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/events", other.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void theFeedFiltersByTypeAndObjectPagesAndReachesBackThirtyDays() {
        TestTenant tenant = newTenant();
        String first = openIncident(tenant, "first");
        String second = openIncident(tenant, "second");
        api.post("/v1/incidents/" + first + "/close", tenant.supportKey(), Map.of());

        assertThat(pageThrough("/v1/events?type=incident.opened", 1, tenant.secretKey())).hasSize(2);
        List<String> ofFirst = pageThrough("/v1/events?object_id=" + first, 1, tenant.adminKey());
        assertThat(ofFirst).hasSize(2);
        JsonNode onlySecond = api.get("/v1/events?object_id=" + second, tenant.secretKey()).body().get("data");
        assertThat(onlySecond).hasSize(1);
        assertThat(onlySecond.get(0).get("data").get("object").get("id").asString()).isEqualTo(second);

        Api.Response badType = api.get("/v1/events?type=incident.exploded", tenant.secretKey());
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.errorField()).isEqualTo("type");
        Api.Response unknownParameter = api.unvalidatedRequest().get("/v1/events?object=" + first, tenant.secretKey());
        assertThat(unknownParameter.status()).isEqualTo(400);

        clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertThat(api.get("/v1/events", tenant.secretKey()).body().get("data")).isEmpty();
        assertThat(api.get("/v1/events/" + ofFirst.get(0), tenant.secretKey()).status()).isEqualTo(404);
    }

    @Test
    void aChangeRolledBackLeavesNoEventAndNoDelivery() {
        TestTenant tenant = newTenant();
        Long[] insideTransaction = new Long[1];
        transactions.executeWithoutResult(tx -> {
            incidents.create(tenant.id(), new IncidentDraft("rolled back", null, "full", List.of(),
                    clock.instant().minus(Duration.ofHours(1)), null), "test");
            insideTransaction[0] = eventCount(tenant.id());
            tx.setRollbackOnly();
        });
        assertThat(insideTransaction[0]).as("the event is written in the changing transaction").isEqualTo(1);
        assertThat(eventCount(tenant.id())).isZero();
        assertThat(api.get("/v1/events", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void anEventOutsideATransactionOrForAResourceItsRendererCannotFindFailsLoudly() {
        TestTenant tenant = newTenant();
        String id = openIncident(tenant, "exists");
        assertThatThrownBy(() -> publisher.publishEvent(new ResourceChanged(tenant.id(), EventType.INCIDENT_CLOSED, id)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> publisher.publishEvent(
                new ResourceChanged(tenant.id(), EventType.INCIDENT_CLOSED, UUID.randomUUID().toString()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("incident");
        assertThat(eventCount(tenant.id())).isEqualTo(1);
    }

    private long eventCount(UUID tenantId) {
        return jdbc.sql("select count(*) from events where tenant_id = :t").param("t", tenantId).query(Long.class)
                .single();
    }
}
