package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.CreditRemoval;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.PolicyException;
import dev.creditdesk.policy.ProposedRemedy;
import dev.creditdesk.policy.RefundCategory;
import java.io.StringReader;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a policy document and checks all of it before anything uses it: unknown keys, missing
 * citations, outcomes without the amount or the missing information they need, and every CEL
 * expression compiled and type-checked. Problems are collected, not stopped at, and each names the
 * file, the rule and the line.
 */
public final class PolicyLoader {

    private static final Set<String> TOP_KEYS = Set.of("id", "version", "effective_from", "title", "source",
            "request_window", "review_sla_business_days", "non_refundable", "rounding", "terms", "chargebacks", "rules",
            "categories");
    private static final Set<String> CATEGORY_KEYS = Set.of("id", "title");
    private static final Pattern CATEGORY_ID = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    private static final Set<String> CHARGEBACK_KEYS = Set.of("suspend", "cite");
    private static final Set<String> WINDOW_KEYS = Set.of("hours", "calendar_days", "business_days", "from", "cite");
    private static final Set<String> ROUNDING_KEYS = Set.of("scale", "mode");
    private static final Set<String> RULE_KEYS = Set.of("id", "cite", "when", "outcome", "amount", "remove_credits",
            "remedies", "missing", "decide", "note", "window", "choose");
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private final ExpressionEngine engine;

    public PolicyLoader(ExpressionEngine engine) {
        this.engine = engine;
    }

