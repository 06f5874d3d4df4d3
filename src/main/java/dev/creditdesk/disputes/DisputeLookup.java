package dev.creditdesk.disputes;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Finds disputes by the provider's dispute id (Stripe's {@code dp_…}), whichever provider it came from. */
@Service
public class DisputeLookup {

    private static final int MAX_MATCHES = 20;

    private final JdbcClient jdbc;
    private final Disputes disputes;

    DisputeLookup(JdbcClient jdbc, Disputes disputes) {
        this.jdbc = jdbc;
        this.disputes = disputes;
    }

    public List<Dispute> byProviderDisputeId(UUID tenantId, String providerDisputeId) {
        List<UUID> ids = jdbc.sql("""
                        select id from disputes where tenant_id = :t and provider_dispute_id = :pid
                        order by created_at desc limit :n""")
                .param("t", tenantId).param("pid", providerDisputeId).param("n", MAX_MATCHES)
                .query(UUID.class).list();
        return ids.stream().flatMap(id -> disputes.find(tenantId, id).stream()).toList();
    }
}
