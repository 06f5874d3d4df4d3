package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Actor;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.GroupCommit;
import dev.creditdesk.shared.GroupCommitted;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.shared.Problems;
import dev.creditdesk.shared.RequestAudit;
import dev.creditdesk.shared.ShownOnce;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every POST, PUT, PATCH and DELETE (API and console) is one database transaction: it commits only
 * when the answer is a success, so a request that fails changes nothing, whatever it had written
 * before failing. Just before it commits, the request's audit entry is written ({@link RequestAudit}):
 * in the same transaction, so there is an entry exactly when there is a change. For a POST with an
 * {@code Idempotency-Key} the key is claimed and the response stored in that same transaction:
 * the same key with the same body replays the stored response, with another body or path it
 * answers 409. Failures are not stored, so a corrected request may reuse its key. A response
 * carrying a secret shown once ({@link ShownOnce}) is not stored either: the key records a 409
 * {@code secret-shown-once} naming what was created, and that is what a replay answers.
 *
 * <p>With group commit on ({@code creditdesk.tasks.batching.enabled}), a request to a
 * {@link GroupCommit} handler without an {@code Idempotency-Key} gets no transaction here: its
 * handler hands the change, and the request's audit entry with it, to a batch that commits many
 * requests' changes at once (see {@code TaskBatcher}). A request with a key keeps its own
 * transaction, so the key's claim and stored answer commit with the change.
 */
public class RequestTransactionFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final PlatformTransactionManager transactions;
    private final IdempotencyKeys keys;
    private final JsonMapper json;
    private final List<RequestAudit> audit;
    private final GroupCommitRoutes groupCommit;

    /** {@code groupCommit} null: every request has its own transaction. */
    RequestTransactionFilter(PlatformTransactionManager transactions, IdempotencyKeys keys, JsonMapper json,
            List<RequestAudit> audit, GroupCommitRoutes groupCommit) {
        this.transactions = transactions;
        this.keys = keys;
        this.json = json;
        this.audit = List.copyOf(audit);
        this.groupCommit = groupCommit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = "POST".equals(request.getMethod()) ? request.getHeader(HEADER) : null;
        String path = request.getRequestURI();
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
            Problems.write(response, json,
                    ApiProblem.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters"), path);
            return;
        }
        // the console's forms carry no idempotency key: their bodies are left to the servlet (multipart too)
        boolean api = path.startsWith("/v1/");
        if (!api && !signedIn()) {
            // a console form before signing in (sign-in, a password reset): no one to record it for, and
            // what it notes about a failed attempt must stay written even though it answers an error
            chain.doFilter(request, response);
            return;
        }
        byte[] body = api ? readBody(request) : new byte[0];
        if (body == null) {
            Problems.write(response, json, new ApiProblem(413, "body-too-large", "Request body too large",
                    "The body must be at most " + Limits.maxBodyBytes(path) + " bytes"), path);
            return;
        }
        Caller caller = Caller.of(request);
        if (key == null && api && caller != null && groupCommit != null && groupCommit.matches(request)) {
            GroupCommitted.attach(request, created -> audit(request, created));
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        TransactionStatus tx = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            if (key != null && caller != null) {
                byte[] hash = sha256(body);
                Optional<IdempotencyKeys.Stored> earlier = keys.claim(caller.scope(), key, hash, request.getMethod(), path);
                if (earlier.isPresent()) {
                    transactions.rollback(tx);
                    replay(earlier.get(), hash, request.getMethod(), path, response);
                    return;
                }
            }
            chain.doFilter(api ? new CachedBodyRequest(request, body) : request, buffered);
            if (buffered.getStatus() < 400 && !tx.isRollbackOnly()) {
                if (key != null && caller != null) {
                    if (carriesSecret(request)) {
                        keys.complete(caller.scope(), key, 409, Problems.PROBLEM_JSON.toString(),
                                json.writeValueAsBytes(Problems.body(secretShownOnce(buffered.getContentAsByteArray()), path)));
                    } else {
                        keys.complete(caller.scope(), key, buffered.getStatus(), buffered.getContentType(),
                                buffered.getContentAsByteArray());
                    }
                }
                audit(request, created(buffered));
                transactions.commit(tx);
            } else {
                transactions.rollback(tx);
            }
        } catch (RuntimeException | IOException | ServletException e) {
            if (!tx.isCompleted()) {
                transactions.rollback(tx);
            }
            throw e;
        }
        buffered.copyBodyToResponse();
    }

    /** Writes the request's audit entry, in the transaction of its change. */
    private void audit(HttpServletRequest request, RequestAudit.Created created) {
        for (RequestAudit entry : audit) {
            entry.succeeded(request, created);
        }
    }

    private void replay(IdempotencyKeys.Stored earlier, byte[] hash, String method, String path,
            HttpServletResponse response) throws IOException {
        if (!Arrays.equals(earlier.requestHash(), hash) || !earlier.method().equals(method)
                || !earlier.path().equals(path)) {
            Problems.write(response, json, new ApiProblem(409, "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was used with another request body or path; use a new key",
                    List.of(new FieldProblem(HEADER,
                            "was already used with a different request"))), path);
            return;
        }
        response.setStatus(earlier.status());
        if (earlier.contentType() != null) {
            response.setContentType(earlier.contentType());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        if (earlier.body() != null) {
            response.getOutputStream().write(earlier.body());
        }
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor;
    }

    /** What a JSON answer names by its {@code object} and {@code id}; nothing else of it (a secret, say) leaves here. */
    private RequestAudit.Created created(ContentCachingResponseWrapper buffered) {
        String type = buffered.getContentType();
        if (type == null || !type.startsWith("application/json") || buffered.getContentSize() == 0) {
            return null;
        }
        try {
            JsonNode body = json.readTree(buffered.getContentAsByteArray());
            String object = body.path("object").asString(null);
            String id = body.path("id").asString(null);
            return object == null || id == null ? null : new RequestAudit.Created(object, id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean carriesSecret(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && handler.hasMethodAnnotation(ShownOnce.class);
    }

    /** What a replay answers instead of the secret: which object the first request created. */
    private ApiProblem secretShownOnce(byte[] created) {
        JsonNode body = json.readTree(created);
        String object = body.path("object").asString("object");
        String id = body.path("id").asString("");
        return new ApiProblem(409, "secret-shown-once", "Secret shown once",
                "The first request with this Idempotency-Key created " + object + " " + id + "; the secret in its "
                        + "response is shown only once and was not kept. If it was lost, revoke the key and issue "
                        + "a new one.", List.of(new FieldProblem(HEADER, "was already used to issue a secret")))
                .with("object", object).with("id", id);
    }

    /** The body, or null when it is larger than the limit. */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        int limit = Limits.maxBodyBytes(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? null : body;
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
