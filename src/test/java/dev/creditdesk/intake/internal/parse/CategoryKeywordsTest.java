package dev.creditdesk.intake.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.policy.RefundCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CategoryKeywordsTest {

    private static final Set<String> ALL = Set.copyOf(RefundCategory.wireNames());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I did not make this purchase|fraud",
            "I was charged twice for the same pack|duplicate_charge",
            "My video generation failed but used credits|failed_task",
            "I never received the credits|not_delivered",
            "You charged me the wrong amount|billing_error",
            "The service was down all weekend|service_unavailable",
            "I am using my right of withdrawal|legal_right",
            "My subscription auto-renewed after I cancelled|cancellation",
            "I only used a few of the credits|partial_use",
            "I haven't used any credits|unused_credits",
            "The results were terrible and blurry|quality",
            "I am locked out of my account|account_error",
            "I bought it by mistake|change_of_mind",
            "Ich wurde doppelt belastet|duplicate_charge",
            "J'ai changé d'avis, acheté par erreur|change_of_mind",
    })
    void keywordsGuessTheirCategory(String text, String category) {
        assertThat(CategoryKeywords.guess(text, ALL)).isEqualTo(category);
    }

    @Test
    void nothingMatchesNothingGuessed() {
        assertThat(CategoryKeywords.guess("Please refund me.", ALL)).isNull();
        assertThat(CategoryKeywords.guess("I did not make this purchase", Set.of("quality"))).isNull();
    }

    @Test
    void theTableNamesKnownCategoriesAndTheDocsListThemAll() throws IOException {
        String docs = Files.readString(Path.of("docs/intake.md"));
        for (String category : CategoryKeywords.table().keySet()) {
            assertThat(ALL).contains(category);
            assertThat(docs).as("docs/intake.md lists the keywords of %s", category).contains("| `" + category + "` |");
        }
    }
}
