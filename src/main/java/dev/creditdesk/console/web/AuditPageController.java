package dev.creditdesk.console.web;

import dev.creditdesk.audit.AuditEntry;
import dev.creditdesk.audit.AuditLog;
import dev.creditdesk.audit.AuditQuery;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.tenants.ApiKeyInfo;
import dev.creditdesk.tenants.ApiKeys;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log for support and admins: newest first, a page at a time, filtered by who, what,
 * which subject and which days (in the tenant's timezone); each change as the fields it changed.
 */
@Controller
class AuditPageController {

    static final int PAGE = 50;

    private final AuditLog log;
    private final People people;
    private final ApiKeys keys;
    private final Tenants tenants;

    AuditPageController(AuditLog log, People people, ApiKeys keys, Tenants tenants) {
        this.log = log;
        this.people = people;
        this.keys = keys;
        this.tenants = tenants;
    }

    /** One field of a change: its value before and after, and whether it changed. */
    record Field(String name, Object before, Object after, boolean changed) {
    }

    record Row(AuditEntry entry, String actor, List<Field> fields) {
    }

    record Choice(String value, String label) {
    }

    @GetMapping("/console/audit")
    String audit(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "actor", defaultValue = "") String actor,
            @RequestParam(name = "action", defaultValue = "") String action,
            @RequestParam(name = "subject", defaultValue = "") String subject,
            @RequestParam(name = "from", defaultValue = "") String from,
            @RequestParam(name = "to", defaultValue = "") String to,
            @RequestParam(name = "after", required = false) String after,
            Model model, HttpServletResponse response) {
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        Map<String, String> mistakes = new LinkedHashMap<>();
        LocalDate fromDay = day(from, "from", mistakes);
        LocalDate toDay = day(to, "to", mistakes);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            mistakes.put("to", "must not be before the first day");
        }
        if (subject.length() > 200) {
            mistakes.put("subject", "must be at most 200 characters");
        }
        Map<String, String> names = actorNames(user.tenantId());
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("subject", subject);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("mistakes", mistakes);
        model.addAttribute("actors", log.actors(user.tenantId()).stream()
                .map(a -> new Choice(a, names.getOrDefault(a, a))).toList());
        model.addAttribute("actions", log.actions(user.tenantId()));
        if (!mistakes.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("rows", List.of());
            return "console/audit";
        }
        AuditQuery query = new AuditQuery(actor, action, subject,
                fromDay == null ? null : fromDay.atStartOfDay(zone).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(zone).toInstant());
        ListPage<AuditEntry> page;
        try {
            page = log.page(user.tenantId(), query, after, PAGE);
        } catch (ApiProblem e) {
            page = log.page(user.tenantId(), query, null, PAGE);
        }
        model.addAttribute("rows", page.data().stream()
                .map(e -> new Row(e, names.getOrDefault(e.actor(), e.actor()), fields(e))).toList());
        model.addAttribute("next", page.nextCursor());
        model.addAttribute("paged", after != null);
        return "console/audit";
    }

    private static LocalDate day(String value, String field, Map<String, String> mistakes) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            mistakes.put(field, "must be a date like 2026-12-04");
            return null;
        }
    }

    /** People by name, keys by role and prefix; anything else (stripe, system:…) as recorded. */
    private Map<String, String> actorNames(UUID tenantId) {
        Map<String, String> names = new HashMap<>();
        for (Person p : people.list(tenantId)) {
            names.put(p.actor(), p.name() + " (" + p.role().wireName() + ")");
        }
        for (ApiKeyInfo k : keys.list(tenantId)) {
            names.put("api_key:" + k.id(), k.role().wireName() + " key " + k.prefix() + "…");
        }
        return names;
    }

    /** Every field of before and after, in order; the ones that differ marked. */
    static List<Field> fields(AuditEntry e) {
        Map<String, Object> before = e.before() == null ? Map.of() : e.before();
        Map<String, Object> after = e.after() == null ? Map.of() : e.after();
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            Object was = before.get(name);
            Object is = after.get(name);
            fields.add(new Field(name, was, is, !Objects.equals(was, is)));
        }
        return fields;
    }
}