    /** A loaded policy with its expressions compiled, ready to evaluate. */
    public CompiledPolicy load(String file, String yaml) {
        Problems problems = new Problems(file);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new PolicyException(List.of(file + ": line " + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            throw new PolicyException(List.of(file + ": not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw new PolicyException(List.of(file + ": a policy is a YAML mapping with id, version, rules…"));
        }
        Map<String, Node> fields = mapping(top, TOP_KEYS, problems, null);
        String id = text(fields, "id", true, problems, null, top);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(null, fields.get("id"), "id must be lower-case letters, digits and '-'");
        }
        String version = text(fields, "version", true, problems, null, top);
        Instant effectiveFrom = instant(fields.get("effective_from"), problems);
        if (effectiveFrom == null && !fields.containsKey("effective_from")) {
            problems.add(null, top, "effective_from is required");
        }
        String title = text(fields, "title", false, problems, null, top);
        Integer sla = integer(fields.get("review_sla_business_days"), 0, 60, "review_sla_business_days", problems, null);
        if (sla == null && !fields.containsKey("review_sla_business_days")) {
            problems.add(null, top, "review_sla_business_days is required");
        }
        Policy.RequestWindow window = window(fields.get("request_window"), problems);
        Set<String> nonRefundable = new LinkedHashSet<>();
        for (Node part : sequence(fields.get("non_refundable"), "non_refundable", problems, null)) {
            String value = scalar(part);
            if (!Policy.NON_REFUNDABLE_PARTS.contains(value)) {
                problems.add(null, part, "non_refundable may list " + String.join(", ", sorted(Policy.NON_REFUNDABLE_PARTS))
                        + "; not '" + value + "'");
            }
            nonRefundable.add(value);
        }
        int scale = 2;
        RoundingMode mode = RoundingMode.HALF_UP;
        if (fields.get("rounding") instanceof MappingNode rounding) {
            Map<String, Node> r = mapping(rounding, ROUNDING_KEYS, problems, null);
            Integer s = integer(r.get("scale"), 0, 6, "rounding.scale", problems, null);
            scale = s == null ? scale : s;
            if (r.containsKey("mode")) {
                String value = String.valueOf(scalar(r.get("mode")));
                if (Set.of("half_up", "half_even", "up", "down").contains(value)) {
                    mode = RoundingMode.valueOf(value.toUpperCase(Locale.ROOT));
                } else {
                    problems.add(null, r.get("mode"), "rounding.mode must be half_up, half_even, up or down");
                }
            }
        } else if (fields.containsKey("rounding")) {
            problems.add(null, fields.get("rounding"), "rounding is a mapping with scale and mode");
        }
        Policy.TermsBinding terms = Policy.TermsBinding.REQUEST_TIME;
        if (fields.containsKey("terms")) {
            String value = scalar(fields.get("terms"));
            if ("purchase_time".equals(value)) {
                terms = Policy.TermsBinding.PURCHASE_TIME;
            } else if (!"request_time".equals(value)) {
                problems.add(null, fields.get("terms"), "terms must be request_time or purchase_time");
            }
        }
        Policy.Chargebacks chargebacks = chargebacks(fields.get("chargebacks"), problems);
        List<Policy.Category> categories = categories(fields.get("categories"), problems);
        Set<String> accepted = new LinkedHashSet<>(RefundCategory.wireNames());
        categories.forEach(c -> accepted.add(c.id()));
        List<Policy.Rule> rules = new ArrayList<>();
        List<CompiledPolicy.CompiledRule> compiled = new ArrayList<>();
        Set<String> ruleIds = new HashSet<>();
        List<Node> ruleNodes = sequence(fields.get("rules"), "rules", problems, null);
        if (ruleNodes.isEmpty()) {
            problems.add(null, fields.getOrDefault("rules", top), "rules must list at least one rule");
        }
        for (Node node : ruleNodes) {
            rule(node, ruleIds, accepted, problems).ifPresent(pair -> {
                rules.add(pair.rule());
                compiled.add(pair);
            });
        }
        problems.throwIfAny();
        Policy policy = new Policy(id, version, effectiveFrom, title, window, sla, nonRefundable, scale, mode, terms,
                chargebacks, List.copyOf(rules), categories);
        return new CompiledPolicy(policy, List.copyOf(compiled));
    }

    private java.util.Optional<CompiledPolicy.CompiledRule> rule(Node node, Set<String> ids, Set<String> categories,
            Problems problems) {
        if (!(node instanceof MappingNode map)) {
            problems.add(null, node, "each rule is a mapping with id, cite, when and outcome");
            return java.util.Optional.empty();
        }
        int before = problems.size();
        String provisional = map.getValue().stream()
                .filter(t -> "id".equals(scalar(t.getKeyNode()))).map(t -> scalar(t.getValueNode()))
                .findFirst().orElse(null);
        Map<String, Node> f = mapping(map, RULE_KEYS, problems, provisional);
        String id = text(f, "id", true, problems, provisional, map);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(id, f.get("id"), "rule id must be lower-case letters, digits and '-'");
        }
        if (id != null && !ids.add(id)) {
            problems.add(id, f.get("id"), "rule id '" + id + "' is used twice");
        }
        String cite = text(f, "cite", false, problems, id, map);
        if (cite == null || cite.isBlank()) {
            problems.add(id, map, "every rule must cite the clause it implements (cite: \"…\")");
        }
        String when = text(f, "when", true, problems, id, map);
        Outcome outcome = null;
        String outcomeText = text(f, "outcome", true, problems, id, map);
        if (outcomeText != null) {
            outcome = Outcome.fromWire(outcomeText);
            if (outcome == null) {
                problems.add(id, f.get("outcome"), "outcome must be one of full_refund, partial_refund, no_refund, "
                        + "needs_review, needs_information, remedy");
            }
        }
        String amount = text(f, "amount", false, problems, id, map);
        if (outcome == Outcome.PARTIAL_REFUND && amount == null) {
            problems.add(id, map, "a partial_refund needs an amount expression");
        }
        RuleRemedies offered = remedies(f.get("remedies"), id, problems);
        boolean accountCredit = offered.details().stream().flatMap(List::stream)
                .anyMatch(r -> r instanceof ProposedRemedy.AccountCredit);
        if (amount != null && outcome != null && !outcome.refunds() && outcome != Outcome.NEEDS_REVIEW
                && !(outcome == Outcome.REMEDY && accountCredit)) {
            problems.add(id, f.get("amount"), "only refunds, account credit (or a review proposing one) have an amount");
        }
        if (amount == null && outcome != Outcome.FULL_REFUND && offered.details().stream().flatMap(List::stream)
                .anyMatch(r -> r instanceof ProposedRemedy.AccountCredit credit && credit.amount() == null)) {
            problems.add(id, f.get("remedies"), "account_credit needs an amount: give the rule an amount expression"
                    + " or write account_credit: {amount: \"10.00\"}");
        }
        CreditRemoval removal = CreditRemoval.NONE;
        if (f.containsKey("remove_credits")) {
            removal = CreditRemoval.fromWire(scalar(f.get("remove_credits")));
            if (removal == null) {
                problems.add(id, f.get("remove_credits"), "remove_credits must be remaining, unused_paid or none");
                removal = CreditRemoval.NONE;
            }
        } else if (outcome == Outcome.FULL_REFUND) {
            removal = CreditRemoval.REMAINING;
        } else if (outcome == Outcome.PARTIAL_REFUND) {
            removal = CreditRemoval.UNUSED_PAID;
        }
        List<String> remedies = new ArrayList<>(offered.names());
        List<List<String>> options = new ArrayList<>(offered.options());
        List<List<ProposedRemedy>> details = new ArrayList<>(offered.details());
        if (outcome != null && outcome.refunds() && remedies.isEmpty()) {
            remedies.add("refund");
            options.add(List.of("refund"));
            details.add(List.of(new ProposedRemedy.Plain(ProposedRemedy.Type.REFUND)));
        }
        Policy.Chooser choose = Policy.Chooser.SUPPORT;
        if (f.containsKey("choose")) {
            String value = scalar(f.get("choose"));
            if ("customer".equals(value)) {
                choose = Policy.Chooser.CUSTOMER;
            } else if (!"support".equals(value)) {
                problems.add(id, f.get("choose"), "choose must be support or customer");
            }
        }
        List<String> missing = new ArrayList<>();
        for (Node item : sequence(f.get("missing"), "missing", problems, id)) {
            missing.add(scalar(item));
        }
        if (outcome == Outcome.NEEDS_INFORMATION && missing.isEmpty()) {
            problems.add(id, map, "needs_information must name what is missing (missing: [...])");
        }
        boolean automatic = false;
        if (f.containsKey("decide")) {
            String decide = scalar(f.get("decide"));
            if ("automatic".equals(decide)) {
                automatic = true;
            } else if (!"review".equals(decide)) {
                problems.add(id, f.get("decide"), "decide must be automatic or review");
            }
        }
        if (automatic && outcome == Outcome.NEEDS_REVIEW) {
            problems.add(id, f.get("decide"), "needs_review cannot be decided automatically");
        }
        if (choose == Policy.Chooser.CUSTOMER) {
            if (options.size() < 2) {
                problems.add(id, f.get("choose"), "choose: customer needs at least two options to choose from"
                        + " (remedies: [[a], [b]])");
            }
            if (!automatic) {
                problems.add(id, f.get("choose"), "choose: customer offers the options without a person: write"
                        + " decide: automatic (a person choosing is choose: support)");
            }
            details.stream().flatMap(List::stream)
                    .filter(r -> r instanceof ProposedRemedy.Credits credits && credits.credits() == null)
                    .forEach(r -> problems.add(id, f.get("remedies"), "choose: customer: " + r.type().wireName()
                            + " must say how many credits ({" + r.type().wireName() + ": {credits: 100}})"));
        }
        String note = text(f, "note", false, problems, id, map);
        Policy.RuleWindow window = ruleWindow(f.get("window"), id, cite, problems);
        checkCategories(when, f.get("when"), "when", id, categories, problems);
        checkCategories(amount, f.get("amount"), "amount", id, categories, problems);
        ExpressionEngine.Compiled condition = compile(when, f.get("when"), false, id, problems);
        ExpressionEngine.Compiled amountProgram = amount == null ? null : compile(amount, f.get("amount"), true, id, problems);
        if (problems.size() > before) {
            return java.util.Optional.empty();
        }
        int line = map.getStartMark().getLine() + 1;
        Policy.Rule rule = new Policy.Rule(id, cite, when, outcome, amount, removal, List.copyOf(remedies),
                List.copyOf(options), List.copyOf(missing), automatic, note, line, window, List.copyOf(details),
                choose);
        return java.util.Optional.of(new CompiledPolicy.CompiledRule(rule, condition, amountProgram));
    }

    /** A rule's remedies: every name in order, the options as names, and the options with parameters. */
    private record RuleRemedies(List<String> names, List<List<String>> options, List<List<ProposedRemedy>> details) {
    }

    /**
     * {@code remedies: [a, {b: {…}}]} is one set applied together; {@code [[a, b], [c]]} offers
     * alternatives, of which an approval (or the customer) picks one. A remedy is a name, or a
     * mapping of its name to its parameters.
     */
    private static RuleRemedies remedies(Node node, String id, Problems problems) {
        List<String> names = new ArrayList<>();
        List<List<String>> options = new ArrayList<>();
        List<List<ProposedRemedy>> details = new ArrayList<>();
        List<String> together = new ArrayList<>();
        List<ProposedRemedy> togetherDetails = new ArrayList<>();
        for (Node item : sequence(node, "remedies", problems, id)) {
            List<Node> members = item instanceof SequenceNode option ? option.getValue() : List.of(item);
            List<String> option = new ArrayList<>();
            List<ProposedRemedy> optionDetails = new ArrayList<>();
            for (Node member : members) {
                ProposedRemedy remedy = RemedyParameters.read(member, id, problems::add);
                String name = remedy != null ? remedy.type().wireName() : RemedyParameters.name(member);
                option.add(name);
                names.add(name);
                if (remedy != null) {
                    optionDetails.add(remedy);
                }
            }
            if (item instanceof SequenceNode) {
                if (option.isEmpty()) {
                    problems.add(id, item, "an option of remedies names at least one");
                }
                options.add(List.copyOf(option));
                details.add(List.copyOf(optionDetails));
            } else {
                together.addAll(option);
                togetherDetails.addAll(optionDetails);
            }
        }
        if (!together.isEmpty()) {
            options.add(0, List.copyOf(together));
            details.add(0, List.copyOf(togetherDetails));
        }
        return new RuleRemedies(names, options, details);
    }

    /** Every category an expression compares request.category with must be built in or declared. */
    private static void checkCategories(String source, Node node, String what, String ruleId, Set<String> accepted,
            Problems problems) {
        if (source == null) {
            return;
        }
        for (CategoryMentions.Mention mention : CategoryMentions.in(source)) {
            if (!accepted.contains(mention.category())) {
                problems.add(ruleId, expressionLine(node, mention.line()), what + " (column " + mention.column()
                        + "): category '" + mention.category() + "' is neither built in nor declared; declare it"
                        + " under categories: [{id: " + mention.category() + ", title: \"…\"}] or use one of "
                        + String.join(", ", accepted));
            }
        }
    }

    /**
     * The reason categories a policy adds to the built-in ones: {@code [{id: wrong_plan, title: "…"}]}.
     * Ids are lower-case letters, digits and '_', unique, and not a built-in category.
     */
    private static List<Policy.Category> categories(Node node, Problems problems) {
        List<Policy.Category> categories = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : sequence(node, "categories", problems, null)) {
            if (!(item instanceof MappingNode map)) {
                problems.add(null, item, "each category is a mapping: {id: wrong_plan, title: \"I bought the wrong plan\"}");
                continue;
            }
            Map<String, Node> f = mapping(map, CATEGORY_KEYS, problems, null);
            String id = text(f, "id", true, problems, null, map);
            String title = text(f, "title", true, problems, null, map);
            if (id == null) {
                continue;
            }
            if (!CATEGORY_ID.matcher(id).matches()) {
                problems.add(null, f.get("id"), "category id '" + id
                        + "' must be lower-case letters, digits and '_' (at most 40), starting with a letter");
            } else if (RefundCategory.wireNames().contains(id)) {
                problems.add(null, f.get("id"), "category '" + id + "' is built in; declare only new ones");
            } else if (!seen.add(id)) {
                problems.add(null, f.get("id"), "category '" + id + "' is declared twice");
            } else if (title != null && title.isBlank()) {
                problems.add(null, map, "category '" + id + "' needs a title, as a form shows it");
            } else if (title != null) {
                categories.add(new Policy.Category(id, title));
            }
        }
        return List.copyOf(categories);
    }

