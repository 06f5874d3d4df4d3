package dev.creditdesk.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import dev.creditdesk.webhooks.internal.WebhookSender;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks delivered to a real HTTP receiver (WireMock): signed per Standard Webhooks (checked by
 * the verifier below, written from the specification), retried, ordered per object, redelivered,
 * and the endpoint disabled after persistent failure.
 */
class WebhookDeliveryIT extends IntegrationTest {

    static WireMockServer receiver;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebhookSender sender;
    @Autowired
    EmailSender emails;
    @Autowired
    WebhookSettings settings;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
        // a cold receiver can take longer than the sender's timeout to answer its first request
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receiver.baseUrl() + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    record Endpoint(String id, String secret, String path) {
    }

    private Endpoint endpoint(TestTenant tenant, List<String> events) {
        String path = "/hooks/" + UUID.randomUUID();
        Api.Response created = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                Map.of("url", receiver.baseUrl() + path, "enabled_events", events, "description", "test receiver"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Endpoint(created.text("id"), created.text("secret"), path);
    }

    private void answer(Endpoint endpoint, int status) {
        receiver.stubFor(post(urlEqualTo(endpoint.path())).willReturn(aResponse().withStatus(status)));
    }

    private String openIncident(TestTenant tenant, String title) {
        Api.Response created = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", title, "scope", "full",
                "started_at", clock.instant().minus(Duration.ofHours(1)).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    private List<LoggedRequest> received(Endpoint endpoint) {
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo(endpoint.path())));
        return requests.stream().sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate())).toList();
    }

    private static JsonNode body(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString());
    }

    private JsonNode deliveries(TestTenant tenant, Endpoint endpoint) {
        Api.Response list = api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", tenant.adminKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.body().get("data");
    }

    /**
     * Standard Webhooks verification, from the specification: HMAC-SHA256 keyed with the base64
     * after {@code whsec_}, over {@code id.timestamp.body}, compared with each {@code v1,} signature.
     */
    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader)
            throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = Base64.getEncoder().encode(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        for (String signature : signatureHeader.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.US_ASCII), expected)) {
                return true;
            }
        }
        return false;
    }

    private static boolean verifies(String secret, LoggedRequest request) throws Exception {
        return verifies(secret, request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getBodyAsString(), request.getHeader("webhook-signature"));
    }

    @Test
    void theTestVerifierAcceptsTheSpecificationsTestVectorAndNothingElse() throws Exception {
        assertThat(verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}", "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isTrue();
        assertThat(verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331",
                "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isFalse();
    }

    @Test
    void anEventIsDeliveredAfterCommitSignedWithTheEndpointsSecretAndLogged() throws Exception {
        TestTenant tenant = newTenant();
        Endpoint endpoint = endpoint(tenant, List.of("incident.opened"));
        assertThat(endpoint.secret()).matches("whsec_[A-Za-z0-9+/]{43}=");
        answer(endpoint, 204);
        String incident = openIncident(tenant, "API down");
        api.post("/v1/incidents/" + incident + "/close", tenant.supportKey(), Map.of());
        assertThat(received(endpoint)).as("nothing is sent before the sender runs").isEmpty();

        Jobs.drain(sender::run);

        List<LoggedRequest> requests = received(endpoint);
        assertThat(requests).as("incident.closed is not among the endpoint's events").hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(verifies(endpoint.secret(), request)).isTrue();
        assertThat(verifies(endpoint.secret(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getBodyAsString() + " ", request.getHeader("webhook-signature"))).isFalse();
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode event = body(request);
        assertThat(request.getHeader("webhook-id")).isEqualTo(event.get("id").asString());
        assertThat(event.get("type").asString()).isEqualTo("incident.opened");
        assertThat(event.get("data").get("object").get("id").asString()).isEqualTo(incident);
        Api.Response feed = api.get("/v1/events/" + event.get("id").asString(), tenant.secretKey());
        assertThat(feed.body()).as("the body is the event object /v1/events answers").isEqualTo(event);

        JsonNode delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("object").asString()).isEqualTo("webhook_delivery");
        assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
        assertThat(delivery.get("event_id").asString()).isEqualTo(event.get("id").asString());
        assertThat(delivery.get("attempts")).hasSize(1);
        assertThat(delivery.get("attempts").get(0).get("status_code").asInt()).isEqualTo(204);
        assertThat(delivery.get("attempts").get(0).get("latency_ms").asLong()).isNotNegative();
    }

    @Test
    void aFailureOrTimeoutIsRetriedWithBackoffUnderTheSameWebhookId() {
        TestTenant tenant = newTenant();
        Endpoint endpoint = endpoint(tenant, List.of("*"));
        String scenario = "flaky-" + endpoint.id();
        receiver.stubFor(post(urlEqualTo(endpoint.path())).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("slow"));
        receiver.stubFor(post(urlEqualTo(endpoint.path())).inScenario(scenario).whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(200)
                        .withFixedDelay((int) settings.timeout().plusSeconds(2).toMillis()))
                .willSetStateTo("fine"));
        receiver.stubFor(post(urlEqualTo(endpoint.path())).inScenario(scenario).whenScenarioStateIs("fine")
                .willReturn(aResponse().withStatus(200)));
        openIncident(tenant, "flaky receiver");

        Jobs.drain(sender::run);
        assertThat(received(endpoint)).hasSize(1);
        JsonNode delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("pending");
        assertThat(delivery.get("last_status_code").asInt()).isEqualTo(500);
        assertThat(delivery.get("next_attempt_at").asString()).isEqualTo(clock.instant().plusSeconds(5).toString());

        clock.advance(Duration.ofSeconds(4));
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).as("not before the backoff").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).hasSize(2);
        delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("pending");
        assertThat(delivery.get("attempts").get(1).has("status_code")).isFalse();
        assertThat(delivery.get("attempts").get(1).get("error").asString()).contains("timed out");

        clock.advance(Duration.ofMinutes(5));
        Jobs.drain(sender::run);
        List<LoggedRequest> requests = received(endpoint);
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(1);
        delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
        assertThat(delivery.get("attempt_count").asInt()).isEqualTo(3);
        assertThat(delivery.get("attempts")).extracting(a -> a.has("status_code") ? a.get("status_code").asInt() : 0)
                .containsExactly(500, 0, 200);
    }

    @Test
    void anObjectsLaterEventWaitsUntilItsEarlierOneIsDeliveredWhileOtherObjectsGoAhead() {
        TestTenant tenant = newTenant();
        Endpoint endpoint = endpoint(tenant, List.of("*"));
        String scenario = "order-" + endpoint.id();
        receiver.stubFor(post(urlEqualTo(endpoint.path())).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo(endpoint.path())).inScenario(scenario).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String first = openIncident(tenant, "first");
        api.post("/v1/incidents/" + first + "/close", tenant.supportKey(), Map.of());

        Jobs.drain(sender::run);
        assertThat(received(endpoint)).extracting(r -> body(r).get("type").asString()).containsExactly("incident.opened");

        String second = openIncident(tenant, "second");
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).extracting(r -> body(r).get("data").get("object").get("id").asString())
                .as("another object's event is not held back").containsExactly(first, second);

        clock.advance(Duration.ofSeconds(5));
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).extracting(r -> body(r).get("type").asString() + " "
                        + body(r).get("data").get("object").get("id").asString())
                .containsExactly("incident.opened " + first, "incident.opened " + second, "incident.opened " + first,
                        "incident.closed " + first);
    }

    @Test
    void anEventIsRedeliveredOnRequestUnderItsOwnId() {
        TestTenant tenant = newTenant();
        Endpoint endpoint = endpoint(tenant, List.of("incident.opened"));
        Endpoint other = endpoint(tenant, List.of("incident.closed"));
        answer(endpoint, 200);
        answer(other, 200);
        openIncident(tenant, "redelivered");
        Jobs.drain(sender::run);
        String eventId = body(received(endpoint).get(0)).get("id").asString();

        Api.Response again = api.post("/v1/events/" + eventId + "/redeliver", tenant.adminKey(), Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body().get("data")).hasSize(1);
        assertThat(again.body().get("data").get(0).get("status").asString()).isEqualTo("pending");
        Api.Response toOther = api.post("/v1/events/" + eventId + "/redeliver", tenant.adminKey(),
                Map.of("endpoint_id", other.id()));
        assertThat(toOther.status()).as(toOther.toString()).isEqualTo(200);
        Jobs.drain(sender::run);

        assertThat(received(endpoint)).hasSize(2).extracting(r -> r.getHeader("webhook-id")).containsOnly(eventId);
        assertThat(received(other)).as("a named endpoint gets it whatever its event types").hasSize(1)
                .extracting(r -> r.getHeader("webhook-id")).containsOnly(eventId);
        assertThat(deliveries(tenant, endpoint)).hasSize(2);

        TestTenant stranger = newTenant();
        assertThat(api.post("/v1/events/" + eventId + "/redeliver", stranger.adminKey(), Map.of()).status())
                .isEqualTo(404);
        Api.Response unknownEndpoint = api.post("/v1/events/" + eventId + "/redeliver", tenant.adminKey(),
                Map.of("endpoint_id", UUID.randomUUID().toString()));
        assertThat(unknownEndpoint.status()).isEqualTo(422);
        assertThat(unknownEndpoint.errorField()).isEqualTo("endpoint_id");
        assertThat(api.post("/v1/events/" + eventId + "/redeliver", tenant.supportKey(), Map.of()).status())
                .isEqualTo(403);
    }

    @Test
    void aDeliveryClaimedByASenderThatDiedIsSentWhenItsLeaseRunsOut() {
        TestTenant tenant = newTenant();
        Endpoint endpoint = endpoint(tenant, List.of("*"));
        answer(endpoint, 200);
        openIncident(tenant, "survives a crash");
        // the event is committed; a sender claims the delivery and dies before sending it
        assertThat(sender.claim()).extracting(WebhookSender.Claimed::endpointId)
                .contains(UUID.fromString(endpoint.id()));

        Jobs.drain(sender::run);
        assertThat(received(endpoint)).as("still leased to the dead sender").isEmpty();

        clock.advance(settings.claimLease());
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).hasSize(1);
        assertThat(deliveries(tenant, endpoint).get(0).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void anEndpointFailingForThreeDaysIsDisabledAndTheTenantEmailed() throws Exception {
        String support = "ops-" + UUID.randomUUID() + "@example.com";
        TestTenant tenant = newTenant(Map.of("support_email", support));
        Endpoint endpoint = endpoint(tenant, List.of("*"));
        answer(endpoint, 503);
        openIncident(tenant, "receiver gone");

        Jobs.drain(sender::run);
        for (Duration wait : settings.retrySchedule()) {
            assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id(), tenant.adminKey()).text("status"))
                    .isEqualTo("enabled");
            clock.advance(wait);
            Jobs.drain(sender::run);
        }

        assertThat(received(endpoint)).hasSize(settings.maxAttempts());
        JsonNode delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("failed");
        assertThat(delivery.get("attempts")).hasSize(settings.maxAttempts());
        Api.Response disabled = api.get("/v1/webhook-endpoints/" + endpoint.id(), tenant.adminKey());
        assertThat(disabled.text("status")).isEqualTo("disabled");
        assertThat(disabled.text("disabled_reason")).contains("failed");

        Jobs.drain(emails::run);
        List<MimeMessage> mail = Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(support);
            } catch (Exception e) {
                return false;
            }
        }).toList();
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).getSubject()).contains(endpoint.path());

        // a disabled endpoint is sent nothing new; enabled again it is
        openIncident(tenant, "while disabled");
        answer(endpoint, 200);
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).hasSize(settings.maxAttempts());
        Api.Response enabled = api.post("/v1/webhook-endpoints/" + endpoint.id(), tenant.adminKey(),
                Map.of("status", "enabled"));
        assertThat(enabled.text("status")).isEqualTo("enabled");
        assertThat(enabled.text("disabled_reason")).isNull();
        openIncident(tenant, "after enabling");
        Jobs.drain(sender::run);
        assertThat(received(endpoint)).hasSize(settings.maxAttempts() + 1);
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneForADayAndSecretsAreShownOnce() throws Exception {
        TestTenant tenant = newTenant();
        String path = "/hooks/" + UUID.randomUUID();
        Map<String, Object> body = Map.of("url", receiver.baseUrl() + path, "enabled_events", List.of("*"));
        Api.Response created = api.post("/v1/webhook-endpoints", tenant.adminKey(), body,
                Map.of("Idempotency-Key", "create-" + path));
        Endpoint endpoint = new Endpoint(created.text("id"), created.text("secret"), path);
        Api.Response replay = api.post("/v1/webhook-endpoints", tenant.adminKey(), body,
                Map.of("Idempotency-Key", "create-" + path));
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.raw().body()).doesNotContain(endpoint.secret());
        assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id(), tenant.adminKey()).body().has("secret")).isFalse();
        assertThat(api.get("/v1/webhook-endpoints?limit=10", tenant.adminKey()).raw().body())
                .doesNotContain(endpoint.secret()).contains(endpoint.id());
        answer(endpoint, 200);

        Api.Response rotated = api.post("/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret", tenant.adminKey(),
                null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.text("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        openIncident(tenant, "signed twice");
        Jobs.drain(sender::run);
        LoggedRequest duringOverlap = received(endpoint).get(0);
        assertThat(duringOverlap.getHeader("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(newSecret, duringOverlap)).isTrue();
        assertThat(verifies(endpoint.secret(), duringOverlap)).isTrue();

        clock.advance(settings.previousSecretTtl());
        openIncident(tenant, "signed once");
        Jobs.drain(sender::run);
        LoggedRequest after = received(endpoint).get(1);
        assertThat(verifies(newSecret, after)).isTrue();
        assertThat(verifies(endpoint.secret(), after)).isFalse();
    }

    @Test
    void endpointsAreCheckedAndBelongToAdmins() {
        TestTenant tenant = newTenant();
        Api.Response plainHttp = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                Map.of("url", "http://example.com/hook", "enabled_events", List.of("*")));
        assertThat(plainHttp.status()).isEqualTo(400);
        assertThat(plainHttp.errorField()).isEqualTo("url");
        Api.Response unknownEvent = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                Map.of("url", "https://example.com/hook", "enabled_events", List.of("incident.opened", "nope")));
        assertThat(unknownEvent.status()).isEqualTo(400);
        assertThat(unknownEvent.errorField()).isEqualTo("enabled_events[1]");
        Api.Response noEvents = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                Map.of("url", "https://example.com/hook", "enabled_events", List.of()));
        assertThat(noEvents.errorField()).isEqualTo("enabled_events");
        assertThat(api.post("/v1/webhook-endpoints", tenant.supportKey(),
                Map.of("url", "https://example.com/hook", "enabled_events", List.of("*"))).status()).isEqualTo(403);
        assertThat(api.get("/v1/webhook-endpoints", tenant.secretKey()).status()).isEqualTo(403);
        assertThat(api.get("/v1/webhook-endpoints", tenant.adminKey()).body().get("data")).isEmpty();

        Api.Response created = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                Map.of("url", "https://example.com/hook", "enabled_events", List.of("incident.opened")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        Api.Response badStatus = api.unvalidatedRequest().post("/v1/webhook-endpoints/" + id, tenant.adminKey(),
                Map.of("status", "paused"));
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.errorField()).isEqualTo("status");
        Api.Response updated = api.post("/v1/webhook-endpoints/" + id, tenant.adminKey(),
                Map.of("enabled_events", List.of("incident.closed"), "status", "disabled"));
        assertThat(updated.body().get("enabled_events").get(0).asString()).isEqualTo("incident.closed");
        assertThat(updated.text("status")).isEqualTo("disabled");
        assertThat(updated.text("disabled_reason")).isEqualTo("disabled by the tenant");
        assertThat(api.get("/v1/webhook-endpoints/" + id, newTenant().adminKey()).status()).isEqualTo(404);

        assertThat(delete("/v1/webhook-endpoints/" + id, tenant.supportKey())).isEqualTo(403);
        assertThat(delete("/v1/webhook-endpoints/" + id, newTenant().adminKey())).isEqualTo(404);
        assertThat(delete("/v1/webhook-endpoints/" + id, tenant.adminKey())).isEqualTo(200);
        assertThat(api.get("/v1/webhook-endpoints/" + id, tenant.adminKey()).status()).isEqualTo(404);
        assertThat(delete("/v1/webhook-endpoints/" + id, tenant.adminKey())).isEqualTo(404);
    }

    @Test
    void webhooksGoToPublicAddressesOnly() {
        TestTenant tenant = newTenant();
        for (String inside : List.of("https://169.254.169.254/latest/meta-data", "https://10.0.0.5/hook",
                "https://192.168.1.10/hook", "https://[::1]/hook", "https://[fd00::1]/hook", "https://127.0.0.2/hook")) {
            Api.Response refused = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                    Map.of("url", inside, "enabled_events", List.of("*")));
            assertThat(refused.status()).as(inside).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo("url");
        }
        Endpoint endpoint = endpoint(tenant, List.of("*"));
        Api.Response moved = api.post("/v1/webhook-endpoints/" + endpoint.id(), tenant.adminKey(),
                Map.of("url", "https://10.0.0.5/hook"));
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.errorField()).isEqualTo("url");
        assertThat(api.get("/v1/webhook-endpoints", tenant.adminKey()).body().get("data")).hasSize(1);

        // an endpoint stored before the rule (or a name that came to point inside) is refused at each attempt
        jdbc.sql("update webhook_endpoints set url = 'https://169.254.169.254/hook' where tenant_id = :t and id = :id")
                .param("t", tenant.id()).param("id", UUID.fromString(endpoint.id())).update();
        answer(endpoint, 200);
        openIncident(tenant, "metadata service");
        Jobs.drain(sender::run);
        JsonNode delivery = deliveries(tenant, endpoint).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("pending");
        assertThat(delivery.get("attempts").get(0).get("error").asString())
                .startsWith("refused: ").contains("169.254.169.254");
        assertThat(received(endpoint)).isEmpty();
    }

    @Test
    void endpointsAndDeliveriesPageByCursor() {
        TestTenant tenant = newTenant();
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(endpoint(tenant, List.of("*")).id());
        }
        java.util.Collections.reverse(created);
        assertThat(pageThrough("/v1/webhook-endpoints?", 2, tenant.adminKey())).containsExactlyElementsOf(created);
        Endpoint endpoint = new Endpoint(created.get(2), null, null);
        openIncident(tenant, "one");
        openIncident(tenant, "two");
        openIncident(tenant, "three");
        List<String> deliveries = pageThrough("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries?", 2,
                tenant.adminKey());
        assertThat(deliveries).hasSize(3).doesNotHaveDuplicates();
        Api.Response foreignCursor = api.get("/v1/webhook-endpoints/" + created.get(1) + "/deliveries?starting_after="
                + deliveries.get(0), tenant.adminKey());
        assertThat(foreignCursor.status()).isEqualTo(400);
        assertThat(foreignCursor.errorField()).isEqualTo("starting_after");
    }

    private int delete(String path, String key) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + key).DELETE().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
