package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.web.HandlerAccess;
import dev.creditdesk.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every console route the application maps, read from its handler mappings: without a session it
 * sends to the sign-in page; a support session opens all but the admin-only forms, which answer
 * 403 (docs/security.md, docs/console.md).
 */
class ConsoleAccessIT extends IntegrationTest {

    /** The console's admin-only actions; every other page and form is for support and admin alike. */
    private static final Set<String> ADMIN_ONLY = Set.of("POST /console/policies/publish",
            "POST /console/incidents/compensation-settings", "GET /console/webhooks", "POST /console/webhooks",
            "POST /console/webhooks/{id}/rotate-secret", "POST /console/webhooks/{id}/status",
            "POST /console/webhooks/{id}/redeliver/{eventId}", "GET /console/mailbox", "POST /console/mailbox",
            "POST /console/mailbox/test", "GET /console/people", "POST /console/people",
            "GET /console/people/{id}/{action}", "POST /console/people/{id}/{action}", "GET /console/people/sso", "POST /console/people/sso",
            "POST /console/people/sso/delete");

    /** A person's own account page: a session signed in with a key, of either role, is refused it (403). */
    private static final Set<String> PEOPLE_ONLY = Set.of("GET /console/account", "POST /console/account/password",
            "POST /console/account/second-factor", "POST /console/account/second-factor/confirm",
            "POST /console/account/second-factor/off");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Route(String method, String pattern, HandlerAccess access) {
        String name() {
            return method + " " + pattern;
        }

        String path() {
            return pattern.replaceAll("\\{\\w+}", UUID.randomUUID().toString());
        }
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (pattern.startsWith("/console")) {
                    for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                        routes.add(new Route(method.name(), pattern, HandlerAccess.of(entry.getValue())));
                    }
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(10);
        return routes;
    }

    private ConsoleClient.Page send(ConsoleClient browser, Route route, String csrf) {
        return route.method().equals("GET") ? browser.get(route.path())
                : browser.post(route.path(), Map.of("_csrf", csrf));
    }

    @Test
    void withoutASessionEveryPageAndFormSendsToTheSignIn() {
        ConsoleClient anonymous = new ConsoleClient(port);
        String csrf = anonymous.get("/console/sign-in").csrf();
        List<String> failures = new ArrayList<>();
        for (Route route : routes()) {
            if (route.access() instanceof HandlerAccess.Anyone) {
                continue;
            }
            assertThat(route.access()).as(route.name()).isInstanceOf(HandlerAccess.SignedInConsole.class);
            ConsoleClient.Page page = send(anonymous, route, csrf);
            if (page.status() != 302 || page.location() == null || !page.location().endsWith("/console/sign-in")) {
                failures.add(route.name() + ": " + page.status() + " -> " + page.location());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void supportOpensEveryPageButTheAdminOnlyFormsAndAdminOpensThoseToo() {
        TestTenant tenant = newTenant();
        ConsoleClient support = new ConsoleClient(port);
        assertThat(support.signIn(tenant.supportKey()).status()).isEqualTo(302);
        String supportCsrf = support.get("/console/queue").csrf();
        ConsoleClient admin = new ConsoleClient(port);
        assertThat(admin.signIn(tenant.adminKey()).status()).isEqualTo(302);
        String adminCsrf = admin.get("/console/queue").csrf();
        List<String> failures = new ArrayList<>();
        for (Route route : routes()) {
            ConsoleClient.Page asSupport = send(support, route, supportCsrf);
            boolean signedOut = asSupport.location() != null && asSupport.location().contains("/console/sign-in");
            if (asSupport.status() >= 500 || signedOut && !(route.access() instanceof HandlerAccess.Anyone)) {
                failures.add(route.name() + " as support: " + asSupport);
            }
            if (ADMIN_ONLY.contains(route.name())) {
                ConsoleClient.Page asAdmin = send(admin, route, adminCsrf);
                if (asSupport.status() != 403 || asAdmin.status() == 403 || asAdmin.status() >= 500) {
                    failures.add(route.name() + ": support " + asSupport.status() + ", admin " + asAdmin.status());
                }
            } else if (PEOPLE_ONLY.contains(route.name())) {
                if (asSupport.status() != 403 || send(admin, route, adminCsrf).status() != 403) {
                    failures.add(route.name() + " opened to a key session");
                }
            } else if (asSupport.status() == 403) {
                failures.add(route.name() + " refused to support: " + asSupport);
            }
        }
        assertThat(failures).isEmpty();
    }
}
