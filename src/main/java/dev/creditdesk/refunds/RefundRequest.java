package dev.creditdesk.refunds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A customer's request for money back and where it stands ({@code dueAt} while in review).
 * {@code proposal} is the policy's decision with its trace, as the policy version in force made it;
 * {@code decision} what was decided, with the remedies as applied; {@code mergedInto} the request a
 * merged duplicate was joined with.
 */
public record RefundRequest(UUID id, UUID accountId, UUID orderId, String email, String orderNumber,
        String transactionId, LocalDate purchaseDate, String category, String reason, UUID taskId,
        List<String> evidenceKinds, CaseStatus status,
        String policyId, String policyVersion, String outcome, BigDecimal proposedAmount,
        Map<String, Object> proposal, Instant dueAt, Instant receivedAt, Instant decidedAt, String decidedBy,
        Map<String, Object> decision, UUID refundId, SortedMap<String, String> metadata, UUID mergedInto) {

    /** How the customer names the order: its number, else the transaction id they gave. */
    public String orderReference() {
        return orderNumber != null ? orderNumber : transactionId;
    }

    /** The amount the proposal offers, as the policy rounded it (null when it offers none). */
    public BigDecimal proposalAmount() {
        Object amount = proposal == null ? null : proposal.get("amount");
        return amount != null ? new BigDecimal(amount.toString()) : proposedAmount;
    }

    public boolean open() {
        return status.open();
    }

    /**
     * The alternative sets of remedies the proposal offers, as wire names; a proposal made before
     * options existed offers its remedies as one set.
     */
    @SuppressWarnings("unchecked")
    public List<List<String>> options() {
        if (proposal == null) {
            return List.of();
        }
        Object options = proposal.get("options");
        if (options instanceof List<?> list && !list.isEmpty()) {
            return (List<List<String>>) list;
        }
        List<String> remedies = (List<String>) proposal.getOrDefault("remedies", List.of());
        return remedies.isEmpty() ? List.of() : List.of(remedies);
    }

    /**
     * The same options with each remedy's parameters ({@code {"type": …, …}}); a proposal made
     * before parameters existed gives each remedy by its name only.
     */
    @SuppressWarnings("unchecked")
    public List<List<Map<String, Object>>> optionDetails() {
        if (proposal != null && proposal.get("option_details") instanceof List<?> details && !details.isEmpty()) {
            return (List<List<Map<String, Object>>>) details;
        }
        return options().stream().map(option -> option.stream()
                .map(name -> Map.<String, Object>of("type", name)).toList()).toList();
    }
}
