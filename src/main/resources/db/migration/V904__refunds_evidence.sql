-- Evidence files of a refund request, kept in the database with their checksum.
create table refund_evidence (
    tenant_id         uuid        not null,
    id                uuid        not null,
    refund_request_id uuid        not null,
    kind              text        not null,
    filename          text,
    content_type      text        not null,
    size_bytes        integer     not null check (size_bytes > 0),
    sha256            text        not null,
    data              bytea       not null,
    created_at        timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, refund_request_id) references refund_requests (tenant_id, id)
);
create index refund_evidence_request on refund_evidence (tenant_id, refund_request_id);
