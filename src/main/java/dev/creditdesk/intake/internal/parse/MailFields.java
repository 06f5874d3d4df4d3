package dev.creditdesk.intake.internal.parse;

import dev.creditdesk.intake.TimeBoxedText;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The facts a customer writes in a message: order number, transaction id, task id, account address, case reference. */
public final class MailFields {

    /** How long one tenant pattern may take over one text: a pattern that backtracks past it finds nothing. */
    static final Duration PATTERN_BUDGET = Duration.ofMillis(100);
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern ORDER_LABEL = Labels.labelled(Labels.ORDER);
    private static final Pattern TRANSACTION_LABEL = Labels.labelled(Labels.TRANSACTION);
    private static final Pattern TASK = Pattern.compile("(?<![\\p{L}\\d])" + Labels.TASK
            + "\\s*(?:is\\s+|was\\s+|number\\s+)?[:#=：]?\\s*[\"'`“(\\[]?(?<value>[A-Za-z0-9][A-Za-z0-9_.:-]{2,80}[A-Za-z0-9])", FLAGS);
    private static final Pattern ACCOUNT_ADDRESS = Pattern.compile("(?:(?<![\\p{L}])(?:" + Labels.ACCOUNT + ")\\**\\s*"
            + "(?:is|was|:|=|：|-)?\\s*"
            + "|my\\s+(?:account|login|user(?:name)?|e-?mail)(?:\\s+(?:e-?mail|address|name))?\\s+(?:is|was)\\s+"
            + "|(?:registered|signed\\s+up|sign\\s+in|log\\s+in|logged\\s+in|subscribed)\\s+(?:with|under|as|using|via)"
            + "(?:\\s+(?:the\\s+)?(?:e-?mail|address))?\\s+"
            + "|(?:account|konto|compte|cuenta)\\s+(?:under|with|for|unter|mit|avec|con)\\s+(?:the\\s+)?(?:e-?mail\\s+|address\\s+)?"
            + "|mein\\s+konto\\s+(?:ist|lautet)\\s+|mon\\s+compte\\s+(?:est|:)\\s+|mi\\s+cuenta\\s+(?:es|:)\\s+)"
            + "[<(\\[\"']?(?:mailto:)?(?<address>" + Addresses.ADDRESS + ")", FLAGS);
    private static final Pattern CASE_TOKEN = Pattern.compile("(?<![\\p{L}])(?:reference|ref)\\s*[:#.]?\\s*[\\[<(]?"
            + "(?<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])", FLAGS);

    private MailFields() {
    }

    /**
     * The first match of the tenant's patterns, preferring one right after its label on the same
     * line; the pattern's first group when it has one, else the whole match.
     */
    public static @Nullable String byPatterns(List<Pattern> patterns, boolean transaction, String... texts) {
        Pattern label = transaction ? TRANSACTION_LABEL : ORDER_LABEL;
        for (String text : texts) {
            Matcher labelled = label.matcher(text);
            while (labelled.find()) {
                String found = firstMatch(patterns, labelled.group("value"));
                if (found != null) {
                    return found;
                }
            }
        }
        for (String text : texts) {
            String found = firstMatch(patterns, text);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static @Nullable String firstMatch(List<Pattern> patterns, String text) {
        String best = null;
        int bestStart = Integer.MAX_VALUE;
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(TimeBoxedText.of(text, PATTERN_BUDGET));
            if (found(matcher) && matcher.start() < bestStart) {
                String value = matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
                if (!value.isBlank()) {
                    best = value.strip();
                    bestStart = matcher.start();
                }
            }
        }
        return best;
    }

    /** Tenant patterns are checked when saved, and matched against the clock anyway. */
    private static boolean found(Matcher matcher) {
        try {
            return matcher.find();
        } catch (TimeBoxedText.TooSlow e) {
            return false;
        }
    }

    /** A labelled task id ("Task ID: t_93kd", "generation id is gen-2231"); ids have at least one digit. */
    public static @Nullable String taskId(String... texts) {
        for (String text : texts) {
            Matcher matcher = TASK.matcher(text);
            while (matcher.find()) {
                String value = matcher.group("value");
                if (value.chars().anyMatch(Character::isDigit)) {
                    return value;
                }
            }
        }
        return null;
    }

    /** Addresses the text names as the customer's account, lower case, in order, without {@code except}. */
    public static Set<String> accountAddresses(String text, @Nullable String except) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = ACCOUNT_ADDRESS.matcher(text);
        while (matcher.find()) {
            String address = matcher.group("address").toLowerCase(Locale.ROOT);
            if (!address.equals(except)) {
                found.add(address);
            }
        }
        return found;
    }

    /**
     * The authors of forwarded messages, as addresses the customer names: someone forwarding a
     * customer's mail (a colleague, a reseller) forwards the customer. Not the sender again, and not
     * a machine (a shop's receipt forwarded as evidence comes from receipts@ or no-reply@).
     */
    public static List<String> forwardedAuthors(Set<String> authors, @Nullable String sender) {
        return authors.stream().filter(author -> !author.equals(sender) && isPerson(author)).toList();
    }

    /** Whether an address is a person's (not a shop's receipts@, billing@, no-reply@…). */
    public static boolean isPerson(@Nullable String address) {
        return address != null && !Addresses.isMachine(address);
    }

    /** The case id after "Reference:" or "ref:", lower case. */
    public static @Nullable String caseToken(String... texts) {
        for (String text : texts) {
            Matcher matcher = CASE_TOKEN.matcher(text);
            if (matcher.find()) {
                return matcher.group("uuid").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
