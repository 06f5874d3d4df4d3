package dev.creditdesk.ledger;

import java.util.Locale;

/**
 * A kind of movement of credits within one block, and what it does to the block's counters and
 * to the account's available and total balance (total = available + held + suspended).
 *
 * <pre>
 * type       counter change               available  total
 * grant      granted   +n                    +n        +n
 * hold       held      +n                    -n         0
 * release    held      -n                    +n         0
 * consume    held -n, consumed +n             0        -n
 * expire     expired   +n                    -n        -n
 * revoke     revoked   +n                    -n        -n
 * suspend    suspended +n                    -n         0
 * unsuspend  suspended -n                    +n         0
 * restore    consumed  -n                    +n        +n
 * </pre>
 */
public enum EntryType {
    GRANT(1, 1),
    HOLD(-1, 0),
    RELEASE(1, 0),
    CONSUME(0, -1),
    EXPIRE(-1, -1),
    REVOKE(-1, -1),
    SUSPEND(-1, 0),
    UNSUSPEND(1, 0),
    RESTORE(1, 1);

    private final int availableSign;
    private final int totalSign;

    EntryType(int availableSign, int totalSign) {
        this.availableSign = availableSign;
        this.totalSign = totalSign;
    }

    /** The change an entry of this type and size makes to the account's available credits. */
    public long availableDelta(long credits) {
        return availableSign * credits;
    }

    /** The change it makes to the credits the account owns (available, held and suspended). */
    public long totalDelta(long credits) {
        return totalSign * credits;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
