package dev.creditdesk.billing;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account credit: money (not credits) on a customer's account, per currency, that their next
 * invoices draw on first. A remedy adds to it ({@code account_credit}); the product uses it when it
 * takes it off an invoice ({@link #use}). Every change is an entry with the balance after it,
 * written with the balance in one transaction; the balance never goes below zero.
 */
@Service
public class AccountCredits {

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Clock clock;

    AccountCredits(JdbcClient jdbc, Accounts accounts, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Adds {@code amount} (positive) to the account's credit in its currency; returns the entry. */
    @Transactional
    public AccountCreditEntry add(UUID tenantId, UUID accountId, Money amount, String reason, String actor) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("account credit adds a positive amount, not " + amount);
        }
        accounts.require(tenantId, accountId);
        Instant now = clock.instant();
        BigDecimal after = jdbc.sql("""
                        insert into account_credit_balances (tenant_id, account_id, currency, balance, updated_at)
                        values (:t, :a, :c, :amount, :now)
                        on conflict (tenant_id, account_id, currency)
                        do update set balance = account_credit_balances.balance + excluded.balance,
                                      updated_at = excluded.updated_at
                        returning balance""")
                .param("t", tenantId).param("a", accountId).param("c", amount.getCurrencyUnit().getCode())
                .param("amount", amount.getAmount()).param("now", ts(now)).query(BigDecimal.class).single();
        return record(tenantId, accountId, amount, money(amount.getCurrencyUnit(), after), reason, actor, now);
    }

    /**
     * Uses {@code amount} of the account's credit (the product took it off an invoice it charged);
     * more than the balance answers 409 {@code insufficient-account-credit} and changes nothing.
     */
    @Transactional
    public AccountCreditEntry use(UUID tenantId, UUID accountId, Money amount, String reason, String actor) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("account credit uses a positive amount, not " + amount);
        }
        accounts.require(tenantId, accountId);
        Instant now = clock.instant();
        BigDecimal after = jdbc.sql("""
                        update account_credit_balances set balance = balance - :amount, updated_at = :now
                        where tenant_id = :t and account_id = :a and currency = :c and balance >= :amount
                        returning balance""")
                .param("t", tenantId).param("a", accountId).param("c", amount.getCurrencyUnit().getCode())
                .param("amount", amount.getAmount()).param("now", ts(now)).query(BigDecimal.class).optional()
                .orElseThrow(() -> ApiProblem.conflict("insufficient-account-credit", "The account has less than "
                        + amount + " of credit").with("field", "amount").with("available", balances(tenantId,
                        accountId).stream().filter(m -> m.getCurrencyUnit().equals(amount.getCurrencyUnit()))
                        .findFirst().map(m -> m.getAmount().toPlainString()).orElse("0")));
        return record(tenantId, accountId, amount.negated(), money(amount.getCurrencyUnit(), after), reason, actor,
                now);
    }

    private AccountCreditEntry record(UUID tenantId, UUID accountId, Money change, Money after, String reason,
            String actor, Instant now) {
        AccountCreditEntry entry = new AccountCreditEntry(Ids.newId(clock), accountId, change, after, reason, actor,
                now);
        jdbc.sql("""
                        insert into account_credit_entries (tenant_id, id, account_id, currency, amount, balance_after,
                                                            reason, created_by, created_at)
                        values (:t, :id, :a, :c, :amount, :after, :reason, :by, :now)""")
                .param("t", tenantId).param("id", entry.id()).param("a", accountId)
                .param("c", change.getCurrencyUnit().getCode()).param("amount", change.getAmount())
                .param("after", after.getAmount()).param("reason", reason).param("by", actor).param("now", ts(now))
                .update();
        return entry;
    }

    /** The account's credit in each currency it has any, by currency code. */
    public List<Money> balances(UUID tenantId, UUID accountId) {
        accounts.require(tenantId, accountId);
        return jdbc.sql("""
                        select currency, balance from account_credit_balances
                        where tenant_id = :t and account_id = :a order by currency""")
                .param("t", tenantId).param("a", accountId)
                .query((rs, n) -> money(CurrencyUnit.of(rs.getString(1)), rs.getBigDecimal(2))).list();
    }

    /** The account's entries, newest first. */
    public ListPage<AccountCreditEntry> entries(UUID tenantId, UUID accountId, String startingAfter, int limit) {
        accounts.require(tenantId, accountId);
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && jdbc.sql("""
                        select count(*) from account_credit_entries
                        where tenant_id = :t and account_id = :a and id = :id""")
                .param("t", tenantId).param("a", accountId).param("id", after).query(Long.class).single() == 0) {
            throw ListPage.notACursor();
        }
        return ListPage.of(jdbc.sql("""
                        select * from account_credit_entries where tenant_id = :t and account_id = :a
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("t", tenantId).param("a", accountId).param("after", after).param("limit", limit + 1)
                .query(this::entry).list(), limit, AccountCreditEntry::id);
    }

    private AccountCreditEntry entry(ResultSet rs, int row) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new AccountCreditEntry(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                money(currency, rs.getBigDecimal("amount")), money(currency, rs.getBigDecimal("balance_after")),
                rs.getString("reason"), rs.getString("created_by"), instant(rs, "created_at"));
    }

    private static Money money(CurrencyUnit currency, BigDecimal amount) {
        return Money.of(currency, amount.setScale(currency.getDecimalPlaces(), RoundingMode.UNNECESSARY));
    }
}
