package dev.creditdesk.console.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows (the tenant, who is signed in, times in the tenant's timezone, who
 * did something by name),
 * and failures as a page rather than the API's problem+json: this advice comes before the API's.
 */
@ControllerAdvice(basePackageClasses = ConsolePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    private final Tenants tenants;
    private final ActorNames names;

    ConsolePages(Tenants tenants, ActorNames names) {
        this.tenants = tenants;
        this.names = names;
    }

    static ConsoleUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser user ? user : null;
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        addCommon(model.asMap(), request);
    }

    private void addCommon(java.util.Map<String, Object> model, HttpServletRequest request) {
        model.put("path", request.getRequestURI());
        ConsoleUser user = currentUser();
        if (user == null) {
            return;
        }
        Tenant tenant = tenants.require(user.tenantId());
        model.put("user", user);
        model.put("tenant", tenant);
        model.put("fmt", new ConsoleFormat(tenant.settings().timezone()));
        model.put("names", names);
    }

    /** A failure a module reported (a case of another tenant, a closed case …): a page that says what. */
    @ExceptionHandler(ApiProblem.class)
    ModelAndView problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response) {
        ModelAndView page = new ModelAndView("console/error");
        addCommon(page.getModel(), request);
        page.addObject("title", problem.title());
        page.addObject("message", problem.getMessage());
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(problem.status()));
        return page;
    }
}
