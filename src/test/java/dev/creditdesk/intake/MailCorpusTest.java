package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.ParsedMail.Attachment;
import dev.creditdesk.policy.RefundCategory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Parses every message of src/test/resources/mail-corpus and compares each field with its
 * {@code .expected.yaml}: prints the accuracy per field (correct / total) and every miss, writes the
 * table to target/mail-corpus-accuracy.md (docs/intake.md, "Parser accuracy", shows it), and fails
 * below the thresholds. The kind decides whether a message is answered, so it must always be right;
 * the other fields are shown to support (and asked for again when missing), so a few misses are
 * tolerated rather than bending the corpus to the parser.
 */
class MailCorpusTest {

    private static final int MIN_MESSAGES = 35;
    /** Per field, the lowest share of correct messages accepted. */
    private static final Map<String, Double> THRESHOLDS = thresholds();

    private final MailParser parser = new MailParser();

    @Test
    void parsesTheCorpusAboveTheThresholds() throws IOException, URISyntaxException {
        Path corpus = Path.of(Objects.requireNonNull(getClass().getResource("/mail-corpus")).toURI());
        List<Path> messages;
        try (Stream<Path> files = Files.list(corpus)) {
            messages = files.filter(file -> file.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(messages).hasSizeGreaterThanOrEqualTo(MIN_MESSAGES);

        Map<String, int[]> scores = new LinkedHashMap<>();
        THRESHOLDS.keySet().forEach(field -> scores.put(field, new int[2]));
        List<String> misses = new ArrayList<>();
        for (Path message : messages) {
            String name = message.getFileName().toString().replace(".eml", "");
            Map<String, Object> expected = expected(corpus.resolve(name + ".expected.yaml"));
            boolean dayFirst = !Boolean.FALSE.equals(expected.get("dayFirst"));
            ParseRules rules = new ParseRules(List.of(ParseRules.DEFAULT_ORDER), List.of(ParseRules.DEFAULT_TRANSACTION),
                    dayFirst, Set.copyOf(RefundCategory.wireNames()));
            ParsedMail parsed = parser.parse(Files.readAllBytes(message), rules);
            for (Map.Entry<String, Function<ParsedMail, Object>> field : FIELDS.entrySet()) {
                Object want = normalise(field.getKey(), expected.get(field.getKey()));
                Object got = normalise(field.getKey(), field.getValue().apply(parsed));
                int[] score = scores.get(field.getKey());
                score[1]++;
                if (Objects.equals(want, got)) {
                    score[0]++;
                } else {
                    misses.add("| " + name + " | " + field.getKey() + " | " + cell(want) + " | " + cell(got) + " |");
                }
            }
        }

        String report = report(messages.size(), scores, misses);
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "mail-corpus-accuracy.md"), report);

        scores.forEach((field, score) -> assertThat((double) score[0] / score[1])
                .as("accuracy of %s (%d of %d correct; see target/mail-corpus-accuracy.md)", field, score[0], score[1])
                .isGreaterThanOrEqualTo(THRESHOLDS.get(field)));
    }

    private static final Map<String, Function<ParsedMail, Object>> FIELDS = fields();

    private static Map<String, Function<ParsedMail, Object>> fields() {
        Map<String, Function<ParsedMail, Object>> fields = new LinkedHashMap<>();
        fields.put("kind", mail -> mail.kind().name());
        fields.put("from", ParsedMail::from);
        fields.put("mentionedEmails", ParsedMail::mentionedEmails);
        fields.put("orderNumber", ParsedMail::orderNumber);
        fields.put("transactionId", ParsedMail::transactionId);
        fields.put("purchaseDate", mail -> mail.purchaseDate() == null ? null : mail.purchaseDate().toString());
        fields.put("purchaseDateText", ParsedMail::purchaseDateText);
        fields.put("taskId", ParsedMail::taskId);
        fields.put("reason", ParsedMail::reason);
        fields.put("categoryGuess", ParsedMail::categoryGuess);
        fields.put("caseToken", ParsedMail::caseToken);
        fields.put("inReplyTo", ParsedMail::inReplyTo);
        fields.put("references", ParsedMail::references);
        fields.put("attachments", mail -> mail.attachments().stream().map(MailCorpusTest::describe).toList());
        return fields;
    }

    private static Map<String, Double> thresholds() {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("kind", 1.0);
        for (String field : List.of("from", "inReplyTo", "references", "attachments", "caseToken")) {
            thresholds.put(field, 1.0);
        }
        for (String field : List.of("mentionedEmails", "orderNumber", "transactionId", "taskId")) {
            thresholds.put(field, 0.95);
        }
        thresholds.put("purchaseDate", 0.9);
        thresholds.put("purchaseDateText", 0.9);
        thresholds.put("categoryGuess", 0.85);
        thresholds.put("reason", 0.8);
        return thresholds;
    }

    private static Map<String, Object> describe(Attachment attachment) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("filename", attachment.filename());
        described.put("contentType", attachment.contentType());
        described.put("size", attachment.data().length);
        described.put("inline", attachment.inline());
        return described;
    }

    /** Reasons compare with runs of white space made one space (line wrapping is not a difference). */
    private static Object normalise(String field, Object value) {
        if (value == null) {
            return field.equals("mentionedEmails") || field.equals("inReplyTo") || field.equals("references")
                    || field.equals("attachments") ? List.of() : null;
        }
        if (field.equals("reason")) {
            return value.toString().replaceAll("\\s+", " ").strip();
        }
        return value;
    }

    private static Map<String, Object> expected(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new LoaderOptions()).load(in);
        }
    }

    private static String report(int messages, Map<String, int[]> scores, List<String> misses) {
        StringBuilder out = new StringBuilder();
        out.append("Mail corpus: ").append(messages).append(" messages (src/test/resources/mail-corpus), measured by `./mvnw test -Dtest=MailCorpusTest`\n\n");
        out.append("| field | correct | accuracy | threshold |\n|---|---|---|---|\n");
        scores.forEach((field, score) -> out.append(String.format("| %s | %d / %d | %.0f%% | %.0f%% |%n", field, score[0],
                score[1], 100.0 * score[0] / score[1], 100.0 * THRESHOLDS.get(field))));
        out.append("\n");
        if (misses.isEmpty()) {
            out.append("No misses.\n");
        } else {
            out.append("Misses:\n\n| message | field | expected | parsed |\n|---|---|---|---|\n");
            misses.forEach(miss -> out.append(miss).append('\n'));
        }
        return out.toString();
    }

    private static String cell(Object value) {
        String text = String.valueOf(value).replace("|", "\\|").replace("\n", " ");
        return text.length() > 160 ? text.substring(0, 157) + "…" : text;
    }
}
