package dev.creditdesk.intake;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's rules for reading its customers' emails.
 *
 * @param orderPatterns       how the tenant's order numbers look; the first group (or the whole
 *                            match) is the number
 * @param transactionPatterns how transaction ids look (Stripe payment intents {@code pi_…} by default)
 * @param dayFirst            whether {@code 04/02/2026} is the 4th of February (most of the world)
 *                            or April 2nd (the United States)
 * @param categories          the refund category ids the tenant accepts: a guess is one of them
 */
public record ParseRules(List<Pattern> orderPatterns, List<Pattern> transactionPatterns, boolean dayFirst,
        Set<String> categories) {

    public static final Pattern DEFAULT_ORDER = Pattern.compile("\\b([A-Z]{1,5}-\\d{3,12})\\b");
    public static final Pattern DEFAULT_TRANSACTION = Pattern.compile("\\b(pi_[A-Za-z0-9]{8,64}|ch_[A-Za-z0-9]{8,64})\\b");

    public ParseRules {
        orderPatterns = List.copyOf(orderPatterns);
        transactionPatterns = List.copyOf(transactionPatterns);
        categories = Set.copyOf(categories);
    }

    public static ParseRules defaults(Set<String> categories) {
        return new ParseRules(List.of(DEFAULT_ORDER), List.of(DEFAULT_TRANSACTION), true, categories);
    }
}
