package dev.creditdesk.audit;

import dev.creditdesk.audit.internal.AuditStore;
import dev.creditdesk.audit.internal.Route;
import dev.creditdesk.audit.internal.SubjectStates;
import dev.creditdesk.shared.Actor;
import dev.creditdesk.shared.AuditTrail;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.RequestAudit;
import dev.creditdesk.shared.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes the audit log and reads it. Every successful mutating request gets one entry from
 * {@link #succeeded} (called by the request's transaction just before it commits); work without a
 * request writes through {@link #system}. Entries are never changed: the table refuses it.
 */
@Service
public class AuditLog implements AuditTrail, RequestAudit {

    /** Request attribute: the route and the subject's state before the handler ran. */
    public static final String BEFORE = AuditLog.class.getName() + ".before";
    /** Request attribute: a module recorded this request's change in detail; no generic entry then. */
    private static final String RECORDED = AuditLog.class.getName() + ".recorded";

    static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(password|secret|token|credential)s?|key");

    private final AuditStore store;
    private final SubjectStates states;
    private final Clock clock;

    AuditLog(AuditStore store, SubjectStates states, Clock clock) {
        this.store = store;
        this.states = states;
        this.clock = clock;
    }

    /** What the request was about and its subject's state, read before its handler runs. */
    public record Before(Route route, @Nullable UUID tenantId, Map<String, String> variables,
            @Nullable Map<String, Object> state) {
    }

    /** Called before the handler: notes the route and the subject's state then. */
    public void before(HttpServletRequest request) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || request.getAttribute(BEFORE) != null) {
            return;
        }
        Map<String, String> variables = variables(request);
        Route route = Route.of(request.getMethod(), pattern, variables);
        UUID tenantId = tenantOf(request, pattern, variables, null);
        request.setAttribute(BEFORE, new Before(route, tenantId, variables,
                states.of(tenantId, route.subjectType(), route.subjectId(), variables)));
    }

    @Override
    public void succeeded(HttpServletRequest request, @Nullable Created created) {
        if (!(request.getAttribute(BEFORE) instanceof Before before) || before.route().readOnly()
                || request.getAttribute(RECORDED) != null) {
            return;
        }
        Route route = before.route();
        String subjectType = route.subjectType();
        String subjectId = route.subjectId();
        Map<String, Object> prior = before.state();
        if (created != null && !created.id().equals(subjectId)
                && (subjectId == null || !pattern(request).endsWith("}"))) {
            // a create: the answer names what was made; it had no state before
            subjectType = created.object();
            subjectId = created.id();
            prior = null;
        }
        UUID tenantId = before.tenantId() != null ? before.tenantId()
                : tenantOf(request, pattern(request), before.variables(), created);
        Map<String, Object> after = states.of(tenantId, subjectType, subjectId, before.variables());
        Caller caller = Caller.of(request);
        Actor console = caller == null ? consoleActor() : null;
        String actor;
        AuditEntry.Channel channel;
        if (caller != null) {
            actor = caller.actor();
            channel = AuditEntry.Channel.API;
        } else if (console != null) {
            actor = console.actor();
            channel = AuditEntry.Channel.CONSOLE;
        } else {
            // a route that needs no key: a payment provider's signed webhook, say
            actor = route.action().startsWith("webhooks.stripe") ? "stripe" : "anonymous";
            channel = AuditEntry.Channel.SYSTEM;
        }
        // only if the request changed anything: the check is the insert's own condition, one statement
        Instant at = clock.instant();
        store.insertIfChanged(new AuditEntry(Ids.newId(at), tenantId, at, actor, route.action(), subjectType, subjectId,
                redacted(prior), redacted(after), RequestIds.current(), channel));
    }

    @Override
    @Transactional
    public void system(UUID tenantId, String actor, String action, String subjectType, String subjectId,
            @Nullable Map<String, ?> before, @Nullable Map<String, ?> after) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes served) {
            served.getRequest().setAttribute(RECORDED, true);
        }
        write(tenantId, actor, action, subjectType, subjectId, before, after, AuditEntry.Channel.SYSTEM);
    }

    private void write(UUID tenantId, String actor, String action, String subjectType, String subjectId,
            Map<String, ?> before, Map<String, ?> after, AuditEntry.Channel channel) {
        Instant at = clock.instant();
        store.insert(new AuditEntry(Ids.newId(at), tenantId, at, actor, action, subjectType, subjectId,
                redacted(before), redacted(after), RequestIds.current(), channel));
    }

    /** Newest first; {@code startingAfter} is the id of the last entry of the previous page. */
    @Transactional(readOnly = true)
    public ListPage<AuditEntry> page(UUID tenantId, AuditQuery query, @Nullable String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && !store.exists(tenantId, after)) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, query, after, limit + 1), limit, AuditEntry::id);
    }

    public List<String> actors(UUID tenantId) {
        return store.distinct(tenantId, "actor");
    }

    public List<String> actions(UUID tenantId) {
        return store.distinct(tenantId, "action");
    }

    /** A state with every field that could hold a secret replaced, nested maps included. */
    static Map<String, Object> redacted(@Nullable Map<String, ?> state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> safe = new LinkedHashMap<>();
        state.forEach((field, value) -> safe.put(field, SECRET_FIELD.matcher(field.toLowerCase(Locale.ROOT)).matches()
                && value != null ? REDACTED : value instanceof Map<?, ?> nested ? redacted(castMap(nested)) : value));
        return safe;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static Actor consoleActor() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        return signedIn != null && signedIn.getPrincipal() instanceof Actor actor ? actor : null;
    }

    private static String pattern(HttpServletRequest request) {
        return Objects.toString(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? Map.copyOf((Map<String, String>) map) : Map.of();
    }

    /**
     * The tenant the change belongs to: the caller's; for the operator, the tenant named in the path
     * ({@code /v1/tenants/{id}…}) or created; for a provider's webhook, the one in its path.
     */
    private static UUID tenantOf(HttpServletRequest request, String pattern, Map<String, String> variables,
            @Nullable Created created) {
        Caller caller = Caller.of(request);
        if (caller != null && caller.tenantId() != null) {
            return caller.tenantId();
        }
        Actor console = consoleActor();
        if (console != null && console.tenantId() != null) {
            return console.tenantId();
        }
        String named = pattern.startsWith("/v1/tenants/{id}") ? variables.get("id") : variables.get("tenant");
        if (named == null && created != null && created.object().equals("tenant")) {
            named = created.id();
        }
        try {
            return named == null ? null : UUID.fromString(named);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
