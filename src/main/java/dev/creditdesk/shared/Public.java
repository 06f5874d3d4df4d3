package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler anyone may call without a key or session: it authenticates the request itself (a
 * provider webhook checks its signature) or has nothing to protect (the console's sign-in page).
 * Say why next to it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Public {
}
