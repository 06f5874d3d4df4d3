package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ConsoleSession;
import dev.creditdesk.shared.Public;
import dev.creditdesk.shared.Role;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Who may run a handler, as its code declares it: {@link Public} on the method or class, then
 * {@link Allow} on the method, then on the class, then {@link ConsoleSession} on the package.
 * Read from the handler itself, so the path it was reached by plays no part.
 */
public sealed interface HandlerAccess {

    /** Anyone; the handler authenticates the request itself, if at all. */
    record Anyone() implements HandlerAccess {
    }

    /** An API key of one of these roles. */
    record Roles(Set<Role> roles) implements HandlerAccess {
    }

    /** A console session signed in with a support or admin key. */
    record SignedInConsole() implements HandlerAccess {
    }

    /** Nothing declared: refused to everyone. */
    record Nobody() implements HandlerAccess {
    }

    static HandlerAccess of(HandlerMethod handler) {
        if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), Public.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), Public.class)) {
            return new Anyone();
        }
        Allow allow = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Allow.class);
        if (allow == null) {
            allow = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Allow.class);
        }
        if (allow != null) {
            return allow.value().length == 0 ? new Nobody()
                    : new Roles(Set.copyOf(EnumSet.of(allow.value()[0], allow.value())));
        }
        if (handler.getBeanType().getPackage().isAnnotationPresent(ConsoleSession.class)) {
            return new SignedInConsole();
        }
        return new Nobody();
    }
}
