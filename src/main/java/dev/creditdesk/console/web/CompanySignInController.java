package dev.creditdesk.console.web;

import dev.creditdesk.people.CompanySignIn;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Public;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Sign in with your company account": the work email finds the tenant's identity provider, the
 * browser goes there (the pending sign-in kept in its session) and comes back to the callback,
 * which signs the person in with a new session id — or says why not, signing nobody in. Public:
 * these pages are how one signs in; the callback trusts nothing but what {@link CompanySignIn}
 * checked.
 */
@Controller
class CompanySignInController {

    static final String PATH = ConsoleSecurityConfiguration.SIGN_IN + "/company";
    private static final String PENDING = CompanySignInController.class.getName() + ".pending";

    private final CompanySignIn signIn;

    private final People people;

    CompanySignInController(CompanySignIn signIn, People people) {
        this.signIn = signIn;
        this.people = people;
    }

    @GetMapping(PATH)
    @Public
    String page(Model model) {
        if (ConsolePages.currentUser() != null) {
            return "redirect:/console/queue";
        }
        model.addAttribute("email", "");
        return "console/sign-in-company";
    }

    @PostMapping(PATH)
    @Public
    String start(@RequestParam(defaultValue = "") String email, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (ConsolePages.currentUser() != null) {
            return "redirect:/console/queue";
        }
        List<FieldProblem> errors = new ArrayList<>();
        String checked = Fields.requiredEmail(email, "email", errors);
        if (checked == null) {
            return refused(model, response, HttpStatus.BAD_REQUEST, email, "Enter your work email address, such as ada@example.com.");
        }
        String callback = ServletUriComponentsBuilder.fromContextPath(request).path(PATH + "/callback")
                .build().toUriString();
        CompanySignIn.Start start = signIn.start(checked, callback);
        if (start instanceof CompanySignIn.Redirect redirect) {
            request.getSession().setAttribute(PENDING, redirect.pending());
            // A page that navigates on, not a redirect: a form's redirect must stay within CSP form-action 'self'.
            model.addAttribute("authorizationUrl", redirect.authorizationUrl().toString());
            return "console/sign-in-company-redirect";
        }
        CompanySignIn.NoProvider none = (CompanySignIn.NoProvider) start;
        return refused(model, response, HttpStatus.FORBIDDEN, email, "No identity provider signs in " + none.domain() + " addresses. "
                + "Sign in with your password or key, or ask your admin.");
    }

    @GetMapping(PATH + "/callback")
    @Public
    String callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
            @RequestParam(required = false) String error, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        HttpSession session = request.getSession(false);
        CompanySignIn.Pending pending = null;
        if (session != null && session.getAttribute(PENDING) instanceof CompanySignIn.Pending found) {
            pending = found;
            session.removeAttribute(PENDING);
        }
        if (pending == null && ConsolePages.currentUser() != null) {
            return "redirect:/console/queue";
        }
        CompanySignIn.Outcome outcome = signIn.finish(pending, state, code, error);
        if (outcome instanceof CompanySignIn.SignedIn signedIn) {
            signIn(signedIn.person(), request, response);
            return "redirect:/console";
        }
        return refused(model, response, HttpStatus.FORBIDDEN, "", ((CompanySignIn.Refused) outcome).reason());
    }

    /**
     * As the password form does ({@link PersonSessions#begin}): a new session id (no fixation), a new
     * CSRF token, the person and their session generation in the session.
     */
    private void signIn(Person person, HttpServletRequest request, HttpServletResponse response) {
        PersonSessions.begin(request, response, person, people.sessionGeneration(person.id()));
    }

    private static String refused(Model model, HttpServletResponse response, HttpStatus status, String email,
            String message) {
        response.setStatus(status.value());
        model.addAttribute("email", email);
        model.addAttribute("error", message);
        return "console/sign-in-company";
    }
}
