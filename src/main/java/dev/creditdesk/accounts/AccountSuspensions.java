package dev.creditdesk.accounts;

import dev.creditdesk.accounts.internal.AccountStore;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** An account's suspensions, lifted ones too, newest first: what support reads on the customer page. */
@Service
public class AccountSuspensions {

    private final JdbcClient jdbc;
    private final AccountStore store;

    AccountSuspensions(JdbcClient jdbc, AccountStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    public List<Suspension> recent(UUID tenantId, UUID accountId, int limit) {
        List<UUID> ids = jdbc.sql("""
                        select id from account_suspensions where tenant_id = :t and account_id = :a
                        order by created_at desc, id desc limit :n""")
                .param("t", tenantId).param("a", accountId).param("n", limit).query(UUID.class).list();
        return ids.stream().flatMap(id -> store.findSuspension(tenantId, accountId, id).stream()).toList();
    }
}
