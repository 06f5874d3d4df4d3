package dev.creditdesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.billing.internal.RefundMetrics;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.notifications.internal.OutboxMetrics;
import dev.creditdesk.refunds.internal.CaseQueueMetrics;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.StripeServer;
import dev.creditdesk.webhooks.internal.DeliveryMetrics;
import dev.creditdesk.webhooks.internal.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The business metrics of issue 16, each after the code path that moves it ran, read from
 * {@code /actuator/prometheus} with the operator key; and every {@code creditdesk_…} name the alert
 * rules and the Grafana dashboard in docs/ops read is exported, so neither can rot.
 */
class MonitoringIT extends IntegrationTest {

    private static final Pattern METRIC_NAME = Pattern.compile("creditdesk_[a-z0-9_]*[a-z0-9]");

    @Autowired
    RefundSubmitter submitter;
    @Autowired
    WebhookSender webhooks;
    @Autowired
    LedgerJobs ledgerJobs;
    @Autowired
    CaseQueueMetrics queueMetrics;
    @Autowired
    RefundMetrics refundMetrics;
    @Autowired
    OutboxMetrics outboxMetrics;
    @Autowired
    DeliveryMetrics deliveryMetrics;

    @Test
    void businessFiguresCarryTheTenantAndEveryNameTheAlertsAndDashboardReadIsExported() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "UTC", "support_email", "help@example.com"));
        String t = tenant.id().toString();
        // a receiver that answers 404 to everything: every delivery attempt fails
        Api.Response endpoint = api.post("/v1/webhook-endpoints", tenant.adminKey(), Map.of("url",
                StripeServer.url() + "/no-receiver/" + UUID.randomUUID(), "enabled_events", List.of("*")));
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);

        // the policy approves a change of mind alone: one decision by the policy, a Stripe refund requested
        UUID account = newAccount(tenant);
        Api.Response request = changeOfMindOnAStripeOrder(tenant, account);
        assertThat(request.text("status")).isEqualTo("approved");
        refundMetrics.refresh();
        outboxMetrics.refresh();
        String scraped = scrape();
        assertThat(value(scraped, "creditdesk_refund_requests_decisions_total", Map.of("tenant", t, "by", "policy",
                "status", "approved"))).isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_refunds_pending", Map.of("tenant", t, "provider", "stripe",
                "state", "requested"))).isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_emails_pending", Map.of("tenant", t))).isPositive();
        assertThat(value(scraped, "creditdesk_emails_oldest_pending_seconds", Map.of("tenant", t))).isNotNegative();

        // Stripe refuses the refund: counted as failed, the case is back in review, overdue once past due
        WireMockServer stripe = StripeServer.server();
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"charge_already_refunded\"}}")));
        Jobs.drain(submitter::run);
        Api.Response reopened = api.get("/v1/refund-requests/" + request.text("id"), tenant.supportKey());
        assertThat(reopened.text("status")).isEqualTo("in_review");
        clock.moveTo(Instant.parse(reopened.text("due_at")).plusSeconds(1));
        queueMetrics.refresh();
        refundMetrics.refresh();
        scraped = scrape();
        assertThat(value(scraped, "creditdesk_refunds_failed_total", Map.of("tenant", t, "provider", "stripe")))
                .isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_refunds_pending", Map.of("tenant", t, "provider", "stripe",
                "state", "requested"))).as("a row seen before reads 0 once empty").isEqualTo(0.0);
        assertThat(value(scraped, "creditdesk_refund_requests_queue", Map.of("tenant", t, "status", "in_review")))
                .isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_refund_requests_overdue", Map.of("tenant", t))).isEqualTo(1.0);

        // a person rejects it
        Api.Response rejected = api.post("/v1/refund-requests/" + request.text("id") + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "already refunded by the bank"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        queueMetrics.refresh();
        scraped = scrape();
        assertThat(value(scraped, "creditdesk_refund_requests_decisions_total", Map.of("tenant", t, "by", "person",
                "status", "rejected"))).isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_refund_requests_overdue", Map.of("tenant", t))).isEqualTo(0.0);

        // tasks: reserve and complete are timed; a hold left to expire is counted by the expiry job
        grant(tenant, account, 100);
        Api.Response task = reserve(tenant, account, 10);
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        assertThat(api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(), Map.of()).status())
                .isEqualTo(200);
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 10,
                "ttl_seconds", 1)).status()).isEqualTo(201);
        assertThat(reserve(tenant, account, 1_000_000).status()).as("refused: not enough credits").isEqualTo(402);
        clock.advance(Duration.ofSeconds(2));
        Jobs.drain(ledgerJobs::expireHolds);

        // webhooks: every attempt to the missing receiver fails
        Jobs.drain(webhooks::run);
        deliveryMetrics.refresh();

        // outage compensation in credits for the account's order in service during a 30-hour outage
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "credits",
                "threshold_hours", "24", "credits", 50)).status()).isEqualTo(200);
        Api.Response older = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "M-" + UUID.randomUUID(), "credits", 400, "currency", "USD", "net", "29.90",
                "total", "29.90", "purchased_at", clock.instant().minus(Duration.ofDays(10)).toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        assertThat(older.status()).as(older.toString()).isEqualTo(201);
        Instant start = clock.instant().minus(Duration.ofDays(3));
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "GPU cluster down",
                "scope", "full", "started_at", start.toString(), "ended_at", start.plus(Duration.ofHours(30)).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
        Api.Response compensated = api.post("/v1/incidents/" + incident.text("id") + "/compensation",
                tenant.supportKey(), null);
        assertThat(compensated.status()).as(compensated.toString()).isEqualTo(200);
        int accounts = compensated.body().get("accounts").size();
        assertThat(accounts).isPositive();

        scraped = scrape();
        assertThat(value(scraped, "creditdesk_holds_expired_total", Map.of("tenant", t))).isEqualTo(1.0);
        assertThat(value(scraped, "creditdesk_webhooks_failures_total", Map.of("tenant", t, "final", "false")))
                .isPositive();
        assertThat(value(scraped, "creditdesk_webhooks_pending", Map.of("tenant", t))).isPositive();
        assertThat(value(scraped, "creditdesk_webhooks_failing", Map.of("tenant", t))).isPositive();
        assertThat(value(scraped, "creditdesk_compensation_accounts_total", Map.of("tenant", t, "mode", "credits")))
                .isEqualTo(accounts);
        assertThat(value(scraped, "creditdesk_compensation_credits_total", Map.of("tenant", t)))
                .isEqualTo(50.0 * accounts);
        assertThat(value(scraped, "creditdesk_tasks_reserve_seconds_count", Map.of("outcome", "ok"))).isPositive();
        assertThat(value(scraped, "creditdesk_tasks_reserve_seconds_count", Map.of("outcome", "insufficient-credits")))
                .isPositive();
        assertThat(value(scraped, "creditdesk_tasks_complete_seconds_count", Map.of("outcome", "ok"))).isPositive();
        assertThat(scraped).as("latency has no tenant tag")
                .doesNotContainPattern("creditdesk_tasks_reserve_seconds_bucket\\{[^}]*tenant=");

        Set<String> referenced = new TreeSet<>();
        referenced.addAll(alertRuleMetrics());
        referenced.addAll(dashboardMetrics());
        assertThat(referenced).as("the alerts and the dashboard read business metrics").hasSizeGreaterThan(15);
        Set<String> exported = new TreeSet<>();
        scraped.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.substring(0, indexOfAny(line, "{ ")))
                .forEach(exported::add);
        assertThat(exported).as("every creditdesk_ metric docs/ops reads is exported").containsAll(referenced);
    }

    /**
     * A decision's log line, encoded by the encoder {@code logging.structured.format.console=ecs}
     * (or {@code logstash}) installs, is one JSON object whose fields are the line's key-values; the
     * customer's address and words are in neither.
     */
    @Test
    void aDecisionsKeyValuesAreFieldsOfItsJsonLine() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CaseDecisions.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "UTC", "support_email", "help@example.com"));
        UUID account = newAccount(tenant);
        Api.Response request;
        try {
            request = changeOfMindOnAStripeOrder(tenant, account);
        } finally {
            logger.detachAppender(captured);
        }
        ILoggingEvent decided = captured.list.stream()
                .filter(e -> e.getKeyValuePairs() != null && e.getKeyValuePairs().stream()
                        .anyMatch(kv -> kv.key.equals("refund_request") && kv.value.toString().equals(request.text("id"))))
                .findFirst().orElseThrow(() -> new AssertionError("no decision logged: " + captured.list));
        String email = api.get("/v1/accounts/" + account, tenant.secretKey()).text("email");
        for (String format : List.of("ecs", "logstash")) {
            StructuredLogEncoder encoder = new StructuredLogEncoder();
            encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            encoder.setFormat(format);
            encoder.start();
            String line = new String(encoder.encode(decided), StandardCharsets.UTF_8).strip();
            encoder.stop();
            assertThat(line).as(format).doesNotContain("\n").doesNotContain(email).doesNotContain("changed my mind");
            JsonNode json = JsonMapper.builder().build().readTree(line);
            assertThat(json.get("tenant").asString()).as(line).isEqualTo(tenant.id().toString());
            assertThat(json.get("refund_request").asString()).isEqualTo(request.text("id"));
            assertThat(json.get("account").asString()).isEqualTo(account.toString());
            assertThat(json.get("outcome").asString()).isEqualTo("approved");
            assertThat(json.get("decided_by").asString()).isEqualTo("policy");
            assertThat(json.get("policy").asString()).isEqualTo("tiered-usage");
            assertThat(json.get("rule").asString()).isNotBlank();
            assertThat(json.get("amount").asString()).isEqualTo("29.90");
            assertThat(json.get("refund").asString()).isEqualTo(request.text("refund_id"));
            assertThat(json.get("message").asString()).isEqualTo("Refund request decided");
        }
    }

    /** The names in every rule's expression of docs/ops/prometheus-alerts.yaml. */
    @SuppressWarnings("unchecked")
    private static Set<String> alertRuleMetrics() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("docs/ops/prometheus-alerts.yaml")));
        Set<String> names = new TreeSet<>();
        int count = 0;
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
                names.addAll(names((String) rule.get("expr")));
                count++;
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(10);
        return names;
    }

    /** The names in every panel target's expression and template query of docs/ops/grafana-dashboard.json. */
    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("docs/ops/grafana-dashboard.json")));
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                names.addAll(names(target.get("expr").asString()));
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                names.addAll(names(variable.get("definition").asString()));
            }
        }
        return names;
    }

    private static Set<String> names(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC_NAME.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static int indexOfAny(String line, String characters) {
        int at = line.length();
        for (char c : characters.toCharArray()) {
            int i = line.indexOf(c);
            if (i >= 0 && i < at) {
                at = i;
            }
        }
        return at;
    }

    /** The sample of {@code name} whose labels include {@code labels}; fails when there is none. */
    private static double value(String scraped, String name, Map<String, String> labels) {
        return scraped.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " with " + labels + " in:\n"
                        + scraped.lines().filter(l -> l.startsWith(name)).toList()));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A Stripe-paid order of 400 credits bought yesterday, and a change-of-mind request the policy approves. */
    private Api.Response changeOfMindOnAStripeOrder(TestTenant tenant, UUID account) {
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_1",
                "stripe_webhook_secret", "whsec_1"));
        String email = api.get("/v1/accounts/" + account, tenant.secretKey()).text("email");
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        String orderNumber = "M-" + UUID.randomUUID();
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", orderNumber,
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "stripe", "transaction_id", "pi_M" + UUID.randomUUID())));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber, "purchase_date", purchasedAt.atZone(ZoneId.of("UTC")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "changed my mind"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request;
    }
}
