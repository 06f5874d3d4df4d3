package dev.creditdesk.shared.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The data source: an external PostgreSQL when {@code creditdesk.database.url} is set, otherwise
 * the embedded one. The pool depends on the embedded server, so Spring closes the pool first
 * and stops PostgreSQL last. An external database is tried once before the pool is made, so an
 * unreachable one stops the start with one line ({@link DatabaseUnreachableFailureAnalyzer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${creditdesk.database.url:}'.isBlank()")
    EmbeddedPostgresServer embeddedPostgres(DatabaseProperties properties) {
        return EmbeddedPostgresServer.start(properties.dataDirectory(), properties.port(), false, true,
                properties.password());
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(DatabaseProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded,
            Environment environment) {
        HikariConfig config = new HikariConfig();
        if (properties.embedded()) {
            EmbeddedPostgresServer server = embedded.getObject();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername("postgres");
            config.setPassword(server.password());
        } else {
            DatabaseUnreachableException.check(properties.url(), properties.user(), properties.password(),
                    properties.connectionTimeout());
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.user());
            config.setPassword(properties.password());
        }
        config.setPoolName("creditdesk");
        config.setMaximumPoolSize(PoolSizing.size(properties.poolSize(), environment));
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        return new HikariDataSource(config);
    }
}
