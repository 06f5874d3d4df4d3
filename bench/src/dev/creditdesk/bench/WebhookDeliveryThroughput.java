package dev.creditdesk.bench;

import com.sun.net.httpserver.HttpServer;
import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.shared.database.EmbeddedPostgresServer;
import dev.creditdesk.webhooks.internal.WebhookSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery throughput: the server records {@code --events} events (one incident opened
 * each, through the API), one endpoint subscribed to all of them points at a local receiver (the
 * JDK's HTTP server answering 204 after {@code --receiver-ms}), and the sender is run by hand until
 * nothing is due; events delivered per second of sending. Not a test; see docs/benchmarks.md.
 *
 * <pre>bench/webhook-delivery.sh [--events 3000] [--rounds 3] [--batch-size 50] [--receiver-ms 0]</pre>
 */
public final class WebhookDeliveryThroughput {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int events = 3000;
        int rounds = 3;
        int batchSize = 50;
        int receiverMs = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[i + 1]);
                case "--receiver-ms" -> receiverMs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        LongAdder received = new LongAdder();
        int delay = receiverMs;
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ExecutorService receiverThreads = Executors.newFixedThreadPool(64);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestHeaders().getFirst("webhook-signature") == null) {
                throw new IOException("unsigned");
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.increment();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        Path dataDir = Files.createTempDirectory("creditdesk-bench-pg-");
        String adminKey = "cd_operator_bench-" + UUID.randomUUID();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, true, false);
        ConfigurableApplicationContext app = null;
        try {
            app = new SpringApplicationBuilder(CreditdeskApplication.class).run(
                    "--server.port=0",
                    "--creditdesk.database.url=" + postgres.jdbcUrl(),
                    "--creditdesk.database.user=postgres",
                    "--creditdesk.demo.enabled=false",
                    "--creditdesk.jobs.enabled=false",
                    "--creditdesk.admin-key=" + adminKey,
                    "--creditdesk.rate-limits.enabled=false",
                    "--creditdesk.webhooks.allow-insecure-urls=true",
                    "--creditdesk.webhooks.batch-size=" + batchSize,
                    "--management.server.port=-1",
                    "--logging.level.root=warn");
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            WebhookSender sender = app.getBean(WebhookSender.class);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            JsonNode tenant = post(http, base, adminKey, "/v1/tenants", """
                    {"name":"bench-%s","settings":{"timezone":"UTC","holiday_country":"US","currency":"USD",
                     "support_email":"bench@example.com"}}""".formatted(UUID.randomUUID()));
            String tenantId = tenant.get("id").asString();
            String admin = post(http, base, adminKey, "/v1/tenants/" + tenantId + "/keys", "{\"role\":\"admin\"}")
                    .get("key").asString();
            post(http, base, admin, "/v1/webhook-endpoints", """
                    {"url":"http://127.0.0.1:%d/hook","enabled_events":["*"]}""".formatted(
                    receiver.getAddress().getPort()));

            List<Double> perSecond = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                int count = round == 0 ? Math.min(events, 500) : events;
                String started = Instant.now().minus(Duration.ofHours(1)).toString();
                for (int i = 0; i < count; i++) {
                    post(http, base, admin, "/v1/incidents", """
                            {"title":"bench %d","scope":"partial","started_at":"%s"}""".formatted(i, started));
                }
                long before = received.sum();
                long t0 = System.nanoTime();
                int attempted = 0;
                for (int done; (done = sender.run()) > 0; ) {
                    attempted += done;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long delivered = received.sum() - before;
                if (delivered != count || attempted != count) {
                    throw new IllegalStateException("expected " + count + " deliveries, receiver got " + delivered
                            + ", sender attempted " + attempted);
                }
                if (round == 0) {
                    System.out.printf(Locale.ROOT, "warm-up: %d events in %.1f s%n", count, seconds);
                    continue;
                }
                perSecond.add(count / seconds);
                System.out.printf(Locale.ROOT, "round %d: %d events delivered in %.2f s = %.0f events/s%n", round,
                        count, seconds, count / seconds);
            }
            perSecond.sort(Double::compare);
            System.out.printf(Locale.ROOT, "%n| events per round | batch size | receiver delay | median events/s | "
                    + "rounds |%n|---:|---:|---:|---:|---|%n| %d | %d | %d ms | %.0f | %s |%n", events, batchSize,
                    receiverMs, perSecond.get(perSecond.size() / 2), perSecond.stream()
                            .map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        } finally {
            if (app != null) {
                app.close();
            }
            postgres.close();
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
        System.exit(0);
    }

    private static JsonNode post(HttpClient http, String baseUrl, String key, String path, String body)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("setup: POST " + path + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
