package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.portal.PublicUrl;
import dev.creditdesk.shared.database.DatabaseProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/ops/compose.yaml, checked without Docker (no engine or compose plugin here): the services
 * are wired to each other, and every environment variable given to Creditdesk reaches the setting
 * it means, read the way the application reads it (Spring's relaxed binding of the environment).
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docs", "ops", "compose.yaml");

    /** Each variable the compose file may give Creditdesk, and how the application reads it. */
    private static final Map<String, Function<StandardEnvironment, Object>> SETTINGS = Map.of(
            "CREDITDESK_DATABASE_URL", env -> database(env).url(),
            "CREDITDESK_DATABASE_USER", env -> database(env).user(),
            "CREDITDESK_DATABASE_PASSWORD", env -> database(env).password(),
            "CREDITDESK_ADMIN_KEY", env -> env.getProperty("creditdesk.admin-key"), // ApiKeys' @Value
            "CREDITDESK_PUBLIC_URL", env -> Binder.get(env).bind("creditdesk", PublicUrl.class).get().publicUrl(),
            "SPRING_MAIL_HOST", env -> mail(env).getHost(),
            "SPRING_MAIL_PORT", env -> String.valueOf(mail(env).getPort()));

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableReachesARealSettingAndTheServicesAreWired() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsOnlyKeys("postgres", "mailpit", "creditdesk");
        assertThat(services.get("postgres")).extracting(s -> ((Map<String, Object>) s).get("image")).isEqualTo("postgres:17");

        Map<String, Object> creditdesk = (Map<String, Object>) services.get("creditdesk");
        assertThat((String) creditdesk.get("image")).startsWith("creditdesk:");
        assertThat((Map<String, Object>) creditdesk.get("depends_on")).containsOnlyKeys("postgres", "mailpit");
        assertThat((List<String>) creditdesk.get("volumes")).containsExactly("creditdesk-data:/data");

        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) creditdesk.get("environment")).forEach((k, v) -> environment.put(k, interpolate(v)));
        assertThat(SETTINGS).as("variables the compose file gives Creditdesk that are no setting of it")
                .containsKeys(environment.keySet().toArray(String[]::new));

        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
        ConfigurationPropertySources.attach(env);
        environment.forEach((variable, value) ->
                assertThat(SETTINGS.get(variable).apply(env)).as(variable).hasToString(value));

        // Creditdesk reaches the database and the mail catcher by their service names, as the same user
        Map<String, Object> postgres = (Map<String, Object>) ((Map<String, Object>) services.get("postgres")).get("environment");
        assertThat(environment.get("CREDITDESK_DATABASE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
        assertThat(environment.get("CREDITDESK_DATABASE_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(interpolate(postgres.get("POSTGRES_PASSWORD"))).isEqualTo(environment.get("CREDITDESK_DATABASE_PASSWORD"));
        assertThat(environment.get("SPRING_MAIL_HOST")).isEqualTo("mailpit");
    }

    /** Compose's {@code ${NAME:?message}}, with the variable set to a value named after it. */
    private static String interpolate(Object value) {
        return String.valueOf(value).replaceAll("\\$\\{([A-Z_]+):\\?[^}]*}", "value-of-$1");
    }

    private static DatabaseProperties database(StandardEnvironment env) {
        return Binder.get(env).bind("creditdesk.database", DatabaseProperties.class).get();
    }

    private static MailProperties mail(StandardEnvironment env) {
        return Binder.get(env).bind("spring.mail", MailProperties.class).get();
    }
}
