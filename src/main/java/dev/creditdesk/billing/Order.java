package dev.creditdesk.billing;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.joda.money.Money;

public record Order(UUID id, UUID accountId, String orderNumber, String productId, OrderKind kind,
        UUID subscriptionId, Instant periodStart, Instant periodEnd, Instant purchasedAt, Money net, Money tax,
        Money fee, Money total, long credits, long bonusCredits, Instant creditsExpireAt, OrderStatus status,
        String undeliveredReason, Money refunded, UUID purchasedBlockId, UUID bonusBlockId, Instant createdAt,
        List<Charge> charges, SortedMap<String, String> metadata) {

    public long duplicateCharges() {
        return charges.stream().filter(Charge::duplicate).count();
    }

    public boolean delivered() {
        return status != OrderStatus.UNDELIVERED;
    }
}
