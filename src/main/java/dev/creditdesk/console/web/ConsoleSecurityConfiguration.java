package dev.creditdesk.console.web;

import dev.creditdesk.people.People;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Problems;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.SignInBackoff;
import dev.creditdesk.tenants.ApiKeys;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains. {@code /console/**}: a session signed in as a person (email and password,
 * then the second factor if they have one: {@code PersonSignInController}) or with a support or
 * admin key (this chain's form login checks it with {@link ApiKeys#recognise}), CSRF tokens on
 * every form, sign out.
 * Everything else (actuator, API docs; {@code /v1} has a chain without filters, tenants'
 * {@code ApiSecurityChain}): Spring Security stands aside — no session,
 * no CSRF, no headers — and the API keeps authenticating itself with its bearer keys
 * (tenants' {@code ApiKeyAuthenticationFilter}) and the handlers' declarations ({@code @Allow},
 * checked by shared's {@code HandlerAuthorization} on every path, console pages included).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, SpringTemplateEngine templates, ApiKeys keys, People people,
            SignInBackoff backoff, ApplicationContext context) throws Exception {
        http.securityMatcher("/console/**")
                .addFilterBefore(new ConsoleNotFound(context, templates), AuthorizationFilter.class)
                .addFilterBefore(noteExpiredSession(), SecurityContextHolderFilter.class)
                .addFilterAfter(signOutRevokedKeys(keys, people), SecurityContextHolderFilter.class)
                .addFilterBefore(new SignInBackoffFilter(backoff, templates), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(SIGN_IN, SIGN_IN + "/**", "/console/invitation/**", "/console/password-reset/**",
                                "/console/assets/**").permitAll()
                        .anyRequest().hasAnyRole(Role.SUPPORT.name(), Role.ADMIN.name()))
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .usernameParameter("key")
                        .passwordParameter("unused")
                        .defaultSuccessUrl("/console", false)
                        .failureHandler(new SimpleUrlAuthenticationFailureHandler(SIGN_IN + "?error")))
                .logout(logout -> logout
                        .logoutUrl("/console/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(signIn())
                        .accessDeniedHandler(refused(templates)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** Signs in with a support or admin key; the key itself is never kept, only who it is. */
    @Bean
    AuthenticationProvider consoleKeys(ApiKeys keys) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                String secret = attempt.getName() == null ? "" : attempt.getName().trim();
                if (secret.isEmpty()) {
                    throw new BadCredentialsException("Enter your support or admin key.");
                }
                ApiKeys.Recognition recognition = keys.recognise(secret);
                if (recognition instanceof ApiKeys.Recognition.Valid valid) {
                    if (valid.role() != Role.SUPPORT && valid.role() != Role.ADMIN) {
                        throw new BadCredentialsException((valid.role() == Role.OPERATOR ? "An " : "A ")
                                + valid.role().wireName() + " key cannot sign in to the console; use your tenant's "
                                + "support or admin key.");
                    }
                    return UsernamePasswordAuthenticationToken.authenticated(
                            ConsoleUser.forKey(valid.tenantId(), valid.role(), valid.keyId()), null,
                            List.of(new SimpleGrantedAuthority("ROLE_" + valid.role().name())));
                }
                if (recognition instanceof ApiKeys.Recognition.Revoked) {
                    throw new BadCredentialsException("This key was revoked; ask an admin for a new one.");
                }
                throw new BadCredentialsException("This key is not valid.");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static final String EXPIRED = ConsoleSecurityConfiguration.class.getName() + ".sessionExpired";

    /**
     * Whether the browser sent a session cookie the server no longer knows: the session expired.
     * Noted as the request arrives: Tomcat gives a new session the id the browser asked for, so once
     * the request cache has made one, the old id looks valid again.
     */
    static boolean sessionExpired(HttpServletRequest request) {
        Object noted = request.getAttribute(EXPIRED);
        return noted != null ? (Boolean) noted
                : request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
    }

    private static Filter noteExpiredSession() {
        return (request, response, chain) -> {
            request.setAttribute(EXPIRED, sessionExpired((HttpServletRequest) request));
            chain.doFilter(request, response);
        };
    }

    /**
     * A session lasts only as long as the key or person it was signed in with: on every console
     * request the key or person is looked up by id (its primary key), and a revoked key, a removed
     * person, or one whose password was reset or changed (or role changed) since the session began
     * ends the session there and then, on every node, before the page or form runs. A person's
     * session without a generation (signed in another way) takes the person's current one.
     */
    private static Filter signOutRevokedKeys(ApiKeys keys, People people) {
        return (request, response, chain) -> {
            Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
            if (signedIn != null && signedIn.getPrincipal() instanceof ConsoleUser user
                    && !(user.person() ? personInForce((HttpServletRequest) request, user, people)
                            : keys.inForce(user.keyId()))) {
                HttpServletRequest http = (HttpServletRequest) request;
                HttpSession session = http.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                redirect(http, (HttpServletResponse) response, SIGN_IN + "?revoked");
                return;
            }
            chain.doFilter(request, response);
        };
    }

    private static boolean personInForce(HttpServletRequest request, ConsoleUser user, People people) {
        HttpSession session = request.getSession(false);
        Object generation = session == null ? null : session.getAttribute(PersonSessions.GENERATION);
        if (generation instanceof Integer began) {
            return people.inForce(user.personId(), began);
        }
        if (session != null && people.inForce(user.personId())) {
            session.setAttribute(PersonSessions.GENERATION, people.sessionGeneration(user.personId()));
            return true;
        }
        return false;
    }

    /**
     * A request Spring Security's firewall refuses (a header or parameter with control characters,
     * say): problem+json like every other refusal, not a bare status.
     */
    @Bean
    RequestRejectedHandler requestRejected(JsonMapper json) {
        return (request, response, e) -> Problems.write(response, json,
                new ApiProblem(400, "request-rejected", "Request rejected", e.getMessage()), request.getRequestURI());
    }

    /** To the sign-in page, saying why; htmx requests are told to load it as a whole page. */
    private static AuthenticationEntryPoint signIn() {
        return (request, response, e) -> redirect(request, response,
                SIGN_IN + (sessionExpired(request) ? "?expired" : ""));
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String target)
            throws IOException {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            response.sendRedirect(target);
        }
    }

    /**
     * A form without a valid CSRF token (stale, or from another site), or a page the role may not
     * open: a page that says so. Nothing was changed, since the request never reached a controller.
     */
    private static AccessDeniedHandler refused(SpringTemplateEngine templates) {
        return (request, response, e) -> {
            if (e instanceof CsrfException && sessionExpired(request)) {
                redirect(request, response, SIGN_IN + "?expired");
                return;
            }
            Context context = new Context(request.getLocale());
            if (e instanceof CsrfException) {
                context.setVariable("title", "This form is out of date");
                context.setVariable("message", "The form did not carry this session's security token (it was "
                        + "opened before you signed in again, or it came from another site). Nothing was changed. "
                        + "Go back, reload the page and try again.");
            } else {
                context.setVariable("title", "Not allowed");
                context.setVariable("message", "Your role may not open this page. Nothing was changed.");
            }
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType("text/html;charset=UTF-8");
            templates.process("console/refused", context, response.getWriter());
        };
    }
}