    /** The file's line of line {@code expressionLine} (1-based) of the expression written at {@code node}. */
    private static int expressionLine(Node node, int expressionLine) {
        int line = node.getStartMark().getLine() + 1;
        boolean block = node instanceof ScalarNode scalar && scalar.getScalarStyle().getChar() != null
                && (scalar.getScalarStyle().getChar() == '|' || scalar.getScalarStyle().getChar() == '>');
        return block ? line + expressionLine : line + expressionLine - 1;
    }

    private ExpressionEngine.Compiled compile(String source, Node node, boolean amount, String ruleId,
            Problems problems) {
        if (source == null) {
            return null;
        }
        try {
            return amount ? engine.amount(source) : engine.condition(source);
        } catch (ExpressionEngine.ExpressionError e) {
            int line = node.getStartMark().getLine() + 1;
            boolean block = node instanceof ScalarNode scalar && scalar.getScalarStyle().getChar() != null
                    && (scalar.getScalarStyle().getChar() == '|' || scalar.getScalarStyle().getChar() == '>');
            int at = block ? line + e.line() : line + e.line() - 1;
            problems.add(ruleId, at, (amount ? "amount" : "when") + " (column " + e.column() + "): " + e.getMessage());
            return null;
        }
    }

    private static Policy.Chargebacks chargebacks(Node node, Problems problems) {
        if (node == null) {
            return Policy.Chargebacks.NONE;
        }
        if (!(node instanceof MappingNode map)) {
            problems.add(null, node, "chargebacks is a mapping: suspend, cite");
            return Policy.Chargebacks.NONE;
        }
        Map<String, Node> f = mapping(map, CHARGEBACK_KEYS, problems, null);
        Set<String> suspend = new LinkedHashSet<>();
        for (Node item : sequence(f.get("suspend"), "chargebacks.suspend", problems, null)) {
            String value = scalar(item);
            if (!Policy.SUSPENSIONS.contains(value)) {
                problems.add(null, item, "chargebacks.suspend may list " + String.join(", ", sorted(Policy.SUSPENSIONS))
                        + "; not '" + value + "'");
            }
            suspend.add(value);
        }
        String cite = f.get("cite") == null ? null : scalar(f.get("cite"));
        if (cite == null || cite.isBlank()) {
            problems.add(null, map, "chargebacks must cite the clause that allows the suspension");
        }
        return new Policy.Chargebacks(suspend, cite);
    }

