package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a package: its handlers are pages for a person signed in to the console with a support or
 * admin key (a session, never an API key), except those marked {@link Public}.
 */
@Target(ElementType.PACKAGE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsoleSession {
}
