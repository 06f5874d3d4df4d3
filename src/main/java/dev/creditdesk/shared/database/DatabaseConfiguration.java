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
 * and stops PostgreSQL last.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${creditdesk.database.url:}'.isBlank()")
    EmbeddedPostgresServer embeddedPostgres(DatabaseProperties properties) {
        return EmbeddedPostgresServer.start(properties.dataDirectory(), properties.port(), false, true);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(DatabaseProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded,
            Environment environment) {
        HikariConfig config = new HikariConfig();
        if (properties.embedded()) {
            config.setJdbcUrl(embedded.getObject().jdbcUrl());
            config.setUsername("postgres");
        } else {
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
