package dev.creditdesk.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.UUID;

/**
 * The authenticated caller of a request: the tenant its key belongs to (none for the operator),
 * the key's role and the key's id (recorded as the actor of what it does).
 */
public record Caller(UUID tenantId, Role role, UUID keyId) implements Actor {

    private static final String ATTRIBUTE = Caller.class.getName();
    private static final String REFUSED = Caller.class.getName() + ".refused";

    public Caller {
        Objects.requireNonNull(role, "role");
        if ((tenantId == null) != (role == Role.OPERATOR)) {
            throw new IllegalArgumentException("operator callers have no tenant, all others have one");
        }
    }

    public static Caller operator(UUID keyId) {
        return new Caller(null, Role.OPERATOR, keyId);
    }

    /** Idempotency keys and other per-caller state are scoped to the tenant, or to the operator. */
    public String scope() {
        return tenantId == null ? "operator" : tenantId.toString();
    }

    /** Recorded as who did something: the key, never its secret. */
    @Override
    public String actor() {
        return "api_key:" + keyId;
    }

    public void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }

    /**
     * The request presented a key that is not accepted (unknown, revoked, malformed): the 401 that
     * a handler needing a key answers. Handlers that need none ({@link Public}) ignore it.
     */
    public static void refuse(HttpServletRequest request, ApiProblem why) {
        request.setAttribute(REFUSED, why);
    }

    /** Why the request has no caller: the refused key's problem, or a missing key. */
    public static ApiProblem missing(HttpServletRequest request) {
        Object refused = request.getAttribute(REFUSED);
        return refused instanceof ApiProblem problem ? problem
                : new ApiProblem(401, "missing-api-key", "Unauthorized",
                        "Send your API key as 'Authorization: Bearer <key>'");
    }
}
