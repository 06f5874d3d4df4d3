package dev.creditdesk.billing;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.joda.money.Money;

/** One purchase; {@code channel} is the sales channel it was bought through ({@code web}, {@code app_store}…). */
public record Order(UUID id, UUID accountId, String orderNumber, String productId, OrderKind kind,
        UUID subscriptionId, Instant periodStart, Instant periodEnd, Instant purchasedAt, Money net, Money tax,
        Money fee, Money total, long credits, long bonusCredits, Instant creditsExpireAt, OrderStatus status,
        String undeliveredReason, Money refunded, UUID purchasedBlockId, UUID bonusBlockId, Instant createdAt,
        List<Charge> charges, SortedMap<String, String> metadata, String channel) {

    /** Sales channels are the product's names: lower-case letters, digits and '_', such as app_store. */
    public static final Pattern CHANNEL = Pattern.compile("^[a-z][a-z0-9_]{0,31}$");
    /** The channel of an order that names none. */
    public static final String WEB = "web";

    public long duplicateCharges() {
        return charges.stream().filter(Charge::duplicate).count();
    }

    public boolean delivered() {
        return status != OrderStatus.UNDELIVERED;
    }
}
