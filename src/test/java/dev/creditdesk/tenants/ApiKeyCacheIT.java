package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.MailServer;
import dev.creditdesk.support.MutableClock;
import dev.creditdesk.support.StripeServer;
import dev.creditdesk.support.TestClockConfiguration;
import dev.creditdesk.support.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The API key cache across nodes on one database: this suite's shared application (node A, cache
 * on), node B (cache on, its own clock) and node C ({@code cache-ttl=0}, as before the cache). B and
 * C count the statements they send that touch {@code api_keys}.
 */
class ApiKeyCacheIT extends IntegrationTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private static Node cached;
    private static Node uncached;

    private record Node(ConfigurableApplicationContext context, Api api, MutableClock clock, AtomicInteger keyReads) {
    }

    @BeforeEach
    void startNodes() {
        if (cached == null) {
            cached = start("5s");
            uncached = start("0s");
        }
    }

    @AfterAll
    static void stopNodes() {
        for (Node node : new Node[] {cached, uncached}) {
            if (node != null) {
                node.context().close();
            }
        }
        cached = null;
        uncached = null;
    }

    @Test
    void aKeyRevokedOnThisNodeIsRefusedAtOnce() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String key = issueKey(tenant.id(), "support");
        assertThat(cached.api().get("/v1/accounts/" + account, key).status()).isEqualTo(200);
        int reads = cached.keyReads().get();
        assertThat(cached.api().get("/v1/accounts/" + account, key).status()).isEqualTo(200);
        assertThat(cached.keyReads()).as("the key is answered from memory").hasValue(reads);

        revoke(cached.api(), tenant, key);

        Api.Response refused = cached.api().get("/v1/accounts/" + account, key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("type")).endsWith("/revoked-api-key");
        // and on the suite's node, which revoked nothing but had not kept the key
        assertThat(api.get("/v1/accounts/" + account, key).status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedOnAnotherNodeWorksHereUntilTheTtlHasPassedThenIsRefused() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String key = issueKey(tenant.id(), "support");
        assertThat(cached.api().get("/v1/accounts/" + account, key).status()).isEqualTo(200);

        revoke(api, tenant, key); // on node A
        assertThat(api.get("/v1/accounts/" + account, key).status()).as("on the node that revoked").isEqualTo(401);

        cached.clock().advance(TTL.minusMillis(1));
        assertThat(cached.api().get("/v1/accounts/" + account, key).status()).as("within the TTL").isEqualTo(200);
        cached.clock().advance(Duration.ofMillis(1));
        Api.Response refused = cached.api().get("/v1/accounts/" + account, key);
        assertThat(refused.status()).as("once the TTL has passed").isEqualTo(401);
        assertThat(refused.text("type")).endsWith("/revoked-api-key");
    }

    @Test
    void aKeyInMemoryCostsNoStatementAnUnknownOneCostsOneEachTime() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        cached.api().get("/v1/accounts/" + account, tenant.secretKey());
        int reads = cached.keyReads().get();
        for (int i = 0; i < 20; i++) {
            assertThat(cached.api().get("/v1/accounts/" + account, tenant.secretKey()).status()).isEqualTo(200);
            assertThat(cached.api().get("/v1/tenants/" + tenant.id(), OPERATOR_KEY).status()).isEqualTo(200);
        }
        assertThat(cached.keyReads()).hasValue(reads);

        String madeUp = "cd_secret_" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(cached.api().get("/v1/accounts/" + account, madeUp).text("type")).endsWith("/invalid-api-key");
        }
        assertThat(cached.keyReads()).hasValue(reads + 3);
    }

    @Test
    void withATtlOfZeroEveryRequestReadsTheKeyAndARevocationAnywhereIsSeenAtOnce() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String key = issueKey(tenant.id(), "support");
        int reads = uncached.keyReads().get();
        for (int i = 0; i < 5; i++) {
            assertThat(uncached.api().get("/v1/accounts/" + account, key).status()).isEqualTo(200);
            assertThat(uncached.api().get("/v1/tenants/" + tenant.id(), OPERATOR_KEY).status()).isEqualTo(200);
        }
        assertThat(uncached.keyReads()).as("one per request with a tenant key, none for the configured operator key")
                .hasValue(reads + 5);

        revoke(api, tenant, key); // on node A
        Api.Response refused = uncached.api().get("/v1/accounts/" + account, key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("type")).endsWith("/revoked-api-key");
    }

    private void revoke(Api on, TestTenant tenant, String key) {
        String keyId = null;
        for (var listed : api.get("/v1/tenants/" + tenant.id() + "/keys?limit=100", OPERATOR_KEY).body().get("data")) {
            if (key.startsWith(listed.get("prefix").asString())) {
                keyId = listed.get("id").asString();
            }
        }
        Api.Response revoked = on.post("/v1/tenants/" + tenant.id() + "/keys/" + keyId + "/revoke", OPERATOR_KEY, null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    }

    /** A second node on the suite's database, with its own clock and a count of its api_keys statements. */
    private static Node start(String cacheTtl) {
        MutableClock clock = new MutableClock(TestClockConfiguration.START);
        AtomicInteger keyReads = new AtomicInteger();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CreditdeskApplication.class)
                .initializers(c -> {
                    ((GenericApplicationContext) c).registerBean("nodeClock", MutableClock.class, () -> clock,
                            definition -> definition.setPrimary(true));
                    c.getBeanFactory().addBeanPostProcessor(countingKeyReads(keyReads));
                })
                .run("--server.port=0", "--creditdesk.database.url=" + TestDatabase.url(),
                        "--creditdesk.database.user=postgres", "--creditdesk.database.pool-size=4",
                        "--server.tomcat.threads.max=4", "--creditdesk.api-keys.cache-ttl=" + cacheTtl,
                        "--creditdesk.stripe.api-base=" + StripeServer.url(), "--spring.mail.host=localhost",
                        "--spring.mail.port=" + MailServer.port(), "--logging.level.root=warn");
        String port = context.getEnvironment().getProperty("local.server.port");
        return new Node(context, new Api("http://localhost:" + port), clock, keyReads);
    }

    /** Wraps the DataSource (a subclass proxy, so HikariDataSource is still one) to count api_keys statements. */
    private static BeanPostProcessor countingKeyReads(AtomicInteger count) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)) {
                    return bean;
                }
                ProxyFactory factory = new ProxyFactory(dataSource);
                factory.setProxyTargetClass(true);
                factory.addAdvice((MethodInterceptor) invocation -> {
                    Object result = invocation.proceed();
                    return result instanceof Connection connection ? counting(connection, count) : result;
                });
                return factory.getProxy();
            }
        };
    }

    private static Connection counting(Connection connection, AtomicInteger count) {
        return (Connection) Proxy.newProxyInstance(ApiKeyCacheIT.class.getClassLoader(),
                ClassUtils.getAllInterfacesForClass(connection.getClass()), (proxy, method, args) -> {
                    if (method.getName().equals("equals")) {
                        return args[0] == proxy;
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                            && sql.toLowerCase(Locale.ROOT).contains("api_keys")) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
