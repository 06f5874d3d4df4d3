package dev.creditdesk.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A request that joined a batch ({@link GroupCommit}): what it must write with its change. */
public final class GroupCommitted {

    /** The request attribute holding what the request itself must write with its change. */
    public static final String ATTRIBUTE = GroupCommitted.class.getName();

    private GroupCommitted() {
    }

    /**
     * What the request must write in the transaction of its change, given what its answer will
     * name; null when the request has its own transaction (then the handler just runs its change).
     */
    @SuppressWarnings("unchecked")
    public static @Nullable Consumer<RequestAudit.Created> of(HttpServletRequest request) {
        return (Consumer<RequestAudit.Created>) request.getAttribute(ATTRIBUTE);
    }

    public static void attach(HttpServletRequest request, Consumer<RequestAudit.Created> withTheChange) {
        request.setAttribute(ATTRIBUTE, withTheChange);
    }
}
