package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped policies load, and their cases files pass through the same code as the CLI. */
class ShippedPoliciesTest {

    private final PolicyDocuments documents = PolicyDocuments.standard();

    @ParameterizedTest
    @ValueSource(strings = {"exceptions-only", "tiered-usage", "case-review"})
    void casesPassAndCoverEveryRule(String name) throws IOException {
        Path file = Path.of("policies", name + ".yaml");
        Path cases = Path.of("policies", name + ".cases.yaml");
        PolicyDocuments.Loaded policy = documents.load(file.toString(), Files.readString(file));
        List<PolicyDocuments.CaseResult> results = policy.test(cases.toString(), Files.readString(cases));

        assertThat(results).isNotEmpty();
        assertThat(results.stream().filter(r -> !r.passed()).map(r -> r.name() + ": " + r.failures()))
                .as("failing cases").isEmpty();
        Set<String> expectedRules = policy.policy().rules().stream().map(Policy.Rule::id).collect(Collectors.toSet());
        String text = Files.readString(cases);
        assertThat(expectedRules).as("every rule has a case naming it")
                .allMatch(rule -> text.contains("rule: " + rule));
    }
}
