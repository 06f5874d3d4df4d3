-- A tenant's own wording for a message; without one the built-in template is used.
create table email_templates (
    tenant_id  uuid        not null references tenants (id),
    template   text        not null,
    subject    text        not null,
    body       text        not null,
    updated_at timestamptz not null,
    primary key (tenant_id, template)
);
