package dev.creditdesk.demo;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.NewCharge;
import dev.creditdesk.billing.NewOrder;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.incidents.IncidentDraft;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.people.People;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.IssuedKey;
import dev.creditdesk.tenants.TenantSettings;
import dev.creditdesk.tenants.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the demo tenants on first start and shows their keys once, and each tenant's two people
 * (an admin and a support agent, with the demo password); the keys are also written to
 * {@code data/demo-keys.txt} so a local user who missed the log can find them.
 */
@Component
@ConditionalOnBooleanProperty("creditdesk.demo.enabled")
class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    record DemoProduct(String id, Product.Kind kind, String name, String price, long credits, long bonus) {
    }

    record DemoTenant(String name, String policy, String timezone, String country, List<DemoProduct> catalog) {
    }

    static final List<DemoTenant> TENANTS = List.of(
            new DemoTenant("demo-exceptions", "exceptions-only", "America/New_York", "US", List.of(
                    new DemoProduct("credits-200", Product.Kind.PACKAGE, "200 credits", "14.90", 200, 0),
                    new DemoProduct("credits-1000", Product.Kind.PACKAGE, "1,000 credits", "59.90", 1000, 100),
                    new DemoProduct("basic-monthly", Product.Kind.PLAN, "Basic, monthly", "9.90", 500, 0),
                    new DemoProduct("pro-monthly", Product.Kind.PLAN, "Pro, monthly", "29.90", 2000, 0))),
            new DemoTenant("demo-tiered", "tiered-usage", "America/Los_Angeles", "US", List.of(
                    new DemoProduct("credits-400", Product.Kind.PACKAGE, "400 credits", "29.90", 400, 0),
                    new DemoProduct("credits-1200", Product.Kind.PACKAGE, "1,200 credits", "79.90", 1200, 120),
                    new DemoProduct("standard-monthly", Product.Kind.PLAN, "Standard, monthly", "19.90", 800, 0))),
            new DemoTenant("demo-review", "case-review", "Europe/London", "GB", List.of(
                    new DemoProduct("credits-100", Product.Kind.PACKAGE, "100 credits", "9.90", 100, 0),
                    new DemoProduct("credits-500", Product.Kind.PACKAGE, "500 credits", "39.90", 500, 50),
                    new DemoProduct("starter-monthly", Product.Kind.PLAN, "Starter, monthly", "19.00", 300, 0),
                    new DemoProduct("studio-monthly", Product.Kind.PLAN, "Studio, monthly", "49.00", 1000, 0))));

    /** The demo people's password: demo only, written beside the keys. */
    static final String DEMO_PASSWORD = "demo-password-1234";

    private final Tenants tenants;
    private final ApiKeys keys;
    private final Catalog catalog;
    private final Accounts accounts;
    private final Orders orders;
    private final Tasks tasks;
    private final Incidents incidents;
    private final RefundIntake refundRequests;
    private final People people;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Path keysFile;

    DemoData(Tenants tenants, ApiKeys keys, Catalog catalog, Accounts accounts, Orders orders,
            Tasks tasks, Incidents incidents, RefundIntake refundRequests, People people, TransactionTemplate transactions,
            JdbcClient jdbc, Clock clock,
            @Value("${creditdesk.demo.keys-file:data/demo-keys.txt}") Path keysFile) {
        this.tenants = tenants;
        this.keys = keys;
        this.catalog = catalog;
        this.accounts = accounts;
        this.orders = orders;
        this.tasks = tasks;
        this.incidents = incidents;
        this.refundRequests = refundRequests;
        this.people = people;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.keysFile = keysFile;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    void seed() {
        List<String> lines = transactions.execute(tx -> createUnlessAnotherNodeDid());
        if (lines.isEmpty()) {
            log.info("Demo tenants exist; their keys were shown on first start and are in {}", keysFile);
            return;
        }
        try {
            Files.createDirectories(keysFile.toAbsolutePath().getParent());
            Files.write(keysFile, lines);
        } catch (IOException e) {
            log.warn("Could not write the demo keys to {}", keysFile, e);
        }
        StringBuilder banner = new StringBuilder("\n\n  Demo tenants (keys also in ").append(keysFile).append("):\n");
        lines.forEach(line -> banner.append("  ").append(line).append('\n'));
        log.info(banner.toString());
    }

    /**
     * Something for support to look at on first start: a three-hour outage yesterday, and a second
     * customer whose generation failed after its credits were spent, asking for them back.
     */
    private void caseForTheQueue(UUID tenantId, ZoneId zone, DemoProduct product, Money price) {
        Instant now = clock.instant();
        incidents.create(tenantId, new IncidentDraft("Image generation queue stalled",
                "Workers stopped taking jobs after a deploy; rolled back.", "full", List.of("generate"),
                now.minus(Duration.ofHours(27)), now.minus(Duration.ofHours(24))), "demo");
        Account ada = accounts.create(tenantId, "demo-customer-2", "ada@customers.example");
        Instant purchasedAt = now.minus(Duration.ofDays(3));
        orders.record(tenantId, new NewOrder(ada.id(), "DEMO-1002", product.id(), OrderKind.PACKAGE, null, null, null,
                purchasedAt, price, price.multipliedBy(0), price.multipliedBy(0), price, product.credits(),
                product.bonus(), null, new NewCharge("manual", "demo-payment-1002", null, price, purchasedAt)), "demo");
        Task task = tasks.reserve(tenantId, ada.id(), 40, Tasks.DEFAULT_TTL, "demo-render-7", "demo");
        tasks.complete(tenantId, task.id(), 40L);
        refundRequests.submit(tenantId, new RefundIntake.Intake(ada.email(), "DEMO-1002", null,
                purchasedAt.atZone(zone).toLocalDate(), "failed_task",
                "The render finished with a blank image but the 40 credits were taken.", task.id(),
                List.of("screenshot")), "demo");
    }

    /**
     * Nodes started together on an empty database all find no demo tenants: the first to take the
     * lock creates them, in one transaction, so one node shows (and writes) all their keys; the
     * others wait for its commit, then find them and leave them alone.
     */
    private List<String> createUnlessAnotherNodeDid() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('creditdesk.demo-data'))").query().listOfRows();
        List<String> lines = new ArrayList<>();
        for (DemoTenant demo : TENANTS) {
            if (tenants.findByName(demo.name()).isEmpty()) {
                lines.addAll(create(demo));
            }
        }
        return lines;
    }

    private List<String> create(DemoTenant demo) {
        TenantSettings settings = new TenantSettings(ZoneId.of(demo.timezone()), demo.country(), CurrencyUnit.USD,
                "support@" + demo.name() + ".example", DrawdownCriterion.DEFAULT_ORDER);
        Tenants.CreatedTenant created = tenants.create(demo.name(), settings, demo.policy());
        UUID tenantId = created.tenant().id();
        IssuedKey support = keys.issue(tenantId, Role.SUPPORT);
        IssuedKey admin = keys.issue(tenantId, Role.ADMIN);
        String adminEmail = "admin@" + demo.name() + ".example";
        String supportEmail = "agent@" + demo.name() + ".example";
        people.addWithPassword(tenantId, adminEmail, "Dana Admin", Role.ADMIN, DEMO_PASSWORD, "demo");
        people.addWithPassword(tenantId, supportEmail, "Sam Support", Role.SUPPORT, DEMO_PASSWORD, "demo");
        for (DemoProduct p : demo.catalog()) {
            catalog.define(tenantId, p.id(), p.kind(), p.name(), Money.parse("USD " + p.price()), p.credits(), p.bonus());
        }
        DemoProduct first = demo.catalog().get(0);
        Account customer = accounts.create(tenantId, "demo-customer", "customer@" + demo.name() + ".example");
        Money price = Money.parse("USD " + first.price());
        var purchasedAt = clock.instant().minus(Duration.ofDays(2));
        orders.record(tenantId, new NewOrder(customer.id(), "DEMO-1001", first.id(), OrderKind.PACKAGE, null, null,
                null, purchasedAt, price, price.multipliedBy(0), price.multipliedBy(0), price, first.credits(),
                first.bonus(), null, new NewCharge("manual", "demo-payment-1001", null, price, purchasedAt)), "demo");
        caseForTheQueue(tenantId, settings.timezone(), first, price);
        return List.of(demo.name() + " (" + tenantId + ", policy " + demo.policy() + "), customer account " + customer.id(),
                "  secret:  " + created.secretKey().secret(),
                "  support: " + support.secret(),
                "  admin:   " + admin.secret(),
                "  console people (password " + DEMO_PASSWORD + "): " + adminEmail + " (admin), " + supportEmail
                        + " (support)",
                "  customers' refund form: /portal/" + tenantId + "/refund (see docs/intake.md)");
    }
}
