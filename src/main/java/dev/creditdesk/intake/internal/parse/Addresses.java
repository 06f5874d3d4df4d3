package dev.creditdesk.intake.internal.parse;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Email addresses found in text. */
final class Addresses {

    static final String ADDRESS = "[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}";
    private static final Pattern ANY = Pattern.compile(ADDRESS);

    private Addresses() {
    }

    /** The first address in the text, lower case. */
    static @Nullable String first(@Nullable String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = ANY.matcher(text);
        return matcher.find() ? matcher.group().toLowerCase(Locale.ROOT) : null;
    }

    /** Whether mail from this address is sent by a machine that must never be answered (bounces, no-reply). */
    static boolean isMachineSender(String address) {
        return localPart(address).matches("mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?(?:[+-].*)?");
    }

    /** Whether an address belongs to a machine rather than a person (also shops' receipts and notifications). */
    static boolean isMachine(String address) {
        return isMachineSender(address)
                || localPart(address).matches("notifications?|receipts?|billing|invoices?|orders?|mailer|automated|system|info|support");
    }

    private static String localPart(String address) {
        return address.substring(0, Math.max(0, address.indexOf('@'))).toLowerCase(Locale.ROOT);
    }
}