    private static Policy.RequestWindow window(Node node, Problems problems) {
        return node == null ? null : window(node, "request_window", null, null, problems);
    }

    /**
     * A rule's {@code window:}: absent (the policy's), {@code none}, or a window like
     * {@code request_window} whose cite defaults to the rule's.
     */
    private static Policy.RuleWindow ruleWindow(Node node, String ruleId, String ruleCite, Problems problems) {
        if (node == null) {
            return Policy.RuleWindow.POLICY;
        }
        if (node instanceof ScalarNode && "none".equals(scalar(node))) {
            return Policy.RuleWindow.NONE;
        }
        Policy.RequestWindow window = window(node, "window", ruleId, ruleCite, problems);
        return window == null ? Policy.RuleWindow.POLICY : new Policy.RuleWindow.Own(window);
    }

    private static Policy.RequestWindow window(Node node, String name, String ruleId, String defaultCite,
            Problems problems) {
        if (!(node instanceof MappingNode map)) {
            problems.add(ruleId, node, name + " is " + (ruleId == null ? "" : "none or ")
                    + "a mapping: calendar_days (or hours, business_days), from, cite");
            return null;
        }
        Map<String, Node> f = mapping(map, WINDOW_KEYS, problems, ruleId);
        List<String> units = f.keySet().stream().filter(k -> Set.of("hours", "calendar_days", "business_days").contains(k)).toList();
        if (units.size() != 1) {
            problems.add(ruleId, map, name + " needs exactly one of hours, calendar_days, business_days");
            return null;
        }
        String unitKey = units.get(0);
        Integer amount = integer(f.get(unitKey), 0, 3650, name + "." + unitKey, problems, ruleId);
        Anchor anchor = Anchor.PURCHASE;
        if (f.containsKey("from")) {
            anchor = Anchor.fromWire(scalar(f.get("from")));
            if (anchor == null) {
                problems.add(ruleId, f.get("from"), name + ".from must be one of " + String.join(", ", Anchor.wireNames()));
                anchor = Anchor.PURCHASE;
            }
        }
        String cite = f.containsKey("cite") ? scalar(f.get("cite")) : defaultCite;
        if (cite == null || cite.isBlank()) {
            problems.add(ruleId, map, name + " must cite the clause that sets it");
        }
        if (amount == null) {
            return null;
        }
        return new Policy.RequestWindow(amount, Policy.RequestWindow.Unit.valueOf(unitKey.toUpperCase(Locale.ROOT)),
                anchor, cite);
    }

