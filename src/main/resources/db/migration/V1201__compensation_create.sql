-- What a tenant gives its customers after a long full outage: nothing (the default without a row),
-- a review case per affected account, or credits per affected account.
create table outage_compensation_settings (
    tenant_id          uuid          not null primary key,
    mode               text          not null check (mode in ('none', 'review', 'credits')),
    threshold_hours    numeric(9, 2) not null check (threshold_hours >= 0),
    credits            bigint        check (credits > 0),
    credit_expiry_days integer       check (credit_expiry_days > 0),
    updated_by         text          not null,
    updated_at         timestamptz   not null,
    check (mode <> 'credits' or credits is not null)
);

-- One row per compensated incident: the once-only claim. A second run inserts nothing and does nothing.
create table outage_compensation_runs (
    tenant_id       uuid          not null,
    incident_id     uuid          not null,
    mode            text          not null check (mode in ('review', 'credits')),
    threshold_hours numeric(9, 2) not null,
    incident_hours  numeric(19, 6) not null,
    accounts        integer       not null default 0,
    ran_by          text          not null,
    ran_at          timestamptz   not null,
    primary key (tenant_id, incident_id),
    foreign key (tenant_id, incident_id) references incidents (tenant_id, id)
);

-- What each affected account got; the key makes a second grant or case for one incident impossible.
create table outage_compensations (
    tenant_id         uuid        not null,
    incident_id       uuid        not null,
    account_id        uuid        not null,
    order_id          uuid        not null,
    credits           bigint,
    block_id          uuid,
    refund_request_id uuid,
    created_at        timestamptz not null,
    primary key (tenant_id, incident_id, account_id),
    foreign key (tenant_id, incident_id) references outage_compensation_runs (tenant_id, incident_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id),
    check ((block_id is null) <> (refund_request_id is null))
);
