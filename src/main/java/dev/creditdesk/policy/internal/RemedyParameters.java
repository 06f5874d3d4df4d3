package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.ProposedRemedy;
import dev.creditdesk.policy.ProposedRemedy.Type;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one remedy of a rule: a name ({@code refund}) or a mapping of the name to its parameters
 * ({@code compensation_credits: {credits: 100, expires_in_days: 30}}), checking every parameter.
 */
final class RemedyParameters {

    private static final Pattern PLAN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final int MAX_CREDITS = 1_000_000;

    /** Where a problem goes: the rule, the node it is about, what is wrong. */
    interface Report {
        void add(String ruleId, Node node, String message);
    }

    private RemedyParameters() {
    }

    /** The remedy's name as written, for messages (null when it has none). */
    static String name(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof MappingNode map && map.getValue().size() == 1
                && map.getValue().get(0).getKeyNode() instanceof ScalarNode key) {
            return key.getValue();
        }
        return null;
    }

    /** The remedy {@code node} states, or null after reporting what is wrong with it. */
    static ProposedRemedy read(Node node, String ruleId, Report report) {
        String name = name(node);
        Type type = Type.fromWire(name);
        if (type == null) {
            report.add(ruleId, node, name == null
                    ? "a remedy is a name (refund) or a name with parameters ({compensation_credits: {credits: 100}})"
                    : "unknown remedy '" + name + "'; known: " + String.join(", ", Policy.REMEDIES.stream().sorted().toList()));
            return null;
        }
        if (node instanceof ScalarNode) {
            ProposedRemedy remedy = ProposedRemedy.named(name);
            if (remedy == null) {
                report.add(ruleId, node, name + " needs parameters: " + usage(type));
            }
            return remedy;
        }
        Node value = ((MappingNode) node).getValue().get(0).getValueNode();
        if (!(value instanceof MappingNode parameters)) {
            report.add(ruleId, value, name + " takes its parameters as a mapping: " + usage(type));
            return null;
        }
        Map<String, Node> given = new LinkedHashMap<>();
        for (NodeTuple tuple : parameters.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (!allowed(type).contains(key)) {
                report.add(ruleId, tuple.getKeyNode(), allowed(type).isEmpty()
                        ? name + " takes no parameters"
                        : name + ": unknown parameter '" + key + "'; " + usage(type));
                return null;
            }
            given.put(key, tuple.getValueNode());
        }
        Checked checked = new Checked(name, ruleId, report);
        ProposedRemedy remedy = switch (type) {
            case REPLACEMENT_CREDITS, COMPENSATION_CREDITS -> new ProposedRemedy.Credits(type,
                    checked.whole(given.get("credits"), "credits", 1, MAX_CREDITS),
                    checked.integer(given.get("expires_in_days"), "expires_in_days", 1, 3650));
            case ACCOUNT_CREDIT -> new ProposedRemedy.AccountCredit(checked.amount(given.get("amount")));
            case CONVERT_PLAN -> new ProposedRemedy.ConvertPlan(checked.required(given, "to", parameters)
                    ? checked.matching(given.get("to"), "to", PLAN, "a plan id such as pro-monthly") : null);
            case PAUSE_SUBSCRIPTION -> {
                Integer months = checked.required(given, "months", parameters)
                        ? checked.integer(given.get("months"), "months", 1, 12) : null;
                yield new ProposedRemedy.PauseSubscription(months == null ? 0 : months);
            }
            case END_SUBSCRIPTION -> new ProposedRemedy.EndSubscription(checked.endAt(given.get("at")));
            case REFER_TO_BANK -> new ProposedRemedy.ReferToBank(given.containsKey("template")
                    ? checked.matching(given.get("template"), "template", ProposedRemedy.BANK_TEMPLATES,
                            "refer_to_bank, or a tenant's own template named refer_to_bank_<name>")
                    : ProposedRemedy.BANK_TEMPLATE);
            default -> new ProposedRemedy.Plain(type);
        };
        return checked.failed ? null : remedy;
    }

    private static Set<String> allowed(Type type) {
        return switch (type) {
            case REPLACEMENT_CREDITS, COMPENSATION_CREDITS -> Set.of("credits", "expires_in_days");
            case ACCOUNT_CREDIT -> Set.of("amount");
            case CONVERT_PLAN -> Set.of("to");
            case PAUSE_SUBSCRIPTION -> Set.of("months");
            case END_SUBSCRIPTION -> Set.of("at");
            case REFER_TO_BANK -> Set.of("template");
            default -> Set.of();
        };
    }

    private static String usage(Type type) {
        return switch (type) {
            case REPLACEMENT_CREDITS, COMPENSATION_CREDITS -> "{credits: 1–1000000, expires_in_days: 1–3650}"
                    + " (both optional)";
            case ACCOUNT_CREDIT -> "{amount: \"10.00\"} (optional; without it, the rule's amount)";
            case CONVERT_PLAN -> "{to: \"<plan id>\"}";
            case PAUSE_SUBSCRIPTION -> "{months: 1–12}";
            case END_SUBSCRIPTION -> "{at: now | period_end} (default period_end)";
            case REFER_TO_BANK -> "{template: refer_to_bank_<name>} (default refer_to_bank)";
            default -> "none";
        };
    }

    /** Checks parameters, reporting each problem once, and remembers whether any failed. */
    private static final class Checked {
        private final String name;
        private final String ruleId;
        private final Report report;
        private boolean failed;

        Checked(String name, String ruleId, Report report) {
            this.name = name;
            this.ruleId = ruleId;
            this.report = report;
        }

        private void fail(Node node, String message) {
            failed = true;
            report.add(ruleId, node, name + "." + message);
        }

        boolean required(Map<String, Node> given, String key, Node parent) {
            if (given.get(key) == null) {
                fail(parent, key + " is required");
                return false;
            }
            return true;
        }

        Integer integer(Node node, String key, int min, int max) {
            Long value = whole(node, key, min, max);
            return value == null ? null : value.intValue();
        }

        Long whole(Node node, String key, long min, long max) {
            if (node == null) {
                return null;
            }
            try {
                long value = Long.parseLong(scalar(node));
                if (value < min || value > max) {
                    fail(node, key + " must be between " + min + " and " + max);
                    return null;
                }
                return value;
            } catch (NumberFormatException e) {
                fail(node, key + " must be a whole number");
                return null;
            }
        }

        BigDecimal amount(Node node) {
            if (node == null) {
                return null;
            }
            try {
                BigDecimal value = new BigDecimal(scalar(node));
                if (value.signum() <= 0 || value.scale() > 6) {
                    fail(node, "amount must be a positive decimal such as \"10.00\"");
                    return null;
                }
                return value;
            } catch (NumberFormatException | NullPointerException e) {
                fail(node, "amount must be a decimal written as text, such as \"10.00\"");
                return null;
            }
        }

        String matching(Node node, String key, Pattern pattern, String what) {
            String value = scalar(node);
            if (value == null || !pattern.matcher(value).matches()) {
                fail(node, key + " must be " + what + "; not '" + value + "'");
                return null;
            }
            return value;
        }

        ProposedRemedy.EndAt endAt(Node node) {
            if (node == null) {
                return ProposedRemedy.EndAt.PERIOD_END;
            }
            String value = scalar(node);
            ProposedRemedy.EndAt at = ProposedRemedy.EndAt.fromWire(value);
            if (at == null) {
                fail(node, "at must be now or period_end; not '" + value + "'");
                return ProposedRemedy.EndAt.PERIOD_END;
            }
            return at;
        }

        private static String scalar(Node node) {
            return node instanceof ScalarNode scalar ? scalar.getValue() : null;
        }
    }
}
