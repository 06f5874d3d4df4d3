-- Replays of a candidate policy version over the tenant's past refund requests (or over past
-- orders, as if a request had come a given number of days after each purchase). A simulation
-- reads only; these rows are all it writes. status: queued, then running (heartbeat_at moves
-- while a node works it), then succeeded (report holds what it found) or failed (error says why).
create table policy_simulations (
    tenant_id        uuid        not null references tenants (id),
    id               uuid        not null,
    policy_id        text        not null,
    version          text        not null,
    document         text        not null,
    received_from    timestamptz not null,
    received_to      timestamptz not null check (received_to > received_from),
    orders_category  text,
    orders_day       integer check (orders_day between 0 and 3650),
    handling_seconds integer check (handling_seconds > 0),
    status           text        not null check (status in ('queued', 'running', 'succeeded', 'failed')),
    processed        bigint      not null default 0,
    total            bigint,
    changes_stored   bigint      not null default 0,
    report           jsonb,
    error            text,
    created_by       text        not null,
    created_at       timestamptz not null,
    started_at       timestamptz,
    heartbeat_at     timestamptz,
    finished_at      timestamptz,
    primary key (tenant_id, id),
    check ((orders_category is null) = (orders_day is null))
);
create index policy_simulations_queued on policy_simulations (created_at) where status = 'queued';
create index policy_simulations_policy on policy_simulations (tenant_id, policy_id, created_at desc);

-- The cases a simulation found decided otherwise, oldest first: what they got, what the candidate
-- decides (amounts as the policies wrote them). Kept up to creditdesk.policy.simulations.max-changes-stored per simulation.
create table policy_simulation_changes (
    tenant_id         uuid           not null,
    simulation_id     uuid           not null,
    case_id           text           not null,
    received_at       timestamptz    not null,
    currency          text           not null,
    before_outcome    text           not null,
    before_rule       text,
    before_amount     text,
    before_credits    bigint         not null,
    before_review     boolean        not null,
    after_outcome     text           not null,
    after_rule        text,
    after_amount      text,
    after_credits     bigint         not null,
    after_review      boolean        not null,
    money_difference  text           not null,
    primary key (tenant_id, simulation_id, received_at, case_id),
    foreign key (tenant_id, simulation_id) references policy_simulations (tenant_id, id) on delete cascade
);
