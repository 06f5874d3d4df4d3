-- Policy versions a tenant published. Shipped policies live in the jar (policies/*.yaml) and are
-- not stored; a tenant may publish its own policies or new versions of a shipped one.
create table policy_versions (
    tenant_id      uuid        not null references tenants (id),
    policy_id      text        not null,
    version        text        not null,
    effective_from timestamptz not null,
    document       text        not null,
    published_by   text        not null,
    published_at   timestamptz not null,
    primary key (tenant_id, policy_id, version)
);
create index policy_versions_in_force on policy_versions (tenant_id, policy_id, effective_from);
