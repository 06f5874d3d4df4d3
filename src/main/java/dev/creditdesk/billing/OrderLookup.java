package dev.creditdesk.billing;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Finds orders by what support is given: a transaction id (the provider's payment id, such as
 * Stripe's payment intent) or the provider's charge id, whichever provider took the payment.
 */
@Service
public class OrderLookup {

    /** Enough for any search: one payment id names one charge per provider. */
    private static final int MAX_MATCHES = 20;

    private final JdbcClient jdbc;
    private final Orders orders;

    OrderLookup(JdbcClient jdbc, Orders orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /** The tenant's orders with a charge whose transaction id or provider charge id is {@code paymentId}. */
    public List<Order> byPaymentId(UUID tenantId, String paymentId) {
        List<UUID> ids = jdbc.sql("""
                        select order_id from charges where tenant_id = :t and transaction_id = :id
                        union
                        select order_id from charges where tenant_id = :t and provider_charge_id = :id
                        limit :n""")
                .param("t", tenantId).param("id", paymentId).param("n", MAX_MATCHES).query(UUID.class).list();
        return ids.stream().flatMap(id -> orders.find(tenantId, id).stream()).toList();
    }
}
