package dev.creditdesk.refunds;

import dev.creditdesk.policy.ProposedRemedy;
import dev.creditdesk.policy.ProposedRemedy.EndAt;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One remedy of an approval. Each kind is a record, applied by one handler of
 * {@link RemedyExecution} (a {@link Visitor}, so a new kind does not compile until it is handled).
 * Wire names ({@code refund}, {@code restore_credits} …) are read and written only here.
 */
public sealed interface Remedy {

    /** Wire names, in the order a form offers them. */
    List<String> TYPES = ProposedRemedy.Type.wireNames();

    String type();

    String note();

    default BigDecimal amount() {
        return null;
    }

    /** Credits this remedy removes (a refund; null: the policy's default) or grants. */
    default Long credits() {
        return null;
    }

    <R> R accept(Visitor<R> visitor);

    /** Money back to the original payment method; {@code credits} of the order's go (null: the policy's default). */
    record Refund(BigDecimal amount, Long credits, String note) implements Remedy {
        public String type() {
            return "refund";
        }

        public <R> R accept(Visitor<R> v) {
            return v.refund(this);
        }
    }

    /** The duplicate charge paid back; the order keeps its credits. */
    record RefundDuplicateCharge(BigDecimal amount, String note) implements Remedy {
        public String type() {
            return "refund_duplicate_charge";
        }

        public <R> R accept(Visitor<R> v) {
            return v.refundDuplicateCharge(this);
        }
    }

    /** The credits the request's failed task consumed, given back. */
    record RestoreCredits(String note) implements Remedy {
        public String type() {
            return "restore_credits";
        }

        public <R> R accept(Visitor<R> v) {
            return v.restoreCredits(this);
        }
    }

    /** Free credits; they expire {@code expiresInDays} after the approval (null: never). */
    record ReplacementCredits(Long credits, Integer expiresInDays, String note) implements Remedy {
        public String type() {
            return "replacement_credits";
        }

        public <R> R accept(Visitor<R> v) {
            return v.replacementCredits(this);
        }
    }

    record CompensationCredits(Long credits, Integer expiresInDays, String note) implements Remedy {
        public String type() {
            return "compensation_credits";
        }

        public <R> R accept(Visitor<R> v) {
            return v.compensationCredits(this);
        }
    }

    /** The undelivered order's credits delivered. */
    record DeliverOrder(String note) implements Remedy {
        public String type() {
            return "deliver_order";
        }

        public <R> R accept(Visitor<R> v) {
            return v.deliverOrder(this);
        }
    }

    /** The account's suspensions lifted. */
    record AccessCorrection(String note) implements Remedy {
        public String type() {
            return "access_correction";
        }

        public <R> R accept(Visitor<R> v) {
            return v.accessCorrection(this);
        }
    }

    /** The order's subscription ended now, or cancelled at the end of its period. */
    record EndSubscription(EndAt at, String note) implements Remedy {
        public String type() {
            return "end_subscription";
        }

        public <R> R accept(Visitor<R> v) {
            return v.endSubscription(this);
        }
    }

    /** Anything else, said in its note; carried out by a person. */
    record Other(String note) implements Remedy {
        public String type() {
            return "other";
        }

        public <R> R accept(Visitor<R> v) {
            return v.other(this);
        }
    }

    /** Money on the account toward its next invoices, in the order's currency. */
    record AccountCredit(BigDecimal amount, String note) implements Remedy {
        public String type() {
            return "account_credit";
        }

        public <R> R accept(Visitor<R> v) {
            return v.accountCredit(this);
        }
    }

    /** The order's subscription moved to plan {@code to}; a refund beside it pays the difference back. */
    record ConvertPlan(String to, String note) implements Remedy {
        public String type() {
            return "convert_plan";
        }

        public <R> R accept(Visitor<R> v) {
            return v.convertPlan(this);
        }
    }

    /** The order's subscription paused for {@code months} after its current period. */
    record PauseSubscription(int months, String note) implements Remedy {
        public String type() {
            return "pause_subscription";
        }

