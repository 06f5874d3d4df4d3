package dev.creditdesk.console.web;

import dev.creditdesk.people.Member;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Ids;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * People, for admins: the team with role, status and second factor; inviting someone; and, each
 * confirmed on a page that says what will happen, sending an invitation again, changing a role,
 * resetting a second factor and removing a person. The people module checks and refuses.
 */
@Controller
class PeoplePageController {

    /** An action on a person, confirmed on its own page before it is done. */
    enum Action {
        RESEND("resend", "Send the invitation again"),
        ROLE("role", "Change the role"),
        RESET_SECOND_FACTOR("reset-second-factor", "Reset the second factor"),
        REMOVE("remove", "Remove");

        final String path;
        final String label;

        Action(String path, String label) {
            this.path = path;
            this.label = label;
        }

        static Action of(String path) {
            for (Action a : values()) {
                if (a.path.equals(path)) {
                    return a;
                }
            }
            throw ApiProblem.notFound("action", path);
        }
    }

    record InviteForm(String email, String name, String role) {
        InviteForm {
            email = email == null ? "" : email;
            name = name == null ? "" : name;
            role = role == null ? "support" : role;
        }
    }

    private final People people;
    private final ActorNames names;
    private final Clock clock;

    PeoplePageController(People people, ActorNames names, Clock clock) {
        this.people = people;
        this.names = names;
        this.clock = clock;
    }

    @GetMapping("/console/people")
    String page(@AuthenticationPrincipal ConsoleUser user, Model model) {
        requireAdmin(user);
        fill(model, user, new InviteForm(null, null, null), Map.of());
        return "console/people";
    }

    @PostMapping("/console/people")
    String invite(@AuthenticationPrincipal ConsoleUser user, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String role, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        requireAdmin(user);
        try {
            Person invited = people.invite(user.tenantId(), email, name, role, user.actor());
            redirect.addFlashAttribute("done", "Invited " + invited.name() + " (" + invited.email() + ") as "
                    + invited.role().wireName() + ". The invitation email is on its way; its link works for 7 days.");
            return "redirect:/console/people";
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldProblem field : problem.errors()) {
                errors.put(field.field(), field.field().substring(0, 1).toUpperCase() + field.field().substring(1)
                        + " " + field.message() + ".");
            }
            if (errors.isEmpty()) {
                errors.put("email", problem.getMessage());
            }
            response.setStatus(problem.status());
            fill(model, user, new InviteForm(email, name, role), errors);
            return "console/people";
        }
    }

    /** The confirmation page: what the action will do, and the button that does it. */
    @GetMapping("/console/people/{id}/{action}")
    String confirm(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @PathVariable String action,
            @RequestParam(defaultValue = "") String role, Model model) {
        requireAdmin(user);
        Action what = Action.of(action);
        Person person = people.find(user.tenantId(), Ids.parseOrNotFound("person", id))
                .orElseThrow(() -> ApiProblem.notFound("person", id));
        model.addAttribute("person", person);
        model.addAttribute("action", what.path);
        model.addAttribute("label", what.label);
        model.addAttribute("role", role);
        model.addAttribute("consequence", switch (what) {
            case RESEND -> "A new invitation email goes to " + person.email() + "; the link in the earlier one stops "
                    + "working.";
            case ROLE -> person.name() + " becomes " + ("admin".equals(role) ? "an admin" : "a support agent")
                    + ". Their sessions end; they sign in again with the new role.";
            case RESET_SECOND_FACTOR -> person.name() + "'s second factor and recovery codes are removed: they sign in "
                    + "with their password alone, and may set up a new second factor on their account page.";
            case REMOVE -> person.name() + " can no longer sign in; a session they have open ends at their next "
                    + "click. They stay listed as removed, and what they did stays recorded as theirs.";
        });
        return "console/people-confirm";
    }

    @PostMapping("/console/people/{id}/{action}")
    String act(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @PathVariable String action,
            @RequestParam(defaultValue = "") String role, RedirectAttributes redirect) {
        requireAdmin(user);
        Action what = Action.of(action);
        UUID personId = Ids.parseOrNotFound("person", id);
        Person person = switch (what) {
            case RESEND -> people.resendInvitation(user.tenantId(), personId, user.actor());
            case ROLE -> people.changeRole(user.tenantId(), personId, role, user.actor());
            case RESET_SECOND_FACTOR -> people.resetSecondFactor(user.tenantId(), personId, user.actor());
            case REMOVE -> people.remove(user.tenantId(), personId, user.actor());
        };
        redirect.addFlashAttribute("done", switch (what) {
            case RESEND -> "The invitation was sent again to " + person.email() + ".";
            case ROLE -> person.name() + " is now " + person.role().wireName() + ".";
            case RESET_SECOND_FACTOR -> person.name() + "'s second factor is off.";
            case REMOVE -> person.name() + " was removed.";
        });
        return "redirect:/console/people";
    }

    private void fill(Model model, ConsoleUser user, InviteForm form, Map<String, String> errors) {
        List<Member> members = people.members(user.tenantId());
        model.addAttribute("members", members);
        model.addAttribute("invitedBy", members.stream().filter(m -> m.invitedBy() != null).collect(
                java.util.stream.Collectors.toMap(m -> m.person().id(), m -> names.name(user, m.invitedBy()))));
        model.addAttribute("pausedUntil", members.stream()
                .filter(m -> m.lockedUntil() != null && m.lockedUntil().isAfter(clock.instant()))
                .collect(java.util.stream.Collectors.toMap(m -> m.person().id(), Member::lockedUntil)));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("me", user.personId());
    }

    private static void requireAdmin(ConsoleUser user) {
        if (!user.admin()) {
            throw new ApiProblem(403, "forbidden", "Admins only",
                    "People are managed by the tenant's admins; you are signed in as " + user.role().wireName() + ".");
        }
    }
}
