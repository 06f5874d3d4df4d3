-- Signing in as a person.
-- totp_pending_secret is a second factor being set up, not yet confirmed with a code; totp_last_step
-- is the last accepted TOTP time step, so a code is not accepted twice.
-- session_generation grows when a password is reset or changed: a session remembers the one it began
-- with, and ends when it no longer matches (see People.inForce).
alter table people add column session_generation integer not null default 0 check (session_generation >= 0);
alter table people add column totp_pending_secret text;
alter table people add column totp_last_step bigint;

-- One-time links by email (invitation, password reset): only the SHA-256 of the token is kept.
create table person_tokens (
    token_hash  text        not null primary key check (token_hash ~ '^[0-9a-f]{64}$'),
    person_id   uuid        not null references people (id),
    purpose     text        not null check (purpose in ('invitation', 'password_reset')),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null
);
create index person_tokens_person on person_tokens (person_id, purpose);

-- Ten recovery codes per second factor, hashed (SHA-256); each accepted once.
create table person_recovery_codes (
    person_id  uuid        not null references people (id),
    code_hash  text        not null check (code_hash ~ '^[0-9a-f]{64}$'),
    used_at    timestamptz,
    primary key (person_id, code_hash)
);

-- Emails to staff (invitation, password reset) carry a secret link, so they never enter the tenant's
-- email outbox, which colleagues can read: the body is sealed (shared.SecretBox) while it waits and
-- erased once sent or given up.
create table staff_emails (
    id              uuid        not null primary key,
    person_id       uuid        not null references people (id),
    kind            text        not null check (kind in ('invitation', 'password_reset')),
    sender          text        not null,
    recipient       text        not null,
    subject         text        not null,
    body            text,
    status          text        not null check (status in ('pending', 'sent', 'failed')),
    attempts        integer     not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    check ((status = 'pending') = (body is not null))
);
create index staff_emails_due on staff_emails (next_attempt_at) where status = 'pending';
