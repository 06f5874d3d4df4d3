-- Each tenant's identity provider (OpenID Connect) for console sign-in: the issuer, the client
-- Creditdesk is registered as (its secret sealed by shared.SecretBox), the endpoints read from the
-- issuer's discovery document when it was saved, and whether it is in use. One provider per tenant.
create table identity_providers (
    tenant_id              uuid        not null primary key references tenants (id),
    issuer                 text        not null check (length(issuer) between 8 and 2000),
    client_id              text        not null check (length(client_id) between 1 and 500),
    client_secret          text        not null,
    authorization_endpoint text        not null,
    token_endpoint         text        not null,
    jwks_uri               text        not null,
    enabled                boolean     not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);

-- The email domains a provider signs in. A domain belongs to one tenant's provider in the whole
-- installation, since the sign-in page finds the tenant from the email alone.
create table identity_provider_domains (
    domain    text not null primary key check (domain = lower(domain) and length(domain) between 3 and 253),
    tenant_id uuid not null references identity_providers (tenant_id) on delete cascade
);
create index identity_provider_domains_tenant on identity_provider_domains (tenant_id);
