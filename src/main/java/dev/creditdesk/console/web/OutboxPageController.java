package dev.creditdesk.console.web;

import dev.creditdesk.notifications.Notifications;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The email outbox: what customers were (or are about to be) told, newest first. */
@Controller
class OutboxPageController {

    static final int PAGE = 100;

    private final Notifications notifications;

    OutboxPageController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/console/outbox")
    String outbox(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("emails", notifications.recent(user.tenantId(), PAGE));
        model.addAttribute("limit", PAGE);
        return "console/outbox";
    }
}
