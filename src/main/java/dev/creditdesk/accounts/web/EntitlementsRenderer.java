package dev.creditdesk.accounts.web;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** An account's entitlements as {@code GET /v1/accounts/{id}/entitlements} returns them; the object id is the account's. */
@Component
class EntitlementsRenderer implements ResourceRenderer {

    private final Accounts accounts;

    EntitlementsRenderer(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public String objectType() {
        return "entitlements";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> accounts.find(tenantId, id))
                .map(account -> AccountController.EntitlementsView.of(accounts.entitlements(tenantId, account.id())));
    }
}
