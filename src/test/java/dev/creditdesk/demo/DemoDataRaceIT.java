package dev.creditdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.people.People;
import dev.creditdesk.people.SignIn;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Several nodes started together on an empty database each seed the demo tenants on start: all
 * of them start, each demo tenant exists once, and one node shows all their keys. (The test database starts empty in every run,
 * and no other test creates the demo tenants.)
 */
class DemoDataRaceIT extends IntegrationTest {

    private static final int NODES = 4;

    @Autowired Tenants tenants;
    @Autowired ApiKeys keys;
    @Autowired Catalog catalog;
    @Autowired Accounts accounts;
    @Autowired Orders orders;
    @Autowired Tasks tasks;
    @Autowired Incidents incidents;
    @Autowired RefundIntake refundRequests;
    @Autowired People people;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;

    @Test
    void nodesSeedingTogetherCreateEachDemoTenantOnce() throws Exception {
        Path keysFiles = Path.of("target", "demo-race");
        FileSystemUtils.deleteRecursively(keysFiles);
        CyclicBarrier start = new CyclicBarrier(NODES);
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<?>> seeded = new ArrayList<>();
            for (int node = 0; node < NODES; node++) {
                DemoData demo = new DemoData(tenants, keys, catalog, accounts, orders, tasks, incidents,
                        refundRequests, people, transactions, jdbc, clock,
                        keysFiles.resolve("node-" + node + "-keys.txt"));
                seeded.add(nodes.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    demo.seed();
                    return null;
                }));
            }
            for (Future<?> node : seeded) {
                node.get(120, TimeUnit.SECONDS); // a node that died on a unique name throws here
            }
        } finally {
            nodes.shutdownNow();
        }
        for (DemoData.DemoTenant demo : DemoData.TENANTS) {
            assertThat(jdbc.sql("select count(*) from tenants where name = :name").param("name", demo.name())
                    .query(Long.class).single()).as(demo.name()).isEqualTo(1L);
            assertThat(jdbc.sql("""
                            select count(*) from orders o join tenants t on t.id = o.tenant_id
                            where t.name = :name and o.order_number = 'DEMO-1001'""")
                    .param("name", demo.name()).query(Long.class).single()).as(demo.name()).isEqualTo(1L);
            assertThat(people.signIn("admin@" + demo.name() + ".example", DemoData.DEMO_PASSWORD))
                    .isInstanceOf(SignIn.SignedIn.class);
            assertThat(people.signIn("agent@" + demo.name() + ".example", DemoData.DEMO_PASSWORD))
                    .isInstanceOf(SignIn.SignedIn.class);
        }
        // one node created them all, so one keys file has every demo tenant's keys
        try (Stream<Path> written = Files.list(keysFiles)) {
            List<Path> files = written.toList();
            assertThat(files).hasSize(1);
            assertThat(Files.readString(files.get(0)))
                    .contains(DemoData.TENANTS.stream().map(DemoData.DemoTenant::name).toList());
        }
    }
}
