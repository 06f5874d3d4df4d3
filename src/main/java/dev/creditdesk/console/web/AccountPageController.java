package dev.creditdesk.console.web;

import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Your account", for a person signed in as themselves: change the password (their other sessions
 * end), set up the TOTP second factor (key and otpauth:// URI, confirmed with a code, then ten
 * recovery codes shown once), or turn it off with a code.
 */
@Controller
class AccountPageController {

    private final People people;

    AccountPageController(People people) {
        this.people = people;
    }

    @GetMapping("/console/account")
    String page(@AuthenticationPrincipal ConsoleUser user, Model model) {
        fill(model, user, Map.of());
        return "console/account";
    }

    @PostMapping("/console/account/password")
    String password(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "current_password",
            defaultValue = "") String current, @RequestParam(defaultValue = "") String password,
            @RequestParam(name = "password_again", defaultValue = "") String again, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Person me = requirePerson(user);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!password.equals(again)) {
            errors.put("password_again", "The two new passwords are not the same.");
        } else {
            try {
                PersonSessions.continueWith(request, people.changePassword(me.tenantId(), me.id(), current, password));
                redirect.addFlashAttribute("done", "Your password is changed; your other sessions ended.");
                return "redirect:/console/account";
            } catch (ApiProblem problem) {
                named(problem, errors, "password");
            }
        }
        response.setStatus(422);
        fill(model, user, errors);
        return "console/account";
    }

    @PostMapping("/console/account/second-factor")
    String begin(@AuthenticationPrincipal ConsoleUser user) {
        Person me = requirePerson(user);
        people.beginSecondFactor(me.tenantId(), me.id());
        return "redirect:/console/account#second-factor";
    }

    @PostMapping("/console/account/second-factor/confirm")
    String confirm(@AuthenticationPrincipal ConsoleUser user, @RequestParam(defaultValue = "") String code,
            HttpServletResponse response, Model model) {
        Person me = requirePerson(user);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            List<String> codes = people.confirmSecondFactor(me.tenantId(), me.id(), code);
            model.addAttribute("recoveryCodes", codes);
            model.addAttribute("done", "Your second factor is on. From now on sign-in asks for a code.");
        } catch (ApiProblem problem) {
            named(problem, errors, "code");
            response.setStatus(problem.status());
        }
        fill(model, user, errors);
        return "console/account";
    }

    @PostMapping("/console/account/second-factor/off")
    String off(@AuthenticationPrincipal ConsoleUser user, @RequestParam(defaultValue = "") String code,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Person me = requirePerson(user);
        try {
            people.turnOffSecondFactor(me.tenantId(), me.id(), code);
        } catch (ApiProblem problem) {
            Map<String, String> errors = new LinkedHashMap<>();
            named(problem, errors, "code");
            errors.put("off_code", errors.remove("code"));
            response.setStatus(problem.status());
            fill(model, user, errors);
            return "console/account";
        }
        redirect.addFlashAttribute("done", "Your second factor is off: sign-in asks for your password alone.");
        return "redirect:/console/account";
    }

    private static void named(ApiProblem problem, Map<String, String> errors, String fallback) {
        for (FieldProblem field : problem.errors()) {
            String label = switch (field.field()) {
                case "current_password" -> "The current password";
                case "password" -> "The new password";
                case "code" -> "The code";
                default -> field.field();
            };
            errors.put(field.field(), label + " " + field.message() + ".");
        }
        if (problem.errors().isEmpty()) {
            errors.put(fallback, problem.getMessage());
        }
    }

    private void fill(Model model, ConsoleUser user, Map<String, String> errors) {
        Person me = requirePerson(user);
        model.addAttribute("me", me);
        model.addAttribute("pending", people.pendingSecondFactor(me.tenantId(), me.id()).orElse(null));
        model.addAttribute("recoveryLeft", me.secondFactor() ? people.recoveryCodesLeft(me.id()) : 0);
        model.addAttribute("errors", errors);
    }

    private Person requirePerson(ConsoleUser user) {
        if (!user.person()) {
            throw new ApiProblem(403, "forbidden", "Signed in with a key",
                    "Your account page is for people; you are signed in with a " + user.role().wireName() + " key.");
        }
        return people.find(user.tenantId(), user.personId()).orElseThrow(() -> ApiProblem.notFound("person",
                user.personId()));
    }
}
