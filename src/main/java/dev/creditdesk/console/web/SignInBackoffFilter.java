package dev.creditdesk.console.web;

import dev.creditdesk.shared.SignInBackoff;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Wraps the sign-in form's POST (in the console's security chain, just before the key is checked):
 * while the client address is locked out it answers 429 without checking the key; afterwards it
 * tells {@link SignInBackoff} whether the sign-in succeeded.
 */
final class SignInBackoffFilter extends OncePerRequestFilter {

    private final SignInBackoff backoff;
    private final SpringTemplateEngine templates;

    SignInBackoffFilter(SignInBackoff backoff, SpringTemplateEngine templates) {
        this.backoff = backoff;
        this.templates = templates;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !ConsoleSecurityConfiguration.SIGN_IN.equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        Optional<Duration> locked = backoff.lockedFor(address);
        if (locked.isPresent()) {
            refuse(request, response, locked.get());
            return;
        }
        chain.doFilter(request, response);
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken)) {
            backoff.succeeded(address);
        } else {
            backoff.failed(address);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Duration lockout)
            throws IOException {
        long seconds = Math.max(1, (lockout.toMillis() + 999) / 1000);
        Context context = new Context(request.getLocale());
        context.setVariable("title", "Too many failed sign-ins");
        context.setVariable("message", lockedOutMessage(lockout) + " The key was not checked.");
        context.setVariable("backHref", ConsoleSecurityConfiguration.SIGN_IN);
        context.setVariable("backText", "Back to sign in");
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("text/html;charset=UTF-8");
        templates.process("console/refused", context, response.getWriter());
    }

    /** What the sign-in page and the refusal say while an address is locked out. */
    static String lockedOutMessage(Duration lockout) {
        long seconds = Math.max(1, (lockout.toMillis() + 999) / 1000);
        String wait = seconds < 120 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
        return "Too many failed sign-ins from your address: sign-in is paused for " + wait
                + ". Each further failure doubles the pause; a successful sign-in ends it.";
    }
}
