-- The console's search finds an order by a payment id without knowing the provider that took it
-- (OrderLookup.byPaymentId): the unique (tenant_id, provider, transaction_id) index and the partial
-- provider charge index both start with the provider.
create index charges_transaction_search on charges (tenant_id, transaction_id);
create index charges_provider_charge_search on charges (tenant_id, provider_charge_id)
    where provider_charge_id is not null;
