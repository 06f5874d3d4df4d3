package dev.creditdesk.shared.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} (environment: {@code CREDITDESK_DATABASE_URL}) the
 * server runs PostgreSQL embedded, with its data in {@code dataDirectory}. {@code poolSize}, when
 * not set, is sized against the threads that use connections (see {@link PoolSizing});
 * {@code connectionTimeout} is how long a request waits for a free connection before it is
 * answered 503 with {@code Retry-After}.
 */
@ConfigurationProperties("creditdesk.database")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        Path dataDirectory,
        Integer port,
        Integer poolSize,
        Duration connectionTimeout) {

    public DatabaseProperties {
        dataDirectory = dataDirectory == null ? Path.of("data", "postgres") : dataDirectory;
        port = port == null ? 0 : port;
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(5) : connectionTimeout;
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
