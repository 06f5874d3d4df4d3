package dev.creditdesk.console.web;

import dev.creditdesk.shared.Public;
import dev.creditdesk.shared.SignInBackoff;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page: email and password first (posted to {@link PersonSignInController}), a support or
 * admin key second (posted to Spring Security, which checks the key); and the console's home.
 */
@Controller
class SignInController {

    private final SignInBackoff backoff;

    SignInController(SignInBackoff backoff) {
        this.backoff = backoff;
    }

    @GetMapping("/console/sign-in")
    @Public
    String signIn(HttpServletRequest request, Model model) {
        if (ConsolePages.currentUser() != null) {
            return "redirect:/console/queue";
        }
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            model.addAttribute("error", e.getMessage());
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        } else if (request.getParameter("error") != null) {
            model.addAttribute("error", "The key was not accepted.");
        }
        backoff.lockedFor(request.getRemoteAddr())
                .ifPresent(lockout -> model.addAttribute("error", SignInBackoffFilter.lockedOutMessage(lockout)));
        if (request.getParameter("revoked") != null) {
            model.addAttribute("notice", "You were signed out: the key you signed in with was revoked, or your "
                    + "account was removed or its password or role changed. Sign in again.");
        } else if (request.getParameter("expired") != null) {
            model.addAttribute("notice", "Your session expired. Sign in again; nothing was changed.");
        } else if (request.getParameter("signed-out") != null) {
            model.addAttribute("notice", "You are signed out.");
        }
        return "console/sign-in";
    }

    @GetMapping({"/console", "/console/"})
    String home() {
        return "redirect:/console/queue";
    }
}
