package dev.creditdesk.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.joda.money.Money;

/** How the pages write times (in the tenant's timezone), money and wire names; used by the templates. */
public final class ConsoleFormat {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private final ZoneId zone;

    ConsoleFormat(ZoneId zone) {
        this.zone = zone;
    }

    public String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(zone));
    }

    public String date(Instant at) {
        return at == null ? "" : DATE.format(at.atZone(zone));
    }

    /** A machine-readable time for {@code <time datetime>}. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** {@code change_of_mind} → {@code change of mind}. */
    public String words(Object wireName) {
        return wireName == null ? "" : wireName.toString().replace('_', ' ');
    }

    /** A length of time as people say it: {@code 4 h 32 min}, {@code 2 d 3 h}, {@code 45 min}, {@code under a minute}. */
    public String duration(Duration length) {
        if (length == null) {
            return "";
        }
        long minutes = length.abs().toMinutes();
        String sign = length.isNegative() ? "−" : "";
        if (minutes < 1) {
            return "under a minute";
        }
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return sign + days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        return sign + (hours > 0 ? hours + " h" + (mins > 0 ? " " + mins + " min" : "") : mins + " min");
    }

    /** Hours given as a decimal (a policy's or setting's figure) as a length of time. */
    public String hours(BigDecimal hours) {
        return hours == null ? "" : duration(Duration.ofSeconds(hours.multiply(BigDecimal.valueOf(3600))
                .setScale(0, RoundingMode.HALF_UP).longValueExact()));
    }

    public String money(Money money) {
        return money == null ? "" : money.getAmount().toPlainString() + " " + money.getCurrencyUnit().getCode();
    }

    public String amount(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.setScale(Math.max(2, plain.scale())).toPlainString();
    }
}
