package dev.creditdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.CreditdeskApplication;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a start does with the shipped settings alone (the jar's application.properties, not the
 * tests' config/application.properties) on an empty database: {@code java -jar} creates no tenant
 * and prints one key, the operator key of its banner; the demo profile, which
 * {@code ./mvnw spring-boot:run} turns on, creates the demo tenants and prints their keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartDefaultsIT {

    private static final Pattern KEY = Pattern.compile("cd_[a-z]+_[A-Za-z0-9_-]{20,}");

    /**
     * Starts with only what the jar ships (spring.config.location leaves the tests' settings out),
     * on a fresh database; the command line adds the port and where the database is.
     */
    private static ConfigurableApplicationContext start(String database, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.config.location=classpath:/", "--server.port=0",
                "--creditdesk.database.url=" + TestDatabase.newDatabase(database),
                "--creditdesk.database.user=postgres",
                "--creditdesk.demo.keys-file=" + dir.resolve("demo-keys.txt")));
        for (String property : more) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(CreditdeskApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> keysIn(String output) {
        List<String> keys = new ArrayList<>();
        Matcher key = KEY.matcher(output);
        while (key.find()) {
            keys.add(key.group());
        }
        return keys;
    }

    private static long count(ConfigurableApplicationContext app, String sql) throws Exception {
        String url = app.getEnvironment().getProperty("creditdesk.database.url");
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aProductionStartCreatesNoTenantAndPrintsOnlyTheOperatorKey(CapturedOutput output, @TempDir Path dir)
            throws Exception {
        try (ConfigurableApplicationContext app = start("start_defaults_production", dir)) {
            assertThat(app.getEnvironment().getActiveProfiles()).isEmpty();
            assertThat(count(app, "select count(*) from tenants")).isZero();
            assertThat(count(app, "select count(*) from api_keys where tenant_id is not null")).isZero();
            assertThat(app.getBeanProvider(DemoData.class).getIfAvailable()).isNull();
            assertThat(app.getBeanProvider(DemoMail.class).getIfAvailable()).isNull();
            assertThat(dir.resolve("demo-keys.txt")).doesNotExist();

            List<String> keys = keysIn(output.getAll());
            assertThat(keys).as("keys in the output").hasSize(1);
            String operatorKey = keys.get(0);
            assertThat(operatorKey).startsWith("cd_operator_");
            assertThat(output.getAll().lines().filter(l -> l.contains(operatorKey)).toList()).singleElement()
                    .asString().contains("Operator key (shown once");

            // the banner's key is the operator's: tenants (none) and the actuator beyond health
            Api api = new Api("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
            Api.Response tenants = api.get("/v1/tenants", operatorKey);
            assertThat(tenants.status()).isEqualTo(200);
            assertThat(tenants.body().get("data")).isEmpty();
            assertThat(api.get("/actuator/health", null).text("status")).isEqualTo("UP");
            assertThat(api.get("/actuator/info", null).status()).isEqualTo(401);
            assertThat(api.get("/actuator/info", operatorKey).status()).isEqualTo(200);
        }
    }

    @Test
    void theDemoProfileCreatesTheDemoTenantsAndShowsTheirKeys(CapturedOutput output, @TempDir Path dir)
            throws Exception {
        try (ConfigurableApplicationContext app = start("start_defaults_demo", dir, "spring.profiles.active=demo",
                "creditdesk.demo.mail.smtp-port=" + freePort(), "creditdesk.demo.mail.imap-port=" + freePort())) {
            assertThat(count(app, "select count(*) from tenants where name in"
                    + " ('demo-exceptions', 'demo-tiered', 'demo-review')")).isEqualTo(3);
            assertThat(app.getBeanProvider(DemoMail.class).getIfAvailable()).as("the demo mail server").isNotNull();
            List<String> written = keysIn(Files.readString(dir.resolve("demo-keys.txt")));
            assertThat(written).hasSize(9);
            assertThat(keysIn(output.getAll())).containsAll(written).anyMatch(k -> k.startsWith("cd_operator_"));
        }
    }

    /** The README's first command, {@code ./mvnw spring-boot:run}, is the one that turns the demo profile on. */
    @Test
    void springBootRunActivatesTheDemoProfile() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).containsPattern("(?s)<artifactId>spring-boot-maven-plugin</artifactId>((?!</plugin>).)*"
                + "<configuration>\\s*(<!--((?!-->).)*-->\\s*)?<profiles>\\s*<profile>demo</profile>\\s*</profiles>");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
