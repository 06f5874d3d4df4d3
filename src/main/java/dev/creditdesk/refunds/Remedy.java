package dev.creditdesk.refunds;

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
    List<String> TYPES = List.of("refund", "refund_duplicate_charge", "restore_credits", "replacement_credits",
            "compensation_credits", "deliver_order", "access_correction", "end_subscription", "other");

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

    record ReplacementCredits(Long credits, String note) implements Remedy {
        public String type() {
            return "replacement_credits";
        }

        public <R> R accept(Visitor<R> v) {
            return v.replacementCredits(this);
        }
    }

    record CompensationCredits(Long credits, String note) implements Remedy {
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

    /** Recorded with the decision; carried out by a person. */
    record EndSubscription(String note) implements Remedy {
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
    }

    /**
     * The remedy a wire name and its fields describe. Throws {@link IllegalArgumentException}
     * saying what is wrong (the edge names the field).
     */
    static Remedy of(String type, BigDecimal amount, Long credits, String note) {
        if (type == null) {
            throw new IllegalArgumentException("type is required: one of " + String.join(", ", TYPES));
        }
        if (credits != null && credits < 0) {
            throw new IllegalArgumentException("credits cannot be negative");
        }
        return switch (type) {
            case "refund" -> new Refund(requireAmount(type, amount), credits, note);
            case "refund_duplicate_charge" -> new RefundDuplicateCharge(requireAmount(type, amount), note);
            case "restore_credits" -> new RestoreCredits(note);
            case "replacement_credits" -> new ReplacementCredits(requireCredits(type, credits), note);
            case "compensation_credits" -> new CompensationCredits(requireCredits(type, credits), note);
            case "deliver_order" -> new DeliverOrder(note);
            case "access_correction" -> new AccessCorrection(note);
            case "end_subscription" -> new EndSubscription(note);
            case "other" -> new Other(note);
            default -> throw new IllegalArgumentException("unknown remedy '" + type + "'; one of "
                    + String.join(", ", TYPES));
        };
    }

    private static BigDecimal requireAmount(String type, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("a " + type.replace('_', ' ') + " needs a positive amount");
        }
        return amount;
    }

    private static Long requireCredits(String type, Long credits) {
        if (credits == null || credits <= 0) {
            throw new IllegalArgumentException(type + " needs a positive number of credits");
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
        if (note() != null) {
            json.put("note", note());
        }
        return json;
    }
}
