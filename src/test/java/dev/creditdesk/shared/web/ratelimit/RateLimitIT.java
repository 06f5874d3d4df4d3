package dev.creditdesk.shared.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's rate limits over HTTP: per key, per client address for requests without a valid key,
 * per address for webhooks, and one bucket seen alike by two nodes. Each test has its own client
 * address (X-Forwarded-For from a trusted proxy) and small limits for its own keys and addresses,
 * so the rest of the suite keeps its huge ones.
 */
class RateLimitIT extends IntegrationTest {

    /** Answers 404 (no such account) to a valid key: the request went through. */
    private static final String NOBODY = "/v1/accounts/00000000-0000-7000-8000-000000000000";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RateLimiter limiter;

    @Autowired
    RateLimitProperties settings;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    record Answer(int status, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode problem() {
            return JSON.readTree(raw.body());
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    @Test
    void aKeyOverItsLimitIsAnswered429UntilItsBucketRefills() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        limiter.use(LimitKind.API_KEY, RateLimiter.keySubject(tenant.secretKey()), Limit.of(1, 3));
        String address = newAddress();
        assertThat(get(NOBODY, tenant.secretKey(), address).status())
                .as("its first request, counted against the address until the key is seen valid").isEqualTo(404);

        for (int i = 0; i < 3; i++) {
            Answer allowed = get(NOBODY, tenant.secretKey(), address);
            assertThat(allowed.status()).as(allowed.toString()).isEqualTo(404);
            assertThat(allowed.header("RateLimit-Remaining")).isEqualTo(Long.toString(2 - i));
        }
        Answer refused = get(NOBODY, tenant.secretKey(), address);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.problem().get("type").asString()).isEqualTo("https://creditdesk.dev/problems/rate-limited");
        assertThat(refused.problem().get("limit").asString()).isEqualTo("api-key");
        assertThat(refused.problem().get("detail").asString()).contains("this API key", "1 per second");
        // another spelling of the path does not reach a fresh bucket: it is refused before anything draws
        assertThat(get("/%761/accounts/00000000-0000-7000-8000-000000000000", tenant.secretKey(), address).status()).isEqualTo(400);
        assertThat(get(NOBODY, tenant.secretKey(), address).status()).isEqualTo(429);
        // another key, from the same address, is unaffected
        assertThat(get(NOBODY, other.secretKey(), address).status()).isEqualTo(404);
        assertThat(get(NOBODY, other.secretKey(), address).status()).isEqualTo(404);

        clock.advance(Duration.ofSeconds(1));
        assertThat(get(NOBODY, tenant.secretKey(), address).status()).isEqualTo(404);
        assertThat(get(NOBODY, tenant.secretKey(), address).status()).isEqualTo(429);

        String bucket = LimitKind.API_KEY.bucketId(RateLimiter.keySubject(tenant.secretKey()));
        assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id = :id").param("id", bucket)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id like :key")
                .param("key", "%" + tenant.secretKey() + "%").query(Long.class).single())
                .as("keys are stored as hashes only").isZero();
    }

    @Test
    void requestsWithoutAKeyAreLimitedPerClientAddress() {
        String address = newAddress();
        limiter.use(LimitKind.CLIENT_ADDRESS, address, Limit.of(1, 2));

        assertThat(get(NOBODY, null, address).status()).isEqualTo(401);
        assertThat(get(NOBODY, null, address).status()).isEqualTo(401);
        Answer refused = get(NOBODY, null, address);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.problem().get("limit").asString()).isEqualTo("client-address");
        assertThat(get(NOBODY, null, newAddress()).status())
                .as("another address").isEqualTo(401);

        clock.advance(Duration.ofSeconds(1));
        assertThat(get(NOBODY, null, address).status()).isEqualTo(401);
    }

    @Test
    void invalidKeysCountAgainstTheirAddressWhileAKnownValidKeyThereKeepsWorking() {
        TestTenant tenant = newTenant();
        String address = newAddress();
        limiter.use(LimitKind.CLIENT_ADDRESS, address, Limit.of(1, 3));

        assertThat(get(NOBODY, tenant.secretKey(), address).status()).isEqualTo(404);
        assertThat(get(NOBODY, "cd_secret_" + UUID.randomUUID(), address).status())
                .isEqualTo(401);
        assertThat(get(NOBODY, "cd_secret_" + UUID.randomUUID(), address).status())
                .isEqualTo(401);
        String guess = "cd_secret_" + UUID.randomUUID();
        Answer refused = get(NOBODY, guess, address);
        assertThat(refused.status()).as("a fresh guess each time: limited by address, not by key")
                .isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id = :id")
                .param("id", LimitKind.API_KEY.bucketId(RateLimiter.keySubject(guess))).query(Long.class).single())
                .as("guesses make no buckets").isZero();
        assertThat(refused.problem().get("limit").asString()).isEqualTo("client-address");
        assertThat(get(NOBODY, tenant.secretKey(), address).status())
                .as("the key seen to be valid draws from its own bucket only").isEqualTo(404);
    }

    @Test
    void webhooksAreLimitedPerClientAddress() {
        String address = newAddress();
        limiter.use(LimitKind.WEBHOOK, address, Limit.of(1, 1));
        String path = "/v1/webhooks/stripe/" + UUID.randomUUID();

        assertThat(post(path, address).status()).isNotEqualTo(429);
        Answer refused = post(path, address);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.problem().get("limit").asString()).isEqualTo("webhook");
    }

    @Test
    void twoNodesDrawFromOneBucket() {
        RateLimiter otherNode = new RateLimiter(dataSource, clock, settings);
        String subject = newAddress();
        limiter.use(LimitKind.CLIENT_ADDRESS, subject, Limit.of(1, 2));
        otherNode.use(LimitKind.CLIENT_ADDRESS, subject, Limit.of(1, 2));

        assertThat(limiter.draw(LimitKind.CLIENT_ADDRESS, subject).allowed()).isTrue();
        assertThat(otherNode.draw(LimitKind.CLIENT_ADDRESS, subject).allowed()).isTrue();
        assertThat(limiter.draw(LimitKind.CLIENT_ADDRESS, subject).allowed()).isFalse();
        Verdict refused = otherNode.draw(LimitKind.CLIENT_ADDRESS, subject);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(otherNode.draw(LimitKind.CLIENT_ADDRESS, subject).allowed()).isTrue();
        assertThat(limiter.draw(LimitKind.CLIENT_ADDRESS, subject).allowed()).isFalse();
    }

    /** An address of TEST-NET-3 (not a private range, which the server would take for a proxy of its own). */
    static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "203.0." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private Answer get(String path, String key, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.header("X-Forwarded-For", address));
    }

    private Answer post(String path, String address) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
