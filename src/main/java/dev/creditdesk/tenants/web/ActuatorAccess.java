package dev.creditdesk.tenants.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.ApiKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who may call an actuator endpoint, decided on the endpoint operation that runs (whatever path or
 * port it was reached by, the management port included): health is public, though its components
 * and details show only to the operator key; every other endpoint (info, prometheus, metrics …)
 * needs the installation's operator key, and answers 401 without a key, 403 with a tenant's.
 */
@Component
class ActuatorAccess implements OperationInvokerAdvisor {

    private static final EndpointId HEALTH = EndpointId.of("health");

    private final ApiKeys keys;

    ActuatorAccess(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public OperationInvoker apply(EndpointId endpoint, OperationType type, OperationParameters parameters,
            OperationInvoker invoker) {
        if (HEALTH.equals(endpoint)) {
            return context -> invoker.invoke(operatorSees(context));
        }
        return context -> {
            requireOperator();
            return invoker.invoke(context);
        };
    }

    /** Health for everyone; with the operator key, health as its operator sees it (components, details). */
    private InvocationContext operatorSees(InvocationContext context) {
        HttpServletRequest request = currentRequest();
        Caller caller = request == null ? null : caller(request);
        if (caller == null || caller.role() != Role.OPERATOR) {
            return context;
        }
        OperationArgumentResolver original = new OperationArgumentResolver() {
            @Override
            public boolean canResolve(Class<?> type) {
                return type != SecurityContext.class && type != Principal.class && context.canResolve(type);
            }

            @Override
            public <T> T resolve(Class<T> type) {
                return context.resolveArgument(type);
            }
        };
        return new InvocationContext(new OperatorSecurity(), context.getArguments(), original);
    }

    private void requireOperator() {
        HttpServletRequest request = currentRequest();
        if (request == null) {
            return; // not over HTTP: JMX (off), within the JVM
        }
        Caller caller = caller(request);
        if (caller == null) {
            HttpServletResponse response = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                    .getResponse();
            if (response != null) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            throw Caller.missing(request);
        }
        if (caller.role() != Role.OPERATOR) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "This endpoint needs the operator key; this key's role is "
                    + caller.role().wireName());
        }
    }

    /**
     * The request's caller. On the application's port the authentication filter has already looked
     * at the key; on a separate management port no application filter runs, so the key is read here.
     */
    private Caller caller(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        String header = request.getHeader("Authorization");
        if (caller == null && header != null) {
            ApiKeyAuthenticationFilter.authenticate(keys, request, header);
            caller = Caller.of(request);
        }
        return caller;
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    /** The operator, as Spring Boot's health endpoint asks: signed in, in role OPERATOR. */
    private record OperatorSecurity() implements SecurityContext {
        @Override
        public Principal getPrincipal() {
            return () -> "operator";
        }

        @Override
        public boolean isUserInRole(String role) {
            return Role.OPERATOR.name().equals(role);
        }
    }
}
