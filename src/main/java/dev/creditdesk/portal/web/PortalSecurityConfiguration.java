package dev.creditdesk.portal.web;

import dev.creditdesk.portal.PortalSettings;
import dev.creditdesk.shared.Limits;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The customer pages' chain, {@code /portal/**}: public (each handler is {@code @Public} and checks
 * its own signed link), CSRF tokens on every form kept in a cookie scoped to {@code /portal} (no
 * session: a customer never shares the console's), and the headers a page needs.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurityConfiguration {

    /** The form's multipart parts, one file at most what an evidence upload may be. */
    static final long MAX_REQUEST_BYTES_BESIDES_FILES = 1_048_576;

    @Bean
    @Order(0)
    SecurityFilterChain portal(HttpSecurity http, SpringTemplateEngine templates, PortalSettings settings)
            throws Exception {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setCookiePath("/portal");
        tokens.setCookieName("PORTAL-XSRF");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax").httpOnly(true));
        http.securityMatcher("/portal/**")
                .addFilterBefore(tooLarge(templates, settings), CsrfFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(tokens))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors.accessDeniedHandler(refused(templates)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                                + "base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Lets the servlet container read multipart bodies (the form's files), bounded: each file at most
     * what an evidence upload may be, the whole body the form's files and 1 MiB beside. Spring keeps no
     * multipart resolver ({@code spring.servlet.multipart.enabled=false}), so only a handler that asks
     * for the parts reads them; the API still refuses multipart bodies as before.
     */
    @Bean
    MultipartConfigElement portalMultipart(PortalSettings settings) {
        return new MultipartConfigElement(null, Limits.MAX_EVIDENCE_BYTES,
                (long) Limits.MAX_EVIDENCE_BYTES * Math.max(1, settings.maxFilesPerForm())
                        + MAX_REQUEST_BYTES_BESIDES_FILES, 1_048_576);
    }

    /**
     * A form without a valid CSRF token (opened long ago, cookies cleared, or sent from another site):
     * a page that says so. Nothing was kept.
     */
    private static AccessDeniedHandler refused(SpringTemplateEngine templates) {
        return (request, response, e) -> page(templates, request, response, HttpStatus.FORBIDDEN,
                "This form is out of date", "The form did not carry its security token (it was opened long ago, "
                        + "your browser's cookies were cleared, or it came from another site). Nothing was sent. "
                        + "Go back, reload the page and try again.");
    }

    /**
     * A multipart body beyond the bounds cannot be read at all (not even its CSRF token, which the
     * container would refuse as a malformed request): it is read here first, and if it is too large
     * the answer is a 413 page. Nothing was kept.
     */
    private static Filter tooLarge(SpringTemplateEngine templates, PortalSettings settings) {
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            String type = http.getContentType();
            if ("POST".equals(http.getMethod()) && type != null
                    && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                try {
                    http.getParts();
                } catch (IllegalStateException e) {
                    page(templates, http, (HttpServletResponse) response, HttpStatus.CONTENT_TOO_LARGE,
                            "The files are too large", "Each file may be at most 5 MiB, and the form takes at most "
                                    + settings.maxFilesPerForm() + " files. Nothing was sent. Go back, choose smaller "
                                    + "files and try again.");
                    return;
                }
            }
            chain.doFilter(request, response);
        };
    }

    private static void page(SpringTemplateEngine templates, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String title, String message) throws IOException {
        Context context = new Context(request.getLocale());
        context.setVariable("title", title);
        context.setVariable("message", message);
        response.setStatus(status.value());
        response.setContentType("text/html;charset=UTF-8");
        templates.process("portal/problem", context, response.getWriter());
    }
}
