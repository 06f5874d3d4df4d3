package dev.creditdesk.catalog;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.ListPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's products. Small and read-mostly, so its SQL sits here rather than in a store of its own. */
@Service
public class Catalog {

    private final JdbcClient jdbc;
    private final Clock clock;

    Catalog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Adds a product (a plan bills monthly, the tenant's policy answers); its id must be new in the tenant. */
    @Transactional
    public Product define(UUID tenantId, String id, Product.Kind kind, String name, Money price, long credits,
            long bonusCredits) {
        return define(tenantId, id, kind, name, price, credits, bonusCredits,
                kind == Product.Kind.PLAN ? Product.Interval.MONTH : null, null);
    }

    /**
     * Adds a product; its id must be new in the tenant. {@code interval} is a plan's (null for a
     * package), {@code policyId} the policy of its plan family (null: the tenant's), checked by the caller.
     */
    @Transactional
    public Product define(UUID tenantId, String id, Product.Kind kind, String name, Money price, long credits,
            long bonusCredits, Product.Interval interval, String policyId) {
        Product product = new Product(id, kind, name, price, credits, bonusCredits, true, clock.instant(),
                kind == Product.Kind.PLAN ? interval : null, policyId);
        int inserted = jdbc.sql("""
                        insert into catalog_products (tenant_id, id, kind, name, currency, price, credits, bonus_credits,
                                                      billing_interval, policy_id, created_at)
                        values (:tenant, :id, :kind, :name, :currency, :price, :credits, :bonus, :interval, :policy,
                                :created)
                        on conflict do nothing""")
                .param("interval", product.interval() == null ? null : product.interval().wireName())
                .param("policy", policyId)
                .param("tenant", tenantId).param("id", id).param("kind", kind.wireName()).param("name", name)
                .param("currency", price.getCurrencyUnit().getCode()).param("price", price.getAmount())
                .param("credits", credits).param("bonus", bonusCredits)
                .param("created", Timestamp.from(product.createdAt()))
                .update();
        if (inserted == 0) {
            throw ApiProblem.conflict("product-exists", "A product with id '" + id + "' exists").with("field", "id");
        }
        return product;
    }

    public Optional<Product> find(UUID tenantId, String id) {
        return jdbc.sql("select * from catalog_products where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(Catalog::map).optional();
    }

    /** Products newest first (by when defined, then id); the cursor is a product id of the tenant. */
    public ListPage<Product> page(UUID tenantId, String startingAfter, int limit) {
        Product after = startingAfter == null ? null : find(tenantId, startingAfter).orElseThrow(ListPage::notACursor);
        List<Product> rows = jdbc.sql("""
                        select * from catalog_products where tenant_id = :tenant
                          and (cast(:afterId as text) is null
                               or (created_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as text)))
                        order by created_at desc, id desc limit :limit""")
                .param("tenant", tenantId).param("afterId", after == null ? null : after.id())
                .param("afterAt", after == null ? null : Timestamp.from(after.createdAt()))
                .param("limit", limit + 1).query(Catalog::map).list();
        return ListPage.of(rows, limit, Product::id);
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new Product(rs.getString("id"), Product.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                rs.getString("name"), Money.of(currency, rs.getBigDecimal("price").setScale(currency.getDecimalPlaces())),
                rs.getLong("credits"), rs.getLong("bonus_credits"), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), Product.Interval.fromWire(rs.getString("billing_interval")),
                rs.getString("policy_id"));
    }
}
