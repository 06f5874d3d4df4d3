package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link Ids#DATABASE_ORDER} sorts as PostgreSQL's {@code order by} on uuid does — which
 * {@link UUID#compareTo} does not for ids with the top bit of either half set — so batches that
 * sort accounts in Java lock them in the order a set-based batch's statement locks them.
 */
class IdsOrderIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void sortsAsPostgresqlDoes() {
        Random random = new Random(20261204L);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
            ids.add(Ids.newId(clock));
        }
        ids.add(new UUID(0x8000000000000000L, 0));
        ids.add(new UUID(1, 0));
        ids.add(new UUID(1, 0x8000000000000000L));

        List<UUID> byDatabase = jdbc.sql("select u from unnest(cast(:ids as uuid[])) as u order by u")
                .param("ids", ids.toArray(UUID[]::new)).query(UUID.class).list();
        List<UUID> inJava = new ArrayList<>(ids);
        inJava.sort(Ids.DATABASE_ORDER);
        List<UUID> natural = new ArrayList<>(ids);
        natural.sort(UUID::compareTo);

        assertThat(inJava).isEqualTo(byDatabase);
        assertThat(natural).as("UUID.compareTo is signed: the reason for DATABASE_ORDER").isNotEqualTo(byDatabase);
    }
}
