package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One remedy a rule proposes, with its parameters as the policy states them. Each kind with
 * parameters is a record; the wire form ({@link #toJson()}) is {@code {"type": …, parameters…}}.
 */
public sealed interface ProposedRemedy {

    /** Every remedy a policy (or a person) may name, in the order a form offers them. */
    enum Type {
        REFUND, REFUND_DUPLICATE_CHARGE, RESTORE_CREDITS, REPLACEMENT_CREDITS, COMPENSATION_CREDITS,
        DELIVER_ORDER, ACCESS_CORRECTION, END_SUBSCRIPTION, OTHER, ACCOUNT_CREDIT, CONVERT_PLAN, PAUSE_SUBSCRIPTION,
        REINSTATE_SUBSCRIPTION, REFER_TO_BANK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromWire(String value) {
            return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst().orElse(null);
        }

        public static List<String> wireNames() {
            return Arrays.stream(values()).map(Type::wireName).toList();
        }
    }

    /** When an ended subscription stops: now, or at the end of the period paid for. */
    enum EndAt {
        NOW, PERIOD_END;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The wire name {@code now} or {@code period_end}, or null. */
        public static EndAt fromWire(String value) {
            return Arrays.stream(values()).filter(a -> a.wireName().equals(value)).findFirst().orElse(null);
        }
    }

    Type type();

    /** The template a refer_to_bank remedy sends when it names none; a tenant's own start with it. */
    String BANK_TEMPLATE = "refer_to_bank";

    /** The templates a refer_to_bank remedy may name: the built-in one, or a tenant's refer_to_bank_<name>. */
    Pattern BANK_TEMPLATES = Pattern.compile("^" + BANK_TEMPLATE + "(_[a-z0-9_]{1,40})?$");

    default Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type().wireName());
        return json;
    }

    /** A remedy without parameters (refund, restore_credits, reinstate_subscription…). */
    record Plain(Type type) implements ProposedRemedy {
    }

    /** Replacement or compensation credits: how many (null: support says), and when they expire (null: never). */
    record Credits(Type type, Long credits, Integer expiresInDays) implements ProposedRemedy {
        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            if (credits != null) {
                json.put("credits", credits);
            }
            if (expiresInDays != null) {
                json.put("expires_in_days", expiresInDays);
            }
            return json;
        }
    }

    /** Money on the account toward its next invoices; {@code amount} null: the decision's amount. */
    record AccountCredit(BigDecimal amount) implements ProposedRemedy {
        public Type type() {
            return Type.ACCOUNT_CREDIT;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            if (amount != null) {
                json.put("amount", amount.toPlainString());
            }
            return json;
        }
    }

    /** The subscription moved to plan {@code to}; the difference is refunded by a refund beside it. */
    record ConvertPlan(String to) implements ProposedRemedy {
        public Type type() {
            return Type.CONVERT_PLAN;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            json.put("to", to);
            return json;
        }
    }

    /** The subscription paused for {@code months} after its current period. */
    record PauseSubscription(int months) implements ProposedRemedy {
        public Type type() {
            return Type.PAUSE_SUBSCRIPTION;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            json.put("months", months);
            return json;
        }
    }

    record EndSubscription(EndAt at) implements ProposedRemedy {
        public Type type() {
            return Type.END_SUBSCRIPTION;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            json.put("at", at.wireName());
            return json;
        }
    }

    /** The customer told, with the email {@code template}, to ask their bank. */
    record ReferToBank(String template) implements ProposedRemedy {
        public Type type() {
            return Type.REFER_TO_BANK;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = ProposedRemedy.super.toJson();
            json.put("template", template);
            return json;
        }
    }

    /** A remedy named without parameters, with its defaults; null for an unknown name. */
    static ProposedRemedy named(String name) {
        Type type = Type.fromWire(name);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case REPLACEMENT_CREDITS, COMPENSATION_CREDITS -> new Credits(type, null, null);
            case ACCOUNT_CREDIT -> new AccountCredit(null);
            case END_SUBSCRIPTION -> new EndSubscription(EndAt.PERIOD_END);
            case REFER_TO_BANK -> new ReferToBank(BANK_TEMPLATE);
            case CONVERT_PLAN, PAUSE_SUBSCRIPTION -> null; // need parameters
            default -> new Plain(type);
        };
    }
}
