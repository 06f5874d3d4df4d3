package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.SecretBox;
import dev.creditdesk.webhooks.WebhookSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries after their events committed, at least once. A pass claims a batch with
 * {@code FOR UPDATE SKIP LOCKED} and leases it (next_attempt_at moves {@code claim-lease} ahead, so a
 * sender that dies leaves the deliveries due again), sends them concurrently without holding a
 * transaction, and records each outcome. Only the oldest pending delivery of an object to an
 * endpoint is ever due, so an object's events arrive in order.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final int MAX_ERROR_LENGTH = 500;
    static final int MAX_PASSES = 20;

    /** A delivery claimed for one attempt, with what it takes to send it. */
    public record Claimed(UUID tenantId, UUID id, UUID endpointId, String url, String secret, String previousSecret,
            Instant previousExpiresAt, UUID eventId, String payload, int attempts) {
    }

    record Outcome(Instant at, Integer statusCode, long latencyMs, String error) {
        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretBox secrets;
    private final EndpointFailures failures;
    private final WebhookSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final MeterRegistry meters;

    WebhookSender(JdbcClient jdbc, TransactionTemplate transactions, SecretBox secrets, EndpointFailures failures,
            WebhookSettings settings, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.secrets = secrets;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Passes until one finds nothing due (at most {@link #MAX_PASSES}): an object's next event
     * becomes due only once its earlier one is delivered, so it goes out in the same run rather
     * than a job delay later. Answers how many deliveries it attempted.
     */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.webhook-delay:PT1S}")
    public int run() {
        int total = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            int attempted = pass();
            if (attempted == 0) {
                break;
            }
            total += attempted;
        }
        return total;
    }

    private int pass() {
        List<Claimed> claimed = claim();
        List<CompletableFuture<Outcome>> sends = new ArrayList<>();
        for (Claimed delivery : claimed) {
            sends.add(send(delivery));
        }
        for (int i = 0; i < claimed.size(); i++) {
            Claimed delivery = claimed.get(i);
            Outcome outcome = sends.get(i).join();
            transactions.executeWithoutResult(tx -> record(delivery, outcome));
        }
        return claimed.size();
    }

    /** Claims due deliveries and leases them; a sender that never records an outcome leaves them due at the lease's end. */
    public List<Claimed> claim() {
        List<Claimed> claimed = transactions.execute(tx -> {
            Instant now = clock.instant();
            List<Claimed> due = jdbc.sql("""
                            select d.tenant_id, d.id, d.endpoint_id, w.url, w.secret, w.previous_secret,
                                   w.previous_secret_expires_at, d.event_id, e.payload::text as payload, d.attempts
                            from webhook_deliveries d
                            join webhook_endpoints w on w.tenant_id = d.tenant_id and w.id = d.endpoint_id
                            join events e on e.tenant_id = d.tenant_id and e.id = d.event_id
                            where d.status = 'pending' and d.next_attempt_at <= :now and w.status = 'enabled'
                              and not exists (select 1 from webhook_deliveries earlier
                                              where earlier.tenant_id = d.tenant_id
                                                and earlier.endpoint_id = d.endpoint_id
                                                and earlier.object_id = d.object_id
                                                and earlier.status = 'pending' and earlier.seq < d.seq)
                            order by d.next_attempt_at, d.seq limit :n
                            for update of d skip locked""")
                    .param("now", ts(now)).param("n", settings.batchSize())
                    .query((rs, n) -> new Claimed(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                            rs.getObject("endpoint_id", UUID.class), rs.getString("url"), rs.getString("secret"),
                            rs.getString("previous_secret"), instant(rs, "previous_secret_expires_at"),
                            rs.getObject("event_id", UUID.class), rs.getString("payload"), rs.getInt("attempts")))
                    .list();
            if (!due.isEmpty()) {
                jdbc.sql("update webhook_deliveries set next_attempt_at = :until where (tenant_id, id) in (:keys)")
                        .param("until", ts(now.plus(settings.claimLease())))
                        .param("keys", due.stream().map(d -> new Object[] {d.tenantId(), d.id()}).toList()).update();
            }
            return due;
        });
        return claimed == null ? List.of() : claimed;
    }

    private CompletableFuture<Outcome> send(Claimed delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        HttpRequest request;
        try {
            // looked up again at every attempt: a name may have come to point inside our network
            Optional<String> refused = WebhookAddresses.refuseResolved(URI.create(delivery.url()).getHost(),
                    settings.allowInsecureUrls());
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(new Outcome(at, null, 0, "refused: " + refused.get()));
            }
            List<String> signing = new ArrayList<>(List.of(secrets.open(delivery.secret())));
            if (delivery.previousSecret() != null && delivery.previousExpiresAt() != null
                    && delivery.previousExpiresAt().isAfter(at)) {
                signing.add(secrets.open(delivery.previousSecret()));
            }
            String id = delivery.eventId().toString();
            long timestamp = at.getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(delivery.url())).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Creditdesk-Webhooks/1")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSigner.signatures(id, timestamp, delivery.payload(), signing))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                    .build();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(at, null, 0, "cannot send: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    long latency = (System.nanoTime() - started) / 1_000_000;
                    if (failure == null) {
                        int status = response.statusCode();
                        return new Outcome(at, status, latency, status >= 200 && status < 300 ? null : "HTTP " + status);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String error = cause instanceof HttpTimeoutException
                            ? "timed out after " + settings.timeout().toMillis() + " ms"
                            : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                    return new Outcome(at, null, latency, error);
                });
    }

    private void record(Claimed delivery, Outcome outcome) {
        Instant now = clock.instant();
        String error = outcome.error() == null ? null
                : outcome.error().length() > MAX_ERROR_LENGTH ? outcome.error().substring(0, MAX_ERROR_LENGTH)
                : outcome.error();
        int attempts = delivery.attempts() + 1;
        boolean gaveUp = !outcome.succeeded() && attempts >= settings.maxAttempts();
        String status = outcome.succeeded() ? "succeeded" : gaveUp ? "failed" : "pending";
        Instant next = outcome.succeeded() || gaveUp ? now : now.plus(settings.retrySchedule().get(attempts - 1));
        int updated = jdbc.sql("""
                        update webhook_deliveries set status = :status, attempts = :attempts, next_attempt_at = :next,
                               last_status = :code, last_error = :error,
                               completed_at = :completed
                        where tenant_id = :t and id = :id and status = 'pending'""")
                .param("status", status).param("attempts", attempts).param("next", ts(next))
                .param("code", outcome.statusCode()).param("error", error)
                .param("completed", outcome.succeeded() || gaveUp ? ts(now) : null)
                .param("t", delivery.tenantId()).param("id", delivery.id())
                .update();
        if (updated == 0) {
            return; // the endpoint was deleted meanwhile
        }
        jdbc.sql("""
                        insert into webhook_attempts (tenant_id, delivery_id, attempted_at, status_code, latency_ms, error)
                        values (:t, :d, :at, :code, :latency, :error)""")
                .param("t", delivery.tenantId()).param("d", delivery.id()).param("at", ts(outcome.at()))
                .param("code", outcome.statusCode()).param("latency", (int) Math.min(Integer.MAX_VALUE, outcome.latencyMs()))
                .param("error", error)
                .update();
        if (outcome.succeeded()) {
            failures.succeeded(delivery.tenantId(), delivery.endpointId());
        } else {
            Counter.builder("creditdesk.webhooks.failures")
                    .description("Failed webhook delivery attempts; final: the delivery's retries ran out")
                    .tag("tenant", delivery.tenantId().toString()).tag("final", Boolean.toString(gaveUp))
                    .register(meters).increment();
            (gaveUp ? log.atWarn() : log.atInfo()).addKeyValue("tenant", delivery.tenantId())
                    .addKeyValue("webhook_delivery", delivery.id()).addKeyValue("webhook_endpoint", delivery.endpointId())
                    .addKeyValue("event", delivery.eventId()).addKeyValue("attempt", attempts)
                    .addKeyValue("status_code", outcome.statusCode()).addKeyValue("gave_up", gaveUp)
                    .addKeyValue("error", error)
                    .log(gaveUp ? "Webhook delivery failed; its retries ran out" : "Webhook delivery attempt failed");
            failures.failed(delivery.tenantId(), delivery.endpointId(), gaveUp, now);
        }
    }
}
