package dev.creditdesk.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.ParseRules;
import dev.creditdesk.shared.FieldProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternCheckTest {

    @Test
    void acceptsTheDefaultsAndOrdinaryPatterns() {
        for (String pattern : List.of(ParseRules.DEFAULT_ORDER.pattern(), ParseRules.DEFAULT_TRANSACTION.pattern(),
                "\\b(ORD-\\d{6})\\b", "#(\\d{4,10})", "(?i)order\\s*(?:no\\.?|number)?\\s*[:#]?\\s*([A-Z0-9-]{4,20})",
                "([A-Z]{2}\\d{3}-)+\\d", "\\b(txn_[a-z0-9]{12})\\b")) {
            assertThat(PatternCheck.problem(pattern)).as(pattern).isEmpty();
        }
    }

    @Test
    void refusesPatternsThatBacktrackCatastrophically() {
        for (String pattern : List.of("(a+)+$", "(a*)*b", "(\\d*-?)*x", "((ab)*)+c", "(\\w+\\s?){2,}!",
                "(.*a){12}", "(x+x+)+y")) {
            assertThat(PatternCheck.problem(pattern)).as(pattern).isPresent();
        }
    }

    @Test
    void refusesWhatDoesNotCompileIsTooLongOrTooMany() {
        assertThat(PatternCheck.problem("(unclosed")).hasValueSatisfying(why ->
                assertThat(why).startsWith("is not a valid regular expression"));
        assertThat(PatternCheck.problem("a".repeat(201))).hasValue("must be at most 200 characters");
        assertThat(PatternCheck.problem(" ")).isPresent();
        List<FieldProblem> errors = new ArrayList<>();
        PatternCheck.check(Collections.nCopies(11, "a"), "order_patterns", errors);
        assertThat(errors).extracting(FieldProblem::field).containsExactly("order_patterns");
        errors.clear();
        assertThat(PatternCheck.check(List.of(" ok-\\d+ ", "(a+)+"), "order_patterns", errors))
                .containsExactly("ok-\\d+");
        assertThat(errors).extracting(FieldProblem::field).containsExactly("order_patterns[1]");
    }
}
