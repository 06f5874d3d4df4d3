package dev.creditdesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.creditdesk.ledger.LedgerInvariants;
import dev.creditdesk.ledger.LedgerInvariants.AccountSums;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.MailServer;
import dev.creditdesk.support.MutableClock;
import dev.creditdesk.support.StripeServer;
import dev.creditdesk.support.TestClockConfiguration;
import dev.creditdesk.support.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Three nodes of the application on one PostgreSQL, each running every background job, as a
 * production deployment behind a load balancer would: clients spend the same accounts through
 * all three at once and nothing is overspent; every job's work (holds expired, refunds sent to
 * Stripe, emails sent, webhooks delivered) is done exactly once although three nodes compete for it.
 * docs/scaling.md describes what the nodes share and how each job splits its work.
 */
class ThreeNodesIT {

    private static final String OPERATOR_KEY = "cd_operator_test-key";
    private static final String STRIPE_KEY = "sk_test_three_nodes";
    private static final int NODES = 3;
    private static final int ACCOUNTS = 4;
    private static final int THREADS = 24;
    /** Each account gets two grants of this many credits. */
    private static final long GRANT = 100;
    private static final int REFUSALS_TO_STOP = 3;
    private static final int MAX_ROUNDS_PER_THREAD = 500;
    private static final long LEFT_HELD_TTL_SECONDS = 60;
    private static final int REFUND_REQUESTS = 9;
    private static final int INCIDENTS = 15;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final MutableClock clock = new MutableClock(TestClockConfiguration.START);
    private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private static final List<Api> apis = new ArrayList<>();
    private static WireMockServer receiver;
    private static JdbcClient jdbc;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        // a cold receiver can take longer than a send's timeout to answer its first request, and a
        // delivery that timed out is rightly sent again: warm it, so every event needs one attempt
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receiver.baseUrl() + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());
        long started = System.nanoTime();
        String database = TestDatabase.newDatabase("three_nodes");
        // The first node migrates the fresh database; the other two then start side by side.
        nodes.add(start(database, 1));
        System.out.printf("ThreeNodesIT: first node started, database migrated (%.1f s)%n", seconds(started));
        ExecutorService starting = Executors.newFixedThreadPool(NODES - 1);
        try {
            List<Future<ConfigurableApplicationContext>> others = new ArrayList<>();
            for (int n = 2; n <= NODES; n++) {
                int node = n;
                others.add(starting.submit(() -> start(database, node)));
            }
            for (Future<ConfigurableApplicationContext> other : others) {
                nodes.add(other.get(120, TimeUnit.SECONDS));
            }
        } finally {
            starting.shutdownNow();
        }
        System.out.printf("ThreeNodesIT: %d nodes started (%.1f s)%n", NODES, seconds(started));
        for (ConfigurableApplicationContext node : nodes) {
            apis.add(new Api("http://localhost:" + node.getEnvironment().getProperty("local.server.port")));
        }
        jdbc = nodes.get(0).getBean(JdbcClient.class);
    }

    /** One node: its own port and pools, the shared database and clock, every job scheduled every 200 ms. */
    private static ConfigurableApplicationContext start(String database, int node) {
        return new SpringApplicationBuilder(CreditdeskApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("threeNodesClock",
                        MutableClock.class, () -> clock, definition -> definition.setPrimary(true)))
                .run("--server.port=0", "--creditdesk.database.url=" + database, "--creditdesk.database.user=postgres",
                        "--creditdesk.jobs.enabled=true", "--creditdesk.admin-key=" + OPERATOR_KEY,
                        "--server.tomcat.threads.max=10", "--creditdesk.database.pool-size=16",
                        "--spring.task.scheduling.pool.size=4",
                        "--creditdesk.stripe.api-base=" + StripeServer.url(),
                        "--spring.mail.host=localhost", "--spring.mail.port=" + MailServer.port(),
                        "--creditdesk.jobs.hold-expiry-delay=PT0.2S", "--creditdesk.jobs.block-expiry-delay=PT1S",
                        "--creditdesk.jobs.email-delay=PT0.2S", "--creditdesk.jobs.refund-submit-delay=PT0.2S",
                        "--creditdesk.jobs.webhook-delay=PT0.2S", "--creditdesk.jobs.renewal-delay=PT1S",
                        "--creditdesk.jobs.staff-email-delay=PT1S", "--creditdesk.webhooks.timeout=20s", "--creditdesk.jobs.intake-delay=PT1S",
                        "--spring.application.name=creditdesk-node-" + node, "--logging.level.root=warn");
    }

    @AfterAll
    static void stopThreeNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);
        nodes.clear();
        apis.clear();
        if (receiver != null) {
            receiver.stop();
        }
    }

    private record Tenant(UUID id, String secretKey, String supportKey, String adminKey) {
    }

    /** What one client thread did: credits consumed by completed tasks, tasks left held to expire. */
    private record Spent(long consumed, int completed, int failed, int raced, Map<String, Long> leftHeld) {
    }

    @Test
    void threeNodesSpendTheSameAccountsWithoutOverspendingAndDoEveryJobOnce() throws Exception {
        Api first = apis.get(0);
        Tenant tenant = newTenant(first);
        String endpoint = first.post("/v1/webhook-endpoints", tenant.adminKey(), Map.of("url",
                receiver.baseUrl() + "/hooks", "enabled_events", List.of("*"), "description", "three nodes")).text("id");
        assertThat(endpoint).isNotNull();
        List<UUID> accounts = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            UUID account = newAccount(apis.get(a % NODES), tenant, "spender-" + a + "@three-nodes.test");
            for (int g = 0; g < 2; g++) {
                Api.Response granted = apis.get((a + g + 1) % NODES).post("/v1/credit-grants", tenant.secretKey(),
                        Map.of("account_id", account, "credits", GRANT, "source", "promotional"));
                assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            }
            accounts.add(account);
        }

        long started = System.nanoTime();
        // (a) spending: every account through every node at once, with completes and fails racing across nodes
        List<Spent> spent = spendConcurrently(tenant, accounts);
        Map<UUID, Long> consumed = new HashMap<>();
        Map<String, Long> leftHeld = new HashMap<>();
        for (int t = 0; t < THREADS; t++) {
            consumed.merge(accounts.get(t % ACCOUNTS), spent.get(t).consumed(), Long::sum);
            leftHeld.putAll(spent.get(t).leftHeld());
        }
        System.out.printf("ThreeNodesIT: %d tasks completed, %d failed, %d complete/fail races, %d left to expire "
                        + "(%.1f s)%n", spent.stream().mapToInt(Spent::completed).sum(), spent.stream().mapToInt(Spent::failed).sum(),
                spent.stream().mapToInt(Spent::raced).sum(), leftHeld.size(), seconds(started));
        assertThat(spent.stream().mapToInt(Spent::completed).sum()).as("tasks completed").isPositive();
        assertThat(leftHeld).as("tasks left held to expire").isNotEmpty();
        Map<UUID, AccountSums> sums = LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
        long heldByAccountsTotal = 0;
        for (int a = 0; a < ACCOUNTS; a++) {
            UUID account = accounts.get(a);
            Api.Response balance = apis.get(a % NODES).get("/v1/accounts/" + account + "/balance", tenant.secretKey());
            long held = balance.number("held");
            heldByAccountsTotal += held;
            assertThat(consumed.get(account)).as("consumed from account %d", a).isLessThanOrEqualTo(2 * GRANT);
            assertThat(balance.number("available")).as("available of account %d", a).isNotNegative()
                    .isEqualTo(2 * GRANT - consumed.get(account) - held);
            assertThat(sums.get(account).consumed()).as("consumed by the blocks of account %d", a)
                    .isEqualTo(consumed.get(account));
            assertThat(sums.get(account).held()).as("held by the blocks of account %d", a).isEqualTo(held);
        }
        assertThat(heldByAccountsTotal).as("held: exactly the tasks left to expire")
                .isEqualTo(leftHeld.values().stream().mapToLong(Long::longValue).sum());

        // holds past their TTL: three nodes' expiry jobs compete, each hold is released once
        clock.advance(Duration.ofSeconds(LEFT_HELD_TTL_SECONDS + 60));
        awaitZero("holds still held", () -> jdbc.sql("select count(*) from holds where tenant_id = :t and status = 'held'")
                .param("t", tenant.id()).query(Long.class).single());
        System.out.printf("ThreeNodesIT: holds expired (%.1f s)%n", seconds(started));
        sums = LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
        for (int a = 0; a < ACCOUNTS; a++) {
            UUID account = accounts.get(a);
            Api.Response balance = apis.get((a + 1) % NODES).get("/v1/accounts/" + account + "/balance",
                    tenant.secretKey());
            assertThat(balance.number("held")).as("held of account %d after expiry", a).isZero();
            assertThat(balance.number("available")).as("available of account %d after expiry", a)
                    .isEqualTo(2 * GRANT - consumed.get(account));
            assertThat(sums.get(account).availableFromEntries()).isEqualTo(2 * GRANT - consumed.get(account));
        }
        for (Map.Entry<String, Long> task : leftHeld.entrySet()) {
            assertThat(first.get("/v1/tasks/" + task.getKey(), tenant.secretKey()).text("status"))
                    .as("task %s left held", task.getKey()).isEqualTo("expired");
        }
        assertThat(jdbc.sql("""
                        select count(*) from holds h
                        where h.tenant_id = :t and h.status = 'expired'
                          and (select count(*) from ledger_entries e
                               where e.tenant_id = h.tenant_id and e.hold_id = h.id and e.type = 'release')
                              <> (select count(*) from ledger_entries e
                                  where e.tenant_id = h.tenant_id and e.hold_id = h.id and e.type = 'hold')""")
                .param("t", tenant.id()).query(Long.class).single())
                .as("expired holds released other than once per block they held").isZero();
        assertThat(jdbc.sql("select count(*) from events where tenant_id = :t and type = 'task.hold_expired'")
                .param("t", tenant.id()).query(Long.class).single())
                .as("task.hold_expired events").isEqualTo(leftHeld.size());

        // (b) refunds to Stripe and the emails about them, and incidents announced by webhook, all made
        // through the three nodes while their jobs run
        StubMapping stripe = StripeServer.server().stubFor(post(urlEqualTo("/v1/refunds"))
                .withHeader("Authorization", equalTo("Bearer " + STRIPE_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"re_{{request.headers.Idempotency-Key}}\", \"object\": \"refund\", "
                                + "\"status\": \"succeeded\", \"amount\": 2990, \"currency\": \"usd\"}")
                        .withTransformers("response-template")));
        try {
            List<String> refundIds = requestRefundsAndOpenIncidents(tenant);
            System.out.printf("ThreeNodesIT: refunds requested, incidents opened (%.1f s)%n", seconds(started));
            awaitZero("refunds not yet succeeded", () -> jdbc.sql("""
                            select count(*) from provider_refunds where tenant_id = :t and status <> 'succeeded'""")
                    .param("t", tenant.id()).query(Long.class).single());
            for (String refund : refundIds) {
                List<LoggedRequest> sent = StripeServer.server().findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                        .withHeader("Idempotency-Key", equalTo("creditdesk-refund-" + refund)));
                assertThat(sent).as("Stripe requests for refund %s", refund).hasSize(1);
            }
        } finally {
            StripeServer.server().removeStub(stripe);
        }

        awaitZero("emails not yet sent", () -> jdbc.sql("""
                        select count(*) from email_outbox where tenant_id = :t and status <> 'sent'""")
                .param("t", tenant.id()).query(Long.class).single());
        System.out.printf("ThreeNodesIT: refunds and emails sent (%.1f s)%n", seconds(started));
        List<String> outbox = jdbc.sql("select message_id from email_outbox where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).list();
        assertThat(outbox).as("emails: received, approved and refund sent per request")
                .hasSize(3 * REFUND_REQUESTS);
        Map<String, Long> received = Arrays.stream(MailServer.server().getReceivedMessages())
                .map(ThreeNodesIT::messageId).filter(outbox::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(received.keySet()).as("emails received").containsExactlyInAnyOrderElementsOf(outbox);
        assertThat(received).as("times each email arrived").allSatisfy((id, times) -> assertThat(times).isOne());

        awaitZero("webhook deliveries not yet succeeded", () -> jdbc.sql("""
                        select count(*) from webhook_deliveries where tenant_id = :t and status <> 'succeeded'""")
                .param("t", tenant.id()).query(Long.class).single());
        System.out.printf("ThreeNodesIT: webhooks delivered (%.1f s)%n", seconds(started));
        List<String> events = jdbc.sql("select id::text from events where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).list();
        assertThat(events).as("events: grants, expired holds, incidents, refund requests and refunds")
                .hasSizeGreaterThanOrEqualTo(2 * ACCOUNTS + leftHeld.size() + INCIDENTS + 2 * REFUND_REQUESTS);
        Map<String, Long> delivered = receiver.findAll(postRequestedFor(urlPathEqualTo("/hooks"))).stream()
                .collect(Collectors.groupingBy(request -> request.getHeader("webhook-id"), Collectors.counting()));
        assertThat(delivered.keySet()).as("events delivered").containsExactlyInAnyOrderElementsOf(events);
        List<String> attempts = jdbc.sql("""
                        select d.event_id::text || ' attempt at ' || a.attempted_at || ': ' || coalesce(a.status_code::text, a.error)
                        from webhook_attempts a
                        join webhook_deliveries d on d.tenant_id = a.tenant_id and d.id = a.delivery_id
                        where a.tenant_id = :t and d.attempts <> 1 order by 1""")
                .param("t", tenant.id()).query(String.class).list();
        assertThat(delivered).as("times each event was delivered; attempts of deliveries tried more than once: %s",
                attempts).allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(attempts).as("attempts of deliveries tried more than once").isEmpty();

        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    /**
     * {@link #THREADS} clients, thread {@code t} on node {@code t % 3} and account {@code t % 4} (so
     * every account is spent through every node), reserve 1–20 credits until refused a few times in
     * a row. Each reservation is completed (0..reserved used), failed, raced (complete here, fail on
     * the next node, at once: exactly one wins), or left held with a short TTL for the expiry jobs.
     */
    private List<Spent> spendConcurrently(Tenant tenant, List<UUID> accounts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ExecutorService racers = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Future<Spent>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                Api client = apis.get(t % NODES);
                Api other = apis.get((t + 1) % NODES);
                UUID account = accounts.get(t % ACCOUNTS);
                Callable<Spent> spender = () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long consumed = 0;
                    int completed = 0;
                    int failed = 0;
                    int raced = 0;
                    Map<String, Long> leftHeld = new HashMap<>();
                    int refusedInARow = 0;
                    ready.countDown();
                    go.await();
                    for (int round = 0; refusedInARow < REFUSALS_TO_STOP; round++) {
                        if (round == MAX_ROUNDS_PER_THREAD) {
                            unexpected.add("a thread never ran dry after " + round + " rounds");
                            break;
                        }
                        long credits = 1 + random.nextInt(20);
                        int action = random.nextInt(10);
                        boolean leave = action == 0;
                        Map<String, Object> body = leave
                                ? Map.of("account_id", account, "credits", credits, "ttl_seconds", LEFT_HELD_TTL_SECONDS)
                                : Map.of("account_id", account, "credits", credits);
                        Api.Response reserved = client.post("/v1/tasks", tenant.secretKey(), body);
                        if (reserved.status() == 402) {
                            refusedInARow++;
                            if (reserved.number("available") >= credits || reserved.number("available") < 0) {
                                unexpected.add("402 with wrong numbers for " + credits + ": " + reserved);
                                break;
                            }
                            continue;
                        }
                        refusedInARow = 0;
                        if (reserved.status() != 201) {
                            unexpected.add("reserve " + credits + ": " + reserved);
                            break;
                        }
                        String task = reserved.text("id");
                        long used = random.nextLong(credits + 1);
                        if (leave) {
                            leftHeld.put(task, credits);
                        } else if (action <= 2) {
                            Api.Response fail = other.post("/v1/tasks/" + task + "/fail", tenant.secretKey(),
                                    Map.of("reason", "three nodes"));
                            if (fail.status() != 200) {
                                unexpected.add("fail: " + fail);
                                break;
                            }
                            failed++;
                        } else if (action <= 4) {
                            CompletableFuture<Api.Response> fail = CompletableFuture.supplyAsync(() -> other.post(
                                    "/v1/tasks/" + task + "/fail", tenant.secretKey(), Map.of("reason", "raced")), racers);
                            Api.Response complete = client.post("/v1/tasks/" + task + "/complete", tenant.secretKey(),
                                    Map.of("credits", used));
                            Api.Response failure = fail.get(60, TimeUnit.SECONDS);
                            List<Integer> statuses = List.of(complete.status(), failure.status());
                            if (!statuses.contains(200) || !statuses.contains(409)) {
                                unexpected.add("race on " + task + ": complete " + complete + " / fail " + failure);
                                break;
                            }
                            if (complete.status() == 200) {
                                consumed += used;
                                completed++;
                            } else {
                                failed++;
                            }
                            raced++;
                        } else {
                            Api.Response done = client.post("/v1/tasks/" + task + "/complete", tenant.secretKey(),
                                    Map.of("credits", used));
                            if (done.status() != 200 || done.number("credits_used") != used) {
                                unexpected.add("complete using " + used + " of " + credits + ": " + done);
                                break;
                            }
                            consumed += used;
                            completed++;
                        }
                    }
                    return new Spent(consumed, completed, failed, raced, leftHeld);
                };
                futures.add(pool.submit(spender));
            }
            ready.await();
            go.countDown();
            List<Spent> spent = new ArrayList<>();
            for (Future<Spent> future : futures) {
                spent.add(future.get(120, TimeUnit.SECONDS));
            }
            assertThat(unexpected).as("unexpected answers").isEmpty();
            return spent;
        } finally {
            pool.shutdownNow();
            racers.shutdownNow();
        }
    }

    /**
     * {@link #REFUND_REQUESTS} customers of Stripe-paid orders ask for their money back (the policy
     * approves and writes a refund) while incidents are opened, all spread over the three nodes at
     * once; answers the refunds' ids.
     */
    private List<String> requestRefundsAndOpenIncidents(Tenant tenant) throws Exception {
        Api.Response settings = apis.get(2).post("/v1/payment-settings", tenant.adminKey(),
                Map.of("stripe_api_key", STRIPE_KEY, "stripe_webhook_secret", "whsec_three_nodes"));
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        ExecutorService pool = Executors.newFixedThreadPool(2 * NODES);
        try {
            List<Future<String>> refunds = new ArrayList<>();
            for (int r = 0; r < REFUND_REQUESTS; r++) {
                Api client = apis.get(r % NODES);
                int number = r;
                refunds.add(pool.submit(() -> {
                    String email = "customer-" + number + "-" + UUID.randomUUID() + "@three-nodes.test";
                    UUID account = newAccount(client, tenant, email);
                    String order = "TN-" + number;
                    Api.Response created = client.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                            "order_number", order, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                            "purchased_at", purchasedAt.toString(),
                            "charge", Map.of("provider", "stripe", "transaction_id", "pi_TN" + UUID.randomUUID())));
                    assertThat(created.status()).as(created.toString()).isEqualTo(201);
                    Api.Response request = apis.get((number + 1) % NODES).post("/v1/refund-requests",
                            tenant.secretKey(), Map.of("email", email, "order_number", order, "purchase_date",
                                    LocalDate.ofInstant(purchasedAt, ZoneOffset.UTC).toString(),
                                    "category", "change_of_mind", "reason", "changed my mind"));
                    assertThat(request.status()).as(request.toString()).isEqualTo(201);
                    assertThat(request.text("status")).as(request.toString()).isEqualTo("approved");
                    return request.text("refund_id");
                }));
            }
            List<Future<?>> incidents = new ArrayList<>();
            for (int i = 0; i < INCIDENTS; i++) {
                Api client = apis.get(i % NODES);
                int number = i;
                incidents.add(pool.submit(() -> {
                    Api.Response opened = client.post("/v1/incidents", tenant.supportKey(), Map.of("title",
                            "incident " + number, "scope", "full", "started_at",
                            clock.instant().minus(Duration.ofHours(1)).toString()));
                    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
                }));
            }
            for (Future<?> incident : incidents) {
                incident.get(60, TimeUnit.SECONDS);
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> refund : refunds) {
                ids.add(refund.get(60, TimeUnit.SECONDS));
            }
            assertThat(Set.copyOf(ids)).hasSize(REFUND_REQUESTS);
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Tenant newTenant(Api api) {
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "three-nodes-" + UUID.randomUUID(),
                "policy", "tiered-usage", "settings", Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD",
                        "support_email", "support@three-nodes.test")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.text("id"));
        return new Tenant(id, created.body().get("secret_key").get("key").asString(), key(api, id, "support"),
                key(api, id, "admin"));
    }

    private static String key(Api api, UUID tenant, String role) {
        Api.Response key = api.post("/v1/tenants/" + tenant + "/keys", OPERATOR_KEY, Map.of("role", role));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.text("key");
    }

    private static UUID newAccount(Api api, Tenant tenant, String email) {
        Api.Response account = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "user-" + UUID.randomUUID(), "email", email));
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        return UUID.fromString(account.text("id"));
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Polls until {@code count} answers zero, failing with what is left when {@link #DEADLINE} passes. */
    private static void awaitZero(String what, LongSupplier count) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long left = count.getAsLong();
        while (left != 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            left = count.getAsLong();
        }
        assertThat(left).as(what).isZero();
    }
}
