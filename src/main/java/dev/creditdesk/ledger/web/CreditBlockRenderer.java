package dev.creditdesk.ledger.web;

import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A credit block as {@code GET /v1/credit-blocks/{id}} returns it. */
@Component
class CreditBlockRenderer implements ResourceRenderer {

    private final Ledger ledger;
    private final Clock clock;

    CreditBlockRenderer(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public String objectType() {
        return "credit_block";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> ledger.block(tenantId, id))
                .map(block -> LedgerController.BlockView.of(block, clock.instant()));
    }
}
