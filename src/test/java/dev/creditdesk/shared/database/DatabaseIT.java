package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Where the data lives: the embedded PostgreSQL in a directory that survives restarts, or an external one. */
class DatabaseIT {

    private static final String OPERATOR_KEY = "cd_operator_database-it";

    /** Starts the server; properties go on the command line, which outranks the test configuration files. */
    private static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--creditdesk.jobs.enabled=false",
                "--creditdesk.admin-key=" + OPERATOR_KEY));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(CreditdeskApplication.class).run(args.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void embeddedDataSurvivesARestartAndDemoTenantsAreSeededOnce(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        Path keys = dir.resolve("demo-keys.txt");
        String[] properties = {"creditdesk.database.data-directory=" + data, "creditdesk.demo.enabled=true",
                "creditdesk.demo.keys-file=" + keys};
        String tenantId;
        String demoSecret;
        try (ConfigurableApplicationContext first = start(properties)) {
            Api api = api(first);
            Api.Response tenant = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "kept", "settings",
                    Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD", "support_email", "s@example.com")));
            assertThat(tenant.status()).isEqualTo(201);
            tenantId = tenant.text("id");
            List<String> lines = Files.readAllLines(keys);
            assertThat(api.get("/v1/catalog/products", lines.stream().filter(l -> l.contains("secret:")).findFirst()
                    .orElseThrow().replaceAll(".*secret:\\s*", "")).body().get("data")).isNotEmpty();
            assertThat(lines).anyMatch(l -> l.startsWith("demo-exceptions"))
                    .anyMatch(l -> l.startsWith("demo-tiered")).anyMatch(l -> l.startsWith("demo-review"));
            demoSecret = lines.stream().filter(l -> l.contains("secret:")).findFirst().orElseThrow()
                    .replaceAll(".*secret:\\s*", "");
            // demo-review (listed last) has a case waiting in the review queue and an outage on record
            String reviewSupport = lines.stream().filter(l -> l.contains("support:")).reduce((x, y) -> y)
                    .orElseThrow().replaceAll(".*support:\\s*", "");
            assertThat(api.get("/v1/refund-requests?status=in_review", reviewSupport).body().get("data"))
                    .isNotEmpty();
            assertThat(api.get("/v1/incidents", reviewSupport).body().get("data")).hasSize(1);
        }
        assertThat(data.resolve("PG_VERSION")).exists();
        try (ConfigurableApplicationContext second = start(properties)) {
            Api api = api(second);
            assertThat(api.get("/v1/tenants/" + tenantId, OPERATOR_KEY).status()).isEqualTo(200);
            // the demo key from the first start still works, and no second set of demo tenants was made
            Api.Response account = api.post("/v1/accounts", demoSecret, Map.of("external_id", "u", "email", "u@example.com"));
            assertThat(account.status()).isEqualTo(201);
            assertThat(api.get("/v1/orders?order_number=DEMO-1001", demoSecret).body().get("data").get(0)
                    .get("status").asString()).isEqualTo("delivered");
            String url = second.getBean(EmbeddedPostgresServer.class).jdbcUrl();
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("select count(*) from tenants where name like 'demo-%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void aJdbcUrlPointsTheServerAtAnotherPostgres(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer external = EmbeddedPostgresServer.start(dir.resolve("external"), 0, true, false);
                ConfigurableApplicationContext app = start("creditdesk.database.url=" + external.jdbcUrl(),
                        "creditdesk.database.user=postgres", "creditdesk.database.password=")) {
            assertThat(app.getBeanProvider(EmbeddedPostgresServer.class).getIfAvailable()).isNull();
            String name = "external-" + UUID.randomUUID();
            Api.Response tenant = api(app).post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings",
                    Map.of("timezone", "UTC", "holiday_country", "US", "currency", "USD", "support_email", "s@example.com")));
            assertThat(tenant.status()).isEqualTo(201);
            try (Connection c = DriverManager.getConnection(external.jdbcUrl(), "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("select name from tenants")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(name);
            }
        }
    }
}
