package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.TimeBoxedText;
import dev.creditdesk.shared.FieldProblem;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a tenant's order number and transaction id patterns before they are saved: each must
 * compile, be short, and not be one that backtracks catastrophically. Two cheap tests find the
 * usual culprits: a quantified group that itself holds an unbounded quantifier ({@code (a+)+},
 * {@code (\d*-?)*}), and a run over a few hostile inputs under a small time budget.
 */
public final class PatternCheck {

    public static final int MAX_PATTERNS = 10;
    public static final int MAX_LENGTH = 200;
    private static final Duration PROBE_BUDGET = Duration.ofMillis(200);
    private static final List<String> PROBES = List.of(
            "1".repeat(64) + "!", "a".repeat(64) + "!", "A".repeat(64) + "!", "-".repeat(64) + "!",
            " ".repeat(64) + "!", "A-".repeat(32) + "!", "aA1-_ .".repeat(10) + "!", "x@y.".repeat(16) + "!");

    private PatternCheck() {
    }

    /** The patterns, trimmed, with an error per bad one under {@code field[i]}; null when absent. */
    public static List<String> check(List<String> patterns, String field, List<FieldProblem> errors) {
        if (patterns == null) {
            return List.of();
        }
        if (patterns.size() > MAX_PATTERNS) {
            errors.add(new FieldProblem(field, "must list at most " + MAX_PATTERNS + " patterns"));
            return List.of();
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String name = field + "[" + i + "]";
            String pattern = patterns.get(i);
            Optional<String> problem = problem(pattern);
            if (problem.isPresent()) {
                errors.add(new FieldProblem(name, problem.get()));
            } else {
                checked.add(pattern.strip());
            }
        }
        return List.copyOf(checked);
    }

    /** Why {@code pattern} may not be used, or empty. */
    public static Optional<String> problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return Optional.of("is required (a regular expression)");
        }
        if (pattern.strip().length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern.strip());
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex());
        }
        if (nestedQuantifier(pattern.strip())) {
            return Optional.of("repeats a group that itself repeats without bound (such as (a+)+), which can take "
                    + "forever on some text; write it without the nested repetition");
        }
        for (String probe : PROBES) {
            try {
                compiled.matcher(TimeBoxedText.of(probe, PROBE_BUDGET)).find();
            } catch (TimeBoxedText.TooSlow e) {
                return Optional.of("takes too long to match (catastrophic backtracking); simplify it");
            } catch (StackOverflowError e) {
                return Optional.of("is too deeply recursive to match safely; simplify it");
            }
        }
        return Optional.empty();
    }

    /** Whether a quantified group holds an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}). */
    static boolean nestedQuantifier(String pattern) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        boolean unboundedInside = false;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            switch (c) {
                case '[' -> inClass = true;
                case '(' -> {
                    groups.push(new boolean[] {unboundedInside});
                    unboundedInside = false;
                }
                case ')' -> {
                    boolean inner = unboundedInside;
                    boolean outer = groups.isEmpty() ? false : groups.pop()[0];
                    boolean quantified = i + 1 < pattern.length() && unbounded(pattern, i + 1);
                    if (inner && quantified) {
                        return true;
                    }
                    unboundedInside = outer || inner;
                }
                case '*', '+' -> unboundedInside = true;
                case '{' -> unboundedInside |= openEnded(pattern, i);
                default -> {
                }
            }
        }
        return false;
    }

    /** Whether the {@code {…}} quantifier at {@code at} has no upper bound ({@code {n,}}). */
    private static boolean openEnded(String pattern, int at) {
        int close = pattern.indexOf('}', at);
        return close > at && pattern.substring(at + 1, close).strip().matches("\\d+,");
    }

    /** Whether the quantifier at {@code at} repeats more than once: {@code *}, {@code +}, {@code {n}} with n > 1, {@code {n,}}, {@code {n,m}} with m > 1. */
    private static boolean unbounded(String pattern, int at) {
        char q = pattern.charAt(at);
        if (q == '*' || q == '+') {
            return true;
        }
        if (q != '{') {
            return false;
        }
        int close = pattern.indexOf('}', at);
        if (close < 0) {
            return false;
        }
        String body = pattern.substring(at + 1, close);
        int comma = body.indexOf(',');
        if (comma < 0) {
            return body.strip().chars().allMatch(Character::isDigit) && !body.isBlank()
                    && Integer.parseInt(body.strip()) > 1;
        }
        String upper = body.substring(comma + 1).strip();
        return upper.isEmpty() || (upper.chars().allMatch(Character::isDigit) && Integer.parseInt(upper) > 1);
    }
}
