package dev.creditdesk.shared.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} (environment: {@code CREDITDESK_DATABASE_URL}) the
 * server runs PostgreSQL embedded, with its data in {@code dataDirectory}.
 */
@ConfigurationProperties("creditdesk.database")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        Path dataDirectory,
        Integer port,
        Integer poolSize) {

    public DatabaseProperties {
        dataDirectory = dataDirectory == null ? Path.of("data", "postgres") : dataDirectory;
        port = port == null ? 0 : port;
        poolSize = poolSize == null ? 20 : poolSize;
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
