package dev.creditdesk.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem+json answer a handler gives beyond the ones every operation documents by rule
 * (400, 401, 403, 404, 409, 429, 503...): a 422 when the request is well-formed but cannot be
 * done, a 402 when credits run short. The OpenAPI document lists it for the operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ErrorAnswer.List.class)
public @interface ErrorAnswer {

    int status();

    /** When the handler answers it, as an integrator reads it. */
    String when();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ErrorAnswer[] value();
    }
}
