package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles whose API key may call a handler (on the method or its class). Checked on the handler
 * that runs, whatever the spelling of the path: a request without a valid key answers 401, a key
 * of another role 403. Every application handler carries {@code @Allow}, {@link Public}, or is a
 * console page ({@link ConsoleSession}); one with none refuses everyone, so a forgotten
 * annotation fails closed. docs/security.md lists every handler's roles; a test holds the two equal.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Allow {
    Role[] value();
}
