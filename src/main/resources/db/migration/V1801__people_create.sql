-- The people who sign in to a tenant's console: support agents and admins. An email belongs to one
-- person in the whole installation (sign-in asks for no tenant), compared lower-cased. A person is
-- invited (no password yet), active, or removed (kept for the audit trail; their sessions end).
-- password_hash is a Spring Security DelegatingPasswordEncoder value ("{bcrypt}…"); totp_secret is
-- sealed by shared.SecretBox.
create table people (
    id             uuid        not null primary key,
    tenant_id      uuid        not null references tenants (id),
    email          text        not null check (email = lower(email) and length(email) between 3 and 254),
    name           text        not null check (length(name) between 1 and 200),
    role           text        not null check (role in ('support', 'admin')),
    status         text        not null check (status in ('invited', 'active', 'removed')),
    password_hash  text,
    totp_secret    text,
    failed_sign_ins integer    not null default 0 check (failed_sign_ins >= 0),
    locked_until   timestamptz,
    invited_by     text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    removed_at     timestamptz
);
create unique index people_email on people (email) where status <> 'removed';
create index people_tenant on people (tenant_id, created_at, id);
