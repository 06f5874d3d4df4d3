package dev.creditdesk.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler whose change can join a batch (group commit, {@code creditdesk.tasks.batching}):
 * when batching is on and the request carries no {@code Idempotency-Key}, the per-request
 * transaction is not opened for it. The handler then hands its change to the batch, and runs
 * {@link GroupCommitted#of the request's own work} (its audit entry) inside it, right after
 * the change, so both commit or roll back together as they would in the request's transaction.
 * A request without a transaction that reaches a handler without this annotation is refused
 * before the handler runs.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface GroupCommit {
}
