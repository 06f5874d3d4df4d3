package dev.creditdesk.shared.database;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code schema} in {@code /actuator/info}: the version of the last migration applied to the
 * database this node uses (Flyway's current version) and how many of this build's migrations are
 * not applied yet, so an operator can tell which build last migrated the database during a
 * rolling upgrade (docs/operations.md, "Upgrade").
 */
@Component
class SchemaVersionInfo implements InfoContributor {

    private final Flyway flyway;

    SchemaVersionInfo(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public void contribute(Info.Builder builder) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        Map<String, Object> schema = new LinkedHashMap<>();
        if (current != null) {
            schema.put("version", current.getVersion().getVersion());
            schema.put("description", current.getDescription());
            schema.put("installed_on", current.getInstalledOn().toInstant().toString());
        }
        schema.put("applied", info.applied().length);
        schema.put("pending", info.pending().length);
        builder.withDetail("schema", schema);
    }
}
