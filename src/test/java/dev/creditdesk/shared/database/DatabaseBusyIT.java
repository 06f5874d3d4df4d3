package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * When no database connection is free the API answers 503 problem+json with Retry-After and
 * changes nothing; the client's retry then succeeds. The shared test context's pool (40, with a
 * 1 s connection timeout in the test configuration) is drained by holding every connection, so
 * no second application context is needed.
 */
class DatabaseBusyIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Value("${server.tomcat.threads.max}")
    int requestThreads;

    @Value("${creditdesk.database.pool-size}")
    int poolSize;

    @Test
    void anExhaustedPoolIs503WithRetryAfterAndTheRetryCompletesTheTask() throws SQLException {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String task = reserve(tenant, account, 30).text("id");

        List<Connection> held = new ArrayList<>();
        Api.Response busy;
        try {
            while (true) {
                try {
                    held.add(dataSource.getConnection());
                } catch (SQLException exhausted) {
                    break;
                }
            }
            busy = api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 20));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(held).isNotEmpty();
        assertThat(busy.status()).as(busy.toString()).isEqualTo(503);
        assertThat(busy.contentType()).startsWith("application/problem+json");
        assertThat(busy.header("Retry-After")).isEqualTo("2");
        assertThat(busy.text("type")).endsWith("/service-busy");

        Api.Response retried = api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 20));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(available(tenant, account)).isEqualTo(80);
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("held")).isZero();
    }

    @Test
    void sixtyFourConcurrentClientsAreAllServedBecauseThePoolCoversTheRequestThreads() throws Exception {
        assertThat(poolSize).as("pool size against server.tomcat.threads.max").isGreaterThanOrEqualTo(requestThreads);
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 6_400);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tasks.add(reserve(tenant, account, 100).text("id"));
        }
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (String task : tasks) {
                answers.add(clients.submit(() -> api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(),
                        Map.of("credits", 60))));
            }
            for (Future<Api.Response> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(available(tenant, account)).isEqualTo(6_400 - 64 * 60);
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("held")).isZero();
    }
}
