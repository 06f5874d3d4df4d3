package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call an endpoint. Every {@code /v1} handler must carry it (on the method or
 * its class): a handler without it answers 403 to everyone, so a forgotten annotation fails closed.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Allow {
    Role[] value();
}
