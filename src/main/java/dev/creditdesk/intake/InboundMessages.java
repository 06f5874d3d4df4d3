package dev.creditdesk.intake;

import dev.creditdesk.intake.internal.InboundStore;
import dev.creditdesk.intake.internal.SupportActions;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.ListPage;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The messages read from a tenant's mailbox, for support: the unmatched ones to attach to a case,
 * open a case from, or dismiss; and the emails a case received.
 */
@Service
public class InboundMessages {

    private final InboundStore store;
    private final SupportActions actions;
    private final RefundRequests requests;

    InboundMessages(InboundStore store, SupportActions actions, RefundRequests requests) {
        this.store = store;
        this.actions = actions;
        this.requests = requests;
    }

    /** Newest first; {@code status} null for all; {@code startingAfter} the previous page's next_cursor. */
    public ListPage<InboundMessage> page(UUID tenantId, InboundStatus status, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long afterSeq = after == null ? null : store.seq(tenantId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.page(tenantId, status, afterSeq, limit + 1), limit, InboundMessage::id);
    }

    public InboundMessage require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("inbound message", id));
    }

    /** The emails a case received, oldest first. */
    public List<InboundMessage> forCase(UUID tenantId, UUID requestId) {
        return store.forCase(tenantId, requestId);
    }

    /** The category a case was opened with when intake guessed it from the customer's email. */
    public Optional<String> guessedCategory(UUID tenantId, UUID requestId) {
        return store.guessedCategory(tenantId, requestId);
    }

    /** Support adds an unmatched message to a case, as a reply in the case's thread would be. */
    @Transactional
    public InboundMessage attach(UUID tenantId, UUID id, UUID requestId, String actor) {
        RefundRequest request = requests.find(tenantId, requestId)
                .orElseThrow(() -> ApiProblem.invalid("refund_request_id", "no refund request " + requestId));
        return actions.attach(tenantId, id, request, actor);
    }

    /** The facts support completes a message with; what is null is taken from the message. */
    public record CaseFacts(String email, String orderNumber, String transactionId, LocalDate purchaseDate,
            String category, String reason, UUID taskId) {
    }

    /**
     * Support opens a case from an unmatched message, completing what it lacked; intake checks it as
     * any request. The case continues the message's thread and takes its files as evidence.
     */
    @Transactional
    public InboundMessage openCase(UUID tenantId, UUID id, CaseFacts given, String actor) {
        InboundMessage message = require(tenantId, id);
        InboundMessage.Fields parsed = message.fields();
        String email = given.email() != null ? given.email() : message.sender();
        String orderNumber = given.orderNumber() != null || given.transactionId() != null ? given.orderNumber()
                : parsed.orderNumber();
        String transactionId = given.orderNumber() != null || given.transactionId() != null ? given.transactionId()
                : parsed.orderNumber() == null ? parsed.transactionId() : null;
        LocalDate date = given.purchaseDate() != null ? given.purchaseDate() : parsed.purchaseDate();
        String category = given.category() != null ? given.category()
                : parsed.categoryGuess() != null ? parsed.categoryGuess() : "other";
        String reason = given.reason() != null ? given.reason() : message.text().isBlank() ? message.subject()
                : message.text();
        if (email == null) {
            throw ApiProblem.invalid("email", "is required: the message has no sender address");
        }
        if (orderNumber == null && transactionId == null) {
            throw ApiProblem.invalid("order_number", "an order number or a transaction_id is required: the message "
                    + "names neither");
        }
        if (date == null) {
            throw ApiProblem.invalid("purchase_date", "is required: the message does not give it");
        }
        return actions.openCase(tenantId, id, new RefundIntake.Intake(email, orderNumber, transactionId, date,
                category, reason, given.taskId(), List.of()), given.category() == null, actor);
    }

    @Transactional
    public InboundMessage dismiss(UUID tenantId, UUID id, String actor) {
        return actions.dismiss(tenantId, id, actor);
    }
}