        public <R> R accept(Visitor<R> v) {
            return v.pauseSubscription(this);
        }
    }

    /** The order's subscription, cancelled at period end, renews again. */
    record ReinstateSubscription(String note) implements Remedy {
        public String type() {
            return "reinstate_subscription";
        }

        public <R> R accept(Visitor<R> v) {
            return v.reinstateSubscription(this);
        }
    }

    /** The customer emailed, with {@code template}, to take the matter to their bank. */
    record ReferToBank(String template, String note) implements Remedy {
        public String type() {
            return "refer_to_bank";
        }

        public <R> R accept(Visitor<R> v) {
            return v.referToBank(this);
        }
    }

    /** One method per kind of remedy. */
    interface Visitor<R> {
        R refund(Refund r);

        R refundDuplicateCharge(RefundDuplicateCharge r);

        R restoreCredits(RestoreCredits r);

        R replacementCredits(ReplacementCredits r);

        R compensationCredits(CompensationCredits r);

        R deliverOrder(DeliverOrder r);

        R accessCorrection(AccessCorrection r);

        R endSubscription(EndSubscription r);

        R other(Other r);

        R accountCredit(AccountCredit r);

        R convertPlan(ConvertPlan r);

        R pauseSubscription(PauseSubscription r);

        R reinstateSubscription(ReinstateSubscription r);

        R referToBank(ReferToBank r);
    }

    /** The parameters beyond amount, credits and note that some remedies take; null where not given. */
    record Parameters(Integer expiresInDays, String to, Integer months, String at, String template) {
        public static final Parameters NONE = new Parameters(null, null, null, null, null);
    }

    /** A remedy that cannot be read, and the field (relative to the remedy) that says why. */
    final class InvalidRemedy extends IllegalArgumentException {
        private final String field;

