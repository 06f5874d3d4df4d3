-- Outages as support records them. Only full incidents count as unavailability; partial ones
-- (some features down) are kept for the record. An incident is ongoing until ended_at is set.
create table incidents (
    tenant_id   uuid        not null,
    id          uuid        not null,
    title       text        not null,
    description text        not null default '',
    scope       text        not null check (scope in ('full', 'partial')),
    features    text[]      not null default '{}',
    started_at  timestamptz not null,
    ended_at    timestamptz,
    status      text        not null check (status in ('ongoing', 'closed')),
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, id),
    check (ended_at is null or ended_at > started_at),
    check ((status = 'closed') = (ended_at is not null))
);
create index incidents_full_time on incidents (tenant_id, started_at) where scope = 'full';