    private static Map<String, Node> mapping(MappingNode map, Set<String> allowed, Problems problems, String ruleId) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                problems.add(ruleId, tuple.getKeyNode(), "unknown key '" + key + "'; allowed: "
                        + String.join(", ", sorted(allowed)));
                continue;
            }
            if (fields.containsKey(key)) {
                problems.add(ruleId, tuple.getKeyNode(), "key '" + key + "' is given twice");
                continue;
            }
            fields.put(key, tuple.getValueNode());
        }
        return fields;
    }

    private static List<Node> sequence(Node node, String name, Problems problems, String ruleId) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problems.add(ruleId, node, name + " must be a list");
        return List.of();
    }

    private static String text(Map<String, Node> fields, String key, boolean required, Problems problems,
            String ruleId, Node parent) {
        Node node = fields.get(key);
        if (node == null) {
            if (required) {
                problems.add(ruleId, parent, key + " is required");
            }
            return null;
        }
        if (!(node instanceof ScalarNode)) {
            problems.add(ruleId, node, key + " must be a single value");
            return null;
        }
        return scalar(node);
    }

    private static Integer integer(Node node, int min, int max, String name, Problems problems, String ruleId) {
        if (node == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(scalar(node));
            if (value < min || value > max) {
                problems.add(ruleId, node, name + " must be between " + min + " and " + max);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(ruleId, node, name + " must be a whole number");
            return null;
        }
    }

    private static Instant instant(Node node, Problems problems) {
        if (node == null) {
            return null;
        }
        String value = scalar(node);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                problems.add(null, node, "effective_from must be an RFC 3339 instant such as 2026-02-04T00:00:00Z");
                return null;
            }
        }
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static final class Problems {
        private final String file;
        private final List<String> messages = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String ruleId, Node node, String message) {
            add(ruleId, node == null ? 0 : node.getStartMark().getLine() + 1, message);
        }

        void add(String ruleId, int line, String message) {
            messages.add(file + (ruleId == null ? "" : ": rule '" + ruleId + "'") + (line > 0 ? ": line " + line : "")
                    + ": " + message);
        }

        int size() {
            return messages.size();
        }

        void throwIfAny() {
            if (!messages.isEmpty()) {
                throw new PolicyException(messages);
            }
        }
    }
}
