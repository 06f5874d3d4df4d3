package dev.creditdesk.notifications.web;

import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The email outbox, readable whether or not SMTP is configured. */
@RestController
class OutboxController {

    private final Notifications notifications;

    OutboxController(Notifications notifications) {
        this.notifications = notifications;
    }

    record OutboxList(String object, List<Email> data) {
    }

    @GetMapping("/v1/outbox")
    @Allow({Role.SUPPORT, Role.ADMIN})
    OutboxList list(Caller caller, @RequestParam(name = "refund_request_id", required = false) String request,
            @RequestParam(name = "limit", required = false) Integer limit) {
        List<Email> emails = request == null
                ? notifications.recent(caller.tenantId(), ListPage.checkedLimit(limit))
                : notifications.forRequest(caller.tenantId(), Ids.parseOrNotFound("refund request", request));
        return new OutboxList("list", emails);
    }
}
