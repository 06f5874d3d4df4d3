package dev.creditdesk.portal.web;

import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What every portal page shares: finding the tenant a path names, and the pages that say no. */
@Component
class PortalPages {

    private final Tenants tenants;

    PortalPages(Tenants tenants) {
        this.tenants = tenants;
    }

    /** The tenant of a path's id; empty for an id that is no UUID or no tenant's. */
    Optional<Tenant> tenant(String id) {
        try {
            return tenants.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Puts the tenant's name and support address on the page. */
    static void brand(Model model, Tenant tenant) {
        model.addAttribute("tenantName", tenant.name());
        model.addAttribute("supportEmail", tenant.settings().supportEmail());
    }

    /** The same page for every address that names nothing we show: an unknown tenant, a bad link. */
    static String notFound(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("title", "This page does not exist");
        model.addAttribute("message", "The address is wrong or incomplete. If you followed a link from an email, "
                + "copy the whole link into your browser's address bar.");
        return "portal/problem";
    }

    static String tooMany(Model model, HttpServletResponse response, Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(wait.toSeconds()));
        model.addAttribute("title", "Too many requests");
        model.addAttribute("message", "This form was sent too often from here or for this email address. Nothing was "
                + "sent. Please try again in " + minutes + (minutes == 1 ? " minute." : " minutes."));
        return "portal/problem";
    }
}
