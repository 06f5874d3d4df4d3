-- The console's search finds a dispute by the provider's id without knowing the provider
-- (DisputeLookup.byProviderDisputeId); the unique index starts with the provider.
create index disputes_provider_dispute_search on disputes (tenant_id, provider_dispute_id)
    where provider_dispute_id is not null;
