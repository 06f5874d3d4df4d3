package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulations;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest.TestTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Past requests under tiered-usage, made through the API, and a draft that moves its full-refund
 * threshold from 10 % to 5 % of the credits used: a request after 30 of 400 credits (7.5 %) was
 * refunded 29.90 in full and would get 29.90 × 370 ÷ 400 = 27.66 (−2.24); after 36 (9 %) 27.21
 * (−2.69); after none, 29.90 either way.
 */
final class SimulationCases {

    static final String DRAFT_VERSION = "2026-12-01";

    private SimulationCases() {
    }

    /** The shipped tiered-usage with a 5 % threshold, as a new version effective from 2030 on. */
    static String fivePercentDraft() {
        try {
            String shipped = Files.readString(Path.of("policies/tiered-usage.yaml"));
            String draft = shipped.replace("version: \"2026-02-04\"", "version: \"" + DRAFT_VERSION + "\"")
                    .replace("effective_from: 2026-02-04T00:00:00Z", "effective_from: 2030-01-01T00:00:00Z")
                    .replace("decimal(\"0.10\")", "decimal(\"0.05\")");
            assertThat(draft).doesNotContain("0.10").contains(DRAFT_VERSION);
            return draft;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An order of 400 credits for 29.90 bought yesterday, {@code used} of them used, and a change-of-mind request. */
    static String request(Api api, TestTenant tenant, Clock clock, long used) {
        String email = "sim-" + UUID.randomUUID() + "@example.com";
        String orderNumber = "S-" + UUID.randomUUID().toString().substring(0, 8);
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + UUID.randomUUID(), "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + orderNumber)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        if (used > 0) {
            String task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", used))
                    .text("id");
            Api.Response completed = api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(),
                    Map.of("credits", used));
            assertThat(completed.status()).as(completed.toString()).isLessThan(300);
        }
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber,
                "purchase_date", purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "I changed my mind.", "evidence_kinds", List.of()));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request.text("id");
    }

    /** The three past requests; answers the ids of the two the draft changes. */
    static List<String> threeRequests(Api api, TestTenant tenant, Clock clock) {
        String sevenAndAHalfPercent = request(api, tenant, clock, 30);
        String ninePercent = request(api, tenant, clock, 36);
        request(api, tenant, clock, 0);
        assertThat(api.get("/v1/refund-requests/" + sevenAndAHalfPercent, tenant.supportKey()).text("outcome"))
                .isEqualTo("full_refund");
        return List.of(sevenAndAHalfPercent, ninePercent);
    }

    /**
     * Waits, up to 60 s, for the background runner to have run what was kicked (the simulation
     * was queued before the redirect answered), then reads the simulation; it must have finished.
     */
    static PolicySimulation finished(PolicySimulations simulations, UUID tenantId, UUID id) {
        try {
            assertThat(simulations.awaitIdle(java.time.Duration.ofSeconds(60))).as("the runner is idle").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        PolicySimulation simulation = simulations.find(tenantId, id).orElseThrow();
        assertThat(simulation.status().finished()).as("status " + simulation.status()).isTrue();
        return simulation;
    }
}
