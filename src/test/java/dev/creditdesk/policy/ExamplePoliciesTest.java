package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example policies of docs/policies.md load, and each passes its cases file, which names every
 * rule: the same checks as {@link ShippedPoliciesTest}, for every policies/examples/*.yaml (and the
 * benchmark's policies, bench/policies/*.yaml).
 */
class ExamplePoliciesTest {

    private static final Path EXAMPLES = Path.of("policies", "examples");
    private static final Path BENCH = Path.of("bench", "policies");

    private final PolicyDocuments documents = PolicyDocuments.standard();

    static Stream<Path> examples() throws IOException {
        return Stream.concat(policiesIn(EXAMPLES), policiesIn(BENCH));
    }

    private static Stream<Path> policiesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().endsWith(".cases.yaml"))
                    .sorted().toList().stream();
        }
    }

    @Test
    void thereAreExamples() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void casesPassAndCoverEveryRule(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path cases = file.resolveSibling(name + ".cases.yaml");
        assertThat(cases).as("every example has a cases file").exists();

        PolicyDocuments.Loaded policy = documents.load(file.toString(), Files.readString(file));
        List<PolicyDocuments.CaseResult> results = policy.test(cases.toString(), Files.readString(cases));

        assertThat(results).isNotEmpty();
        assertThat(results.stream().filter(r -> !r.passed()).map(r -> r.name() + ": " + r.failures()))
                .as("failing cases").isEmpty();
        Set<String> rules = policy.policy().rules().stream().map(Policy.Rule::id).collect(Collectors.toSet());
        String text = Files.readString(cases);
        assertThat(rules).as("every rule has a case naming it").allMatch(rule -> text.contains("rule: " + rule));
    }
}