        InvalidRemedy(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The remedy a wire name and its fields describe. Throws {@link IllegalArgumentException}
     * saying what is wrong (the edge names the field).
     */
    static Remedy of(String type, BigDecimal amount, Long credits, String note) {
        return of(type, amount, credits, note, Parameters.NONE);
    }

    /**
     * The remedy a wire name and its fields describe. Throws {@link InvalidRemedy} naming the field
     * that is wrong.
     */
    static Remedy of(String type, BigDecimal amount, Long credits, String note, Parameters p) {
        if (type == null) {
            throw new InvalidRemedy("type", "type is required: one of " + String.join(", ", TYPES));
        }
        if (credits != null && credits < 0) {
            throw new InvalidRemedy("credits", "credits cannot be negative");
        }
        Integer expires = p.expiresInDays();
        if (expires != null && (expires < 1 || expires > 3650)) {
            throw new InvalidRemedy("expires_in_days", "expires_in_days must be between 1 and 3650");
        }
        ProposedRemedy.Type kind = ProposedRemedy.Type.fromWire(type);
        if (kind == null) {
            throw new InvalidRemedy("type", "unknown remedy '" + type + "'; one of " + String.join(", ", TYPES));
        }
        return switch (kind) {
            case REFUND -> new Refund(requireAmount(type, amount), credits, note);
            case REFUND_DUPLICATE_CHARGE -> new RefundDuplicateCharge(requireAmount(type, amount), note);
            case RESTORE_CREDITS -> new RestoreCredits(note);
            case REPLACEMENT_CREDITS -> new ReplacementCredits(requireCredits(type, credits), expires, note);
            case COMPENSATION_CREDITS -> new CompensationCredits(requireCredits(type, credits), expires, note);
            case DELIVER_ORDER -> new DeliverOrder(note);
            case ACCESS_CORRECTION -> new AccessCorrection(note);
            case END_SUBSCRIPTION -> new EndSubscription(endAt(p.at()), note);
            case OTHER -> new Other(note);
            case ACCOUNT_CREDIT -> new AccountCredit(requireAmount(type, amount), note);
            case CONVERT_PLAN -> {
                if (p.to() == null || p.to().isBlank() || p.to().length() > 64) {
                    throw new InvalidRemedy("to", "convert_plan needs the plan to convert to (to: \"pro-monthly\")");
                }
                yield new ConvertPlan(p.to(), note);
            }
            case PAUSE_SUBSCRIPTION -> {
                if (p.months() == null || p.months() < 1 || p.months() > 12) {
                    throw new InvalidRemedy("months", "pause_subscription needs months between 1 and 12");
                }
                yield new PauseSubscription(p.months(), note);
            }
            case REINSTATE_SUBSCRIPTION -> new ReinstateSubscription(note);
            case REFER_TO_BANK -> {
                String template = p.template() == null ? ProposedRemedy.BANK_TEMPLATE : p.template();
                if (!ProposedRemedy.BANK_TEMPLATES.matcher(template).matches()) {
                    throw new InvalidRemedy("template", "refer_to_bank's template must be refer_to_bank or"
                            + " refer_to_bank_<name>");
                }
                yield new ReferToBank(template, note);
            }
        };
    }

    /**
     * The remedy a proposal's option states ({@code option_details}: {@code {"type": …, parameters}}),
     * with the proposal's {@code amount} for money that names none.
     */
    static Remedy proposed(Map<String, Object> detail, BigDecimal proposalAmount) {
        String type = String.valueOf(detail.get("type"));
        BigDecimal money = type.startsWith("refund") || type.equals("account_credit") ? proposalAmount : null;
        return fromJson(detail, money, null);
    }

    /** A remedy as a decision recorded it ({@link #toJson()}). */
    static Remedy recorded(Map<String, Object> json) {
        return fromJson(json, null, (String) json.get("note"));
    }

    /** The remedy a JSON object states ({@code type} and its fields), with {@code amount} where it names none. */
    private static Remedy fromJson(Map<String, Object> json, BigDecimal amount, String note) {
        BigDecimal stated = json.get("amount") == null ? amount : new BigDecimal(json.get("amount").toString());
        Long credits = json.get("credits") instanceof Number n ? n.longValue() : null;
        Integer expires = json.get("expires_in_days") instanceof Number n ? n.intValue() : null;
        Integer months = json.get("months") instanceof Number n ? n.intValue() : null;
        return of(String.valueOf(json.get("type")), stated, credits, note, new Parameters(expires,
                (String) json.get("to"), months, (String) json.get("at"), (String) json.get("template")));
    }

    private static EndAt endAt(String at) {
        EndAt parsed = at == null ? EndAt.PERIOD_END : EndAt.fromWire(at);
        if (parsed == null) {
            throw new InvalidRemedy("at", "end_subscription's at must be now or period_end");
        }
        return parsed;
    }

    private static BigDecimal requireAmount(String type, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new InvalidRemedy("amount", "a " + type.replace('_', ' ') + " needs a positive amount");
        }
        return amount;
    }

    private static Long requireCredits(String type, Long credits) {
        if (credits == null || credits <= 0) {
            throw new InvalidRemedy("credits", type + " needs a positive number of credits");
        }
        return credits;
    }

    /** The remedy as a decision records it. */
    default Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type());
        if (amount() != null) {
            json.put("amount", amount().toPlainString());
        }
        if (credits() != null) {
            json.put("credits", credits());
        }
        if (this instanceof ReplacementCredits r && r.expiresInDays() != null) {
            json.put("expires_in_days", r.expiresInDays());
        } else if (this instanceof CompensationCredits r && r.expiresInDays() != null) {
            json.put("expires_in_days", r.expiresInDays());
        } else if (this instanceof EndSubscription r) {
            json.put("at", r.at().wireName());
        } else if (this instanceof ConvertPlan r) {
            json.put("to", r.to());
        } else if (this instanceof PauseSubscription r) {
            json.put("months", r.months());
        } else if (this instanceof ReferToBank r) {
            json.put("template", r.template());
        }
        if (note() != null) {
            json.put("note", note());
        }
        return json;
    }
}
