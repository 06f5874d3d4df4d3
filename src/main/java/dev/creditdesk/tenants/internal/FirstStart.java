package dev.creditdesk.tenants.internal;

import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.IssuedKey;
import dev.creditdesk.tenants.TenantSettings;
import dev.creditdesk.tenants.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.joda.money.CurrencyUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What the server does once it is up: generates the operator key on first start (unless
 * {@code CREDITDESK_ADMIN_KEY} is set) and, with demo data on, creates the three demo tenants,
 * one per shipped refund policy. Keys are shown here once; the demo ones are also written to
 * {@code data/demo-keys.txt} so a local user who missed the log can find them.
 */
@Component
class FirstStart {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    record DemoTenant(String name, String timezone, String country) {
    }

    static final List<DemoTenant> DEMO_TENANTS = List.of(
            new DemoTenant("demo-exceptions", "America/New_York", "US"),
            new DemoTenant("demo-tiered", "America/Los_Angeles", "US"),
            new DemoTenant("demo-review", "Europe/London", "GB"));

    private final ApiKeys keys;
    private final Tenants tenants;
    private final Environment environment;
    private final boolean demo;
    private final Path demoKeysFile;

    FirstStart(ApiKeys keys, Tenants tenants, Environment environment,
            @Value("${creditdesk.demo.enabled:false}") boolean demo,
            @Value("${creditdesk.demo.keys-file:data/demo-keys.txt}") Path demoKeysFile) {
        this.keys = keys;
        this.tenants = tenants;
        this.environment = environment;
        this.demo = demo;
        this.demoKeysFile = demoKeysFile;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String url = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        List<String> lines = new ArrayList<>();
        keys.generateOperatorKeyIfNone().ifPresent(key ->
                lines.add("Operator key (shown once; set CREDITDESK_ADMIN_KEY to choose your own): " + key.secret()));
        if (demo) {
            List<String> demoLines = seedDemoTenants();
            lines.addAll(demoLines);
            writeDemoKeys(demoLines);
        }
        StringBuilder banner = new StringBuilder("\n\n  Creditdesk is running at ").append(url).append('\n')
                .append("  API docs: ").append(url).append("/v3/api-docs\n");
        lines.forEach(line -> banner.append("  ").append(line).append('\n'));
        if (demo && lines.stream().noneMatch(l -> l.startsWith("demo-"))) {
            banner.append("  Demo tenants exist; their keys were printed on first start and are in ")
                    .append(demoKeysFile).append('\n');
        }
        log.info(banner.toString());
    }

    private List<String> seedDemoTenants() {
        List<String> lines = new ArrayList<>();
        for (DemoTenant demoTenant : DEMO_TENANTS) {
            if (tenants.findByName(demoTenant.name()).isPresent()) {
                continue;
            }
            TenantSettings settings = new TenantSettings(ZoneId.of(demoTenant.timezone()), demoTenant.country(),
                    CurrencyUnit.USD, "support@" + demoTenant.name() + ".example", DrawdownCriterion.DEFAULT_ORDER);
            Tenants.CreatedTenant created = tenants.create(demoTenant.name(), settings);
            IssuedKey support = keys.issue(created.tenant().id(), Role.SUPPORT);
            IssuedKey admin = keys.issue(created.tenant().id(), Role.ADMIN);
            lines.add(demoTenant.name() + " (" + created.tenant().id() + ")");
            lines.add("  secret:  " + created.secretKey().secret());
            lines.add("  support: " + support.secret());
            lines.add("  admin:   " + admin.secret());
        }
        return lines;
    }

    private void writeDemoKeys(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(demoKeysFile.toAbsolutePath().getParent());
            Files.write(demoKeysFile, lines);
        } catch (IOException e) {
            log.warn("Could not write the demo keys to {}", demoKeysFile, e);
        }
    }
}
