package dev.creditdesk.policy;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A refund policy document as loaded: its identity and version, when it takes effect, the
 * request window, the review SLA, what is never refunded, how amounts are rounded, which version
 * binds a request (the one in force when it is made, or when the purchase was), what a chargeback
 * suspends, its rules, and the reason categories it adds to the built-in ones.
 */
public record Policy(String id, String version, Instant effectiveFrom, String title, RequestWindow window,
        int reviewSlaBusinessDays, Set<String> nonRefundable, int roundingScale, RoundingMode roundingMode,
        TermsBinding terms, Chargebacks chargebacks, List<Rule> rules, List<Category> categories) {

    public static final Set<String> NON_REFUNDABLE_PARTS =
            Set.of("used_credits", "bonus_credits", "tax", "fee", "fx_difference");
    public static final Set<String> REMEDIES = Set.copyOf(ProposedRemedy.Type.wireNames());

    /** A reason category the policy adds to the built-in ones ({@link RefundCategory}), with its title for forms. */
    public record Category(String id, String title) {
    }

    /** Who picks among a rule's alternative remedies: support (when approving) or the customer. */
    public enum Chooser {
        SUPPORT, CUSTOMER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The categories a request may name under this policy: the built-in ones, then its own. */
    public List<Category> acceptedCategories() {
        List<Category> all = new ArrayList<>();
        for (RefundCategory category : RefundCategory.values()) {
            all.add(new Category(category.wireName(), category.title()));
        }
        all.addAll(categories);
        return List.copyOf(all);
    }

    /** What a chargeback may suspend while it is reviewed. */
    public static final Set<String> SUSPENSIONS = Set.of("credits", "subscription", "download", "access");

    /**
     * What a chargeback opened before the customer asked us for a refund suspends until it is won
     * or lost; a policy without the section suspends nothing.
     */
    public record Chargebacks(Set<String> suspend, String cite) {

        public static final Chargebacks NONE = new Chargebacks(Set.of(), null);

        public Chargebacks {
            suspend = Set.copyOf(suspend);
        }
    }

    public enum TermsBinding {
        REQUEST_TIME,
        PURCHASE_TIME
    }

    /** Requests are accepted up to {@code amount} {@code unit}s after the {@code from} event. */
    public record RequestWindow(long amount, Unit unit, Anchor from, String cite) {

        public enum Unit {
            HOURS,
            CALENDAR_DAYS,
            BUSINESS_DAYS
        }
    }

    /**
     * The window a rule answers to: the policy's {@code request_window} (a rule without
     * {@code window:}), none ({@code window: none}: no deadline), or its own.
     */
    public sealed interface RuleWindow {

        RuleWindow POLICY = new PolicyWide();
        RuleWindow NONE = new NoWindow();

        /** The policy's {@code request_window}, or none when the policy has none. */
        record PolicyWide() implements RuleWindow {
        }

        record NoWindow() implements RuleWindow {
        }

        record Own(RequestWindow window) implements RuleWindow {
        }
    }

    /** Whether this policy counts business days anywhere, which needs the tenant's holiday calendar. */
    public boolean usesBusinessDays() {
        return isBusinessDays(window) || rules.stream().anyMatch(r -> r.window() instanceof RuleWindow.Own own
                && isBusinessDays(own.window()));
    }

    private static boolean isBusinessDays(RequestWindow w) {
        return w != null && w.unit() == RequestWindow.Unit.BUSINESS_DAYS;
    }

    /**
     * One rule, as written at {@code line} of its file. {@code options} are the alternative sets of
     * remedies it proposes (an approval applies one); {@code remedies} all of them, in order.
     * {@code window} is the window it answers to (outside it, the rule does not match).
     * {@code remedyOptions} are the same options with each remedy's parameters, and {@code choose}
     * says who picks one.
     */
    public record Rule(String id, String cite, String when, Outcome outcome, String amount,
            CreditRemoval removeCredits, List<String> remedies, List<List<String>> options, List<String> missing,
            boolean automatic, String note, int line, RuleWindow window, List<List<ProposedRemedy>> remedyOptions,
            Chooser choose) {
    }
}
