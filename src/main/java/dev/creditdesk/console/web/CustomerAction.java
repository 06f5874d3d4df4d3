package dev.creditdesk.console.web;

import dev.creditdesk.shared.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The actions support takes on a customer outside a case, and who may take each: the roles of the
 * API route each one goes through (docs/security.md), checked here, in one place, for the page that
 * offers them and for the form that does them.
 */
enum CustomerAction {
    /** {@code POST /v1/credit-grants}: secret and admin keys. */
    GOODWILL("goodwill", "Give goodwill credits", EnumSet.of(Role.ADMIN)),
    /** {@code POST /v1/tasks/{id}/restore}: support and admin. */
    RESTORE_TASK("restore-task", "Restore a task's credits", EnumSet.of(Role.SUPPORT, Role.ADMIN)),
    /** {@code POST /v1/accounts/{id}/suspensions/{suspensionId}/lift}: support and admin. */
    LIFT_SUSPENSION("lift-suspension", "Lift a suspension", EnumSet.of(Role.SUPPORT, Role.ADMIN)),
    /** {@code POST /v1/refunds/{id}/mark-sent}: admin. */
    MARK_REFUND_SENT("mark-refund-sent", "Mark a manual refund sent", EnumSet.of(Role.ADMIN)),
    /** {@code POST /v1/disputes}: support and admin. */
    RECORD_DISPUTE("record-dispute", "Record a dispute", EnumSet.of(Role.SUPPORT, Role.ADMIN));

    private final String path;
    private final String title;
    private final Set<Role> roles;

    CustomerAction(String path, String title, Set<Role> roles) {
        this.path = path;
        this.title = title;
        this.roles = roles;
    }

    static Optional<CustomerAction> fromPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }

    String path() {
        return path;
    }

    String title() {
        return title;
    }

    boolean allowedFor(Role role) {
        return roles.contains(role);
    }

    /** Why {@code role} may not, in the words the refusal page shows. */
    String refusal(Role role) {
        return title + " needs an admin; you are signed in as " + role.wireName() + ". Nothing was changed.";
    }
}
