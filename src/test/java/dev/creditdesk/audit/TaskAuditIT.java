package dev.creditdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.audit.internal.AuditStore;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.shared.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hot path's audit entries: a task reserved and completed over the API are each recorded, with
 * the task as subject; and the entry is written, in one statement, only when its transaction changed
 * something.
 */
class TaskAuditIT extends IntegrationTest {

    @Autowired
    AuditLog log;

    @Autowired
    AuditStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private List<AuditEntry> entries(TestTenant tenant, String action, String subjectId) {
        return log.page(tenant.id(), new AuditQuery(null, action, subjectId, null, null), null, 100).data();
    }

    @Test
    void aTaskReservedAndCompletedIsRecordedOnceEach() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = reserve(tenant, account, 10).text("id");
        assertThat(api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 7)).status())
                .isEqualTo(200);
        assertThat(api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 7)).status())
                .as("completed twice").isEqualTo(409);

        List<AuditEntry> reserved = entries(tenant, "tasks.create", id);
        assertThat(reserved).singleElement().satisfies(entry -> {
            assertThat(entry.subjectType()).isEqualTo("task");
            assertThat(entry.channel()).isEqualTo(AuditEntry.Channel.API);
            assertThat(entry.actor()).startsWith("api_key:");
            assertThat(entry.before()).isNull();
        });
        assertThat(entries(tenant, "tasks.complete", id)).as("the refused second complete leaves none")
                .singleElement().satisfies(entry -> {
                    assertThat(entry.subjectType()).isEqualTo("task");
                    assertThat(entry.actor()).isEqualTo(reserved.get(0).actor());
                });
    }

    @Test
    void anEntryIsWrittenOnlyByATransactionThatChangedSomething() {
        TestTenant tenant = newTenant();
        AuditEntry unchanged = entry(tenant);
        Boolean written = transactions.execute(status -> store.insertIfChanged(unchanged));
        assertThat(written).isFalse();
        assertThat(count(unchanged.id())).isZero();

        AuditEntry first = entry(tenant);
        AuditEntry second = entry(tenant);
        written = transactions.execute(status -> {
            store.insert(first);
            return store.insertIfChanged(second);
        });
        assertThat(written).isTrue();
        assertThat(count(first.id()) + count(second.id())).isEqualTo(2);
        assertThat(entries(tenant, "tests.check", second.id().toString())).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.after()).containsEntry("status", "checked");
                    assertThat(entry.tenantId()).isEqualTo(tenant.id());
                    assertThat(entry.channel()).isEqualTo(AuditEntry.Channel.SYSTEM);
                });
    }

    private AuditEntry entry(TestTenant tenant) {
        Instant at = clock.instant();
        UUID id = Ids.newId(at);
        return new AuditEntry(id, tenant.id(), at, "system:test", "tests.check", "test", id.toString(), null,
                Map.of("status", "checked"), null, AuditEntry.Channel.SYSTEM);
    }

    private long count(UUID id) {
        return jdbc.sql("select count(*) from audit_log where id = :id").param("id", id).query(Long.class).single();
    }
}
