package dev.creditdesk.console.web;

import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.people.SignIn;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Public;
import dev.creditdesk.shared.SignInBackoff;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Signing in as a person: email and password, then the second factor's code when they have one
 * (the session is not signed in until it is given); "forgot your password" and the one-time links
 * from the invitation and reset emails. Refusals are redirects (so the failure counts, which a
 * rolled-back 4xx would not) and never tell whether an email belongs to anyone. The per-address
 * {@link SignInBackoff} applies to every step, as to key sign-in.
 */
@Controller
class PersonSignInController {

    /** How long the code step waits after a right password before asking for the password again. */
    static final Duration CODE_WAIT = Duration.ofMinutes(5);

    record AwaitingCode(UUID personId, Instant since) implements Serializable {
    }

    private final People people;
    private final SignInBackoff backoff;
    private final Clock clock;

    PersonSignInController(People people, SignInBackoff backoff, Clock clock) {
        this.people = people;
        this.backoff = backoff;
        this.clock = clock;
    }

    @PostMapping("/console/sign-in/password")
    @Public
    String password(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        String address = request.getRemoteAddr();
        Optional<Duration> locked = backoff.lockedFor(address);
        if (locked.isPresent()) {
            return tooMany(response, model, locked.get());
        }
        SignIn outcome = people.signIn(email, password);
        if (outcome instanceof SignIn.CodeNeeded needed) {
            request.getSession().setAttribute(PersonSessions.AWAITING_CODE,
                    new AwaitingCode(needed.person().id(), clock.instant()));
            return "redirect:/console/sign-in/code";
        }
        return finish(outcome, request, response, redirect, "/console/sign-in", email);
    }

    @GetMapping("/console/sign-in/code")
    @Public
    String codePage(HttpServletRequest request) {
        return awaiting(request).isPresent() ? "console/sign-in-code" : "redirect:/console/sign-in";
    }

    @PostMapping("/console/sign-in/code")
    @Public
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Optional<AwaitingCode> awaiting = awaiting(request);
        if (awaiting.isEmpty()) {
            redirect.addFlashAttribute("passwordError", "Sign in again with your email and password: the code was "
                    + "not given within " + CODE_WAIT.toMinutes() + " minutes.");
            return "redirect:/console/sign-in";
        }
        Optional<Duration> locked = backoff.lockedFor(request.getRemoteAddr());
        if (locked.isPresent()) {
            return tooMany(response, model, locked.get());
        }
        return finish(people.secondFactor(awaiting.get().personId(), code), request, response, redirect,
                "/console/sign-in/code", null);
    }

    private String finish(SignIn outcome, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect, String back, String email) {
        if (outcome instanceof SignIn.SignedIn signedIn) {
            backoff.succeeded(request.getRemoteAddr());
            PersonSessions.begin(request, response, signedIn.person(), signedIn.sessionGeneration());
            return "redirect:/console/queue";
        }
        backoff.failed(request.getRemoteAddr());
        String message = outcome instanceof SignIn.Refused refused ? refused.message() : SignIn.NOT_ACCEPTED;
        redirect.addFlashAttribute(back.endsWith("/code") ? "codeError" : "passwordError", message);
        if (email != null) {
            redirect.addFlashAttribute("email", email.length() > 254 ? "" : email);
        }
        return "redirect:" + back;
    }

    private Optional<AwaitingCode> awaiting(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(PersonSessions.AWAITING_CODE) instanceof AwaitingCode a
                && a.since().plus(CODE_WAIT).isAfter(clock.instant())) {
            return Optional.of(a);
        }
        return Optional.empty();
    }

    private static String tooMany(HttpServletResponse response, Model model, Duration lockout) {
        long seconds = Math.max(1, (lockout.toMillis() + 999) / 1000);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        model.addAttribute("title", "Too many failed sign-ins");
        model.addAttribute("message", SignInBackoffFilter.lockedOutMessage(lockout) + " The password was not checked.");
        model.addAttribute("backHref", ConsoleSecurityConfiguration.SIGN_IN);
        model.addAttribute("backText", "Back to sign in");
        return "console/refused";
    }

    // ---- forgot your password ------------------------------------------------------------

    @GetMapping("/console/sign-in/forgot")
    @Public
    String forgotPage() {
        return "console/forgot";
    }

    @PostMapping("/console/sign-in/forgot")
    @Public
    String forgot(@RequestParam(defaultValue = "") String email, Model model) {
        people.requestPasswordReset(email);
        model.addAttribute("sent", true);
        model.addAttribute("email", email.length() > 254 ? "" : email.trim());
        return "console/forgot";
    }

    @GetMapping("/console/password-reset/{token}")
    @Public
    String resetPage(@PathVariable String token, Model model, HttpServletResponse response) {
        return setPasswordPage(people.passwordReset(token), false, token, model, response);
    }

    @PostMapping("/console/password-reset/{token}")
    @Public
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String password,
            @RequestParam(name = "password_again", defaultValue = "") String again, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        return setPassword(people.passwordReset(token), false, token, password, again, model, response,
                p -> people.resetPassword(token, password), (p, r) -> {
                    redirect.addFlashAttribute("notice", "Your new password is set and your other sessions ended. "
                            + "Sign in with it.");
                    return "redirect:/console/sign-in";
                });
    }

    // ---- invitation -----------------------------------------------------------------------

    @GetMapping("/console/invitation/{token}")
    @Public
    String invitationPage(@PathVariable String token, Model model, HttpServletResponse response) {
        return setPasswordPage(people.invitation(token), true, token, model, response);
    }

    @PostMapping("/console/invitation/{token}")
    @Public
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String password,
            @RequestParam(name = "password_again", defaultValue = "") String again, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        return setPassword(people.invitation(token), true, token, password, again, model, response,
                p -> people.acceptInvitation(token, password), (p, r) -> {
                    PersonSessions.begin(request, response, p, people.sessionGeneration(p.id()));
                    return "redirect:/console/queue";
                });
    }

    private interface Then {
        String after(Person person, HttpServletResponse response);
    }

    private static String setPasswordPage(Optional<Person> person, boolean invitation, String token, Model model,
            HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        model.addAttribute("token", token);
        model.addAttribute("invitation", invitation);
        model.addAttribute("errors", Map.of());
        if (person.isEmpty()) {
            response.setStatus(404);
            return "console/link-gone";
        }
        model.addAttribute("person", person.get());
        return "console/set-password";
    }

    private static String setPassword(Optional<Person> person, boolean invitation, String token, String password,
            String again, Model model, HttpServletResponse response, Function<Person, Person> set, Then then) {
        String page = setPasswordPage(person, invitation, token, model, response);
        if (person.isEmpty()) {
            return page;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (!password.equals(again)) {
            errors.put("password_again", "The two passwords are not the same.");
        }
        if (errors.isEmpty()) {
            try {
                return then.after(set.apply(person.get()), response);
            } catch (ApiProblem problem) {
                for (FieldProblem field : problem.errors()) {
                    errors.put(field.field(), "The password " + field.message() + ".");
                }
                if (errors.isEmpty()) {
                    errors.put("password", problem.getMessage());
                }
            }
        }
        response.setStatus(422);
        model.addAttribute("errors", errors);
        return "console/set-password";
    }
}
