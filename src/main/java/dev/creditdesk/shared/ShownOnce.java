package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler's successful response carries a secret (a new API key) that is shown once. Its
 * {@code Idempotency-Key} record keeps no copy of the response: a replay answers 409
 * {@code secret-shown-once} naming what the first request created, never the secret again.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ShownOnce {
}
