package dev.creditdesk.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each table would live on Citus (or another PostgreSQL-compatible engine that shards by
 * one hash column): distributed by one column in a co-location group, a reference table copied to
 * every node, or a table kept on the coordinator. docs/scaling.md ("Past one database") explains
 * the choices; {@link DistributionPlanIT} checks every table of the schema is here and which keys
 * would have to change; {@link HotPathDistributionIT} checks the hot path's statements.
 */
final class DistributionPlan {

    /** Tables in one group are sharded alike, so their rows for one key value sit on one node. */
    enum Group {
        /** One customer account's credits, tasks and usage: the hot path's unit of work and of locking. */
        ACCOUNT,
        /** A tenant's business records (billing, refunds, disputes, webhooks, mail…). */
        TENANT,
        /** Stored POST responses, keyed by scope (a tenant id as text, or 'operator'). */
        IDEMPOTENCY_SCOPE
    }

    sealed interface Placement {
    }

    /** Hash-distributed by {@code column}; for the ACCOUNT group that column holds the account's id. */
    record Distributed(String column, Group group) implements Placement {
    }

    /** Copied to every node: small, read by every kind of query, rarely written. */
    record Reference(String why) implements Placement {
    }

    /** Stays on the coordinator only (a Citus local table): written often, never joined with shards. */
    record CoordinatorLocal(String why) implements Placement {
    }

    private static final Distributed BY_ACCOUNT = new Distributed("account_id", Group.ACCOUNT);
    private static final Distributed BY_TENANT = new Distributed("tenant_id", Group.TENANT);

    static final Map<String, Placement> TABLES = tables();

    private DistributionPlan() {
    }

    static Optional<Placement> placement(String table) {
        return Optional.ofNullable(TABLES.get(table));
    }

    private static Map<String, Placement> tables() {
        Map<String, Placement> t = new LinkedHashMap<>();
        // One account's rows: every reservation, completion and balance read stays on one shard.
        t.put("accounts", new Distributed("id", Group.ACCOUNT));
        t.put("account_suspensions", BY_ACCOUNT);
        t.put("account_email_history", BY_ACCOUNT);
        t.put("ledger_accounts", BY_ACCOUNT);
        t.put("credit_blocks", BY_ACCOUNT);
        t.put("holds", BY_ACCOUNT);
        t.put("ledger_entries", BY_ACCOUNT);
        t.put("tasks", BY_ACCOUNT);
        t.put("usage_events", BY_ACCOUNT);
        t.put("usage_daily", BY_ACCOUNT);
        t.put("account_credit_balances", BY_ACCOUNT);
        t.put("account_credit_entries", BY_ACCOUNT);

        // A tenant's business records: looked up by their own ids or a provider's, within one tenant.
        for (String table : new String[] {"orders", "charges", "provider_refunds", "provider_events",
                "provider_disputes", "payment_settings", "subscriptions", "refund_requests", "refund_evidence",
                "refund_request_events", "refund_request_proposals", "refund_request_notes", "disputes",
                "dispute_suspensions", "incidents", "outage_compensation_settings", "outage_compensation_runs",
                "outage_compensations", "webhook_endpoints", "events", "webhook_deliveries", "webhook_attempts",
                "email_outbox", "email_templates", "email_threads", "inbound_messages", "intake_drafts",
                "portal_pending_requests", "portal_pending_files", "console_saved_filters", "policy_versions",
                "policy_simulations", "policy_simulation_changes",
                "catalog_products", "audit_log"}) {
            t.put(table, BY_TENANT);
        }

        t.put("idempotency_keys", new Distributed("scope", Group.IDEMPOTENCY_SCOPE));

        // Read on every request before the tenant is known, or global by nature.
        t.put("tenants", new Reference("every tenant-scoped table refers to it; read on every request"));
        t.put("api_keys", new Reference("looked up by the key's hash before the tenant is known"));
        t.put("people", new Reference("signed in by email before the tenant is known; email is unique across tenants"));
        t.put("person_tokens", new Reference("looked up by the token's hash alone"));
        t.put("person_recovery_codes", new Reference("belongs to people, a reference table"));
        t.put("staff_emails", new Reference("belongs to people, a reference table"));
        t.put("identity_providers", new Reference("company sign-in starts from the email's domain, before the tenant is known"));
        t.put("identity_provider_domains", new Reference("looked up by domain alone"));
        t.put("mailboxes", new Reference("one row per tenant, read by the poller for every tenant"));
        t.put("portal_link_key", new Reference("one row for the whole service"));

        t.put("rate_limit_buckets", new CoordinatorLocal("written on every request; a reference table would write every node"));
        t.put("sign_in_failures", new CoordinatorLocal("written on failed sign-ins, keyed by address; never joined"));
        t.put("flyway_schema_history", new CoordinatorLocal("Flyway's own bookkeeping"));
        return t;
    }
}
