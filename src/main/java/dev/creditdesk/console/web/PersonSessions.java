package dev.creditdesk.console.web;

import dev.creditdesk.people.Person;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * A person's console session: begun once their password (and second factor) were accepted, with a
 * new session id, and the person's session generation kept beside it, so a password reset or
 * change, or a new role, ends it ({@code People.inForce}).
 */
final class PersonSessions {

    static final String GENERATION = PersonSessions.class.getName() + ".generation";
    /** A person whose password was right and whose second factor's code is awaited. */
    static final String AWAITING_CODE = PersonSessions.class.getName() + ".awaitingCode";

    private static final SecurityContextRepository CONTEXTS = new HttpSessionSecurityContextRepository();

    private PersonSessions() {
    }

    static void begin(HttpServletRequest request, HttpServletResponse response, Person person, int generation) {
        HttpSession session = request.getSession();
        session.removeAttribute(AWAITING_CODE);
        request.changeSessionId();
        // a new CSRF token too: one seen before signing in (on a shared computer, say) is worth nothing after
        new HttpSessionCsrfTokenRepository().saveToken(null, request, response);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                ConsoleUser.forPerson(person.tenantId(), person.role(), person.id(), person.name()), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + person.role().name()))));
        SecurityContextHolder.setContext(context);
        CONTEXTS.saveContext(context, request, response);
        request.getSession().setAttribute(GENERATION, generation);
    }

    /** After the person changed their own password: this session goes on, their others end. */
    static void continueWith(HttpServletRequest request, int generation) {
        request.getSession().setAttribute(GENERATION, generation);
    }
}
