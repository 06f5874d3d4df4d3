package dev.creditdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.ConsoleSession;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.web.HandlerAccess;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every {@code /v1} and {@code /actuator} route the application maps (read from its handler
 * mappings, so a new route is in the matrix without anyone adding it) × every kind of key × every spelling of the path. The
 * roles each route admits come from its handler's declaration and must equal the table in
 * docs/security.md. Refused requests change no table.
 */
class AccessMatrixIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern DOC_ROW = Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| `([^`]+)` \\| ([^|]+) \\|.*$");
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebMvcEndpointHandlerMapping actuator;

    record Route(String method, String pattern, HandlerAccess access) {
        String name() {
            return method + " " + pattern;
        }

        /** The roles as docs/security.md writes them. */
        Set<String> declared() {
            if (access instanceof HandlerAccess.Anyone) {
                return Set.of("public");
            }
            if (access instanceof HandlerAccess.Roles roles) {
                return roles.roles().stream().map(Role::wireName).collect(Collectors.toCollection(TreeSet::new));
            }
            return Set.of("none");
        }

        boolean admits(Role role) {
            return access instanceof HandlerAccess.Anyone
                    || access instanceof HandlerAccess.Roles roles && roles.roles().contains(role);
        }
    }

    /** A key as the matrix presents it: its header value, and the role it authenticates as (null: none). */
    record Key(String name, String bearer, Role role) {
    }

    /**
     * How a path is written: plain, or a spelling the API refuses with 400. The names show them on
     * {@code /v1/}; an {@code /actuator/} path gets the same with its own first segment.
     */
    record Spelling(String name, boolean plain) {
        String write(String path) {
            String first = path.substring(1, path.indexOf('/', 1));
            String rest = path.substring(first.length() + 2);
            return switch (name) {
                case "plain" -> path;
                case "%76" -> "/" + encoded(first.charAt(0)) + first.substring(1) + "/" + rest;
                case "%31" -> "/" + first.charAt(0) + encoded(first.charAt(1)) + first.substring(2) + "/" + rest;
                case "%76%31" -> "/" + encoded(first.charAt(0)) + encoded(first.charAt(1)) + first.substring(2) + "/"
                        + rest;
                case ";x=1" -> "/" + first + ";x=1/" + rest;
                case "%2F" -> "/" + first + "%2F" + rest;
                case ".." -> "/" + first + "/x/../" + rest;
                case "%2e%2e" -> "/" + first + "/x/%2e%2e/" + rest;
                case "//" -> "/" + first + "//" + rest;
                default -> throw new IllegalArgumentException(name);
            };
        }

        private static String encoded(char c) {
            return "%" + Integer.toHexString(c);
        }
    }

    static final List<Spelling> SPELLINGS = List.of(new Spelling("plain", true), new Spelling("%76", false),
            new Spelling("%31", false), new Spelling("%76%31", false), new Spelling(";x=1", false),
            new Spelling("%2F", false), new Spelling("..", false), new Spelling("%2e%2e", false),
            new Spelling("//", false));

    record Outcome(int status, String contentType, String body) {
    }

    /** Every API route: each of the application's handlers but the console's pages. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            if (!handler.getBeanType().getName().startsWith("dev.creditdesk.")
                    || HandlerAccess.of(handler) instanceof HandlerAccess.SignedInConsole
                    || handler.getBeanType().getPackage().isAnnotationPresent(ConsoleSession.class)) {
                continue;
            }
            if (ErrorController.class.isAssignableFrom(handler.getBeanType())) {
                // the container's error page renders another request's failure; it must stay open
                assertThat(HandlerAccess.of(handler)).as(handler.toString()).isInstanceOf(HandlerAccess.Anyone.class);
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                assertThat(pattern.startsWith("/v1/") || pattern.startsWith("/portal/"))
                        .as("API routes live under /v1/, customer pages under /portal/ (else extend this matrix): "
                                + handler).isTrue();
                assertThat(methods).as("every API route names its HTTP methods: " + info).isNotEmpty();
                for (RequestMethod method : methods) {
                    routes.add(new Route(method.name(), pattern, HandlerAccess.of(entry.getValue())));
                }
            }
        }
        routes.addAll(actuatorRoutes());
        routes.sort((a, b) -> a.name().compareTo(b.name()));
        return routes;
    }

    /**
     * Every actuator operation the application serves (read from the actuator's own handler
     * mapping): health's are public, every other endpoint's the operator's (tenants' ActuatorAccess).
     */
    private List<Route> actuatorRoutes() {
        List<Route> routes = new ArrayList<>();
        for (ExposableWebEndpoint endpoint : actuator.getEndpoints()) {
            HandlerAccess access = endpoint.getEndpointId().equals(EndpointId.of("health")) ? new HandlerAccess.Anyone()
                    : new HandlerAccess.Roles(Set.of(Role.OPERATOR));
            for (WebOperation operation : endpoint.getOperations()) {
                routes.add(new Route(operation.getRequestPredicate().getHttpMethod().name(),
                        "/actuator/" + operation.getRequestPredicate().getPath(), access));
            }
        }
        assertThat(routes).extracting(Route::name).contains("GET /actuator/health", "GET /actuator/prometheus",
                "GET /actuator/info", "GET /actuator/metrics");
        return routes;
    }

    /**
     * The {@code /v1} routes, which keys and path spellings are tried on. The customer pages under
     * {@code /portal/} are public and check their own signed links (RefundFormIT, StatusPageIT).
     */
    private List<Route> apiRoutes() {
        return routes().stream().filter(r -> r.pattern().startsWith("/v1/") || r.pattern().startsWith("/actuator/"))
                .toList();
    }

    /** The docs' table: "METHOD path" → roles. */
    private static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> table = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/security.md"))) {
            Matcher row = DOC_ROW.matcher(line.trim());
            if (row.matches()) {
                Set<String> roles = Arrays.stream(row.group(3).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(table.put(row.group(1) + " " + row.group(2), roles)).as("listed twice: " + line).isNull();
            }
        }
        return table;
    }

    @Test
    void theDocumentedRolesAreExactlyTheHandlersDeclarations() throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Route route : routes()) {
            declared.put(route.name(), route.declared());
        }
        assertThat(declared).hasSizeGreaterThan(50);
        assertThat(documented()).as("docs/security.md, 'Who can do what'").isEqualTo(declared);
    }

    @Test
    void everyRouteAnswersEveryKeyAsItsDeclarationSaysWhateverThePathsSpelling() throws IOException {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        String revoked = issueKey(tenant.id(), "secret");
        revokeKey(tenant, revoked);
        List<Key> keys = List.of(new Key("no key", null, null),
                new Key("wrong key", "cd_secret_" + UUID.randomUUID(), null),
                new Key("revoked key", revoked, null),
                new Key("secret", tenant.secretKey(), Role.SECRET),
                new Key("support", tenant.supportKey(), Role.SUPPORT),
                new Key("admin", tenant.adminKey(), Role.ADMIN),
                new Key("operator", OPERATOR_KEY, Role.OPERATOR),
                new Key("another tenant's admin", other.adminKey(), Role.ADMIN));
        List<Route> routes = apiRoutes();
        List<String> failures = new ArrayList<>();
        int requests = 0;

        // Every refusal first: together they must leave every table as it was.
        String before = fingerprint();
        for (Route route : routes) {
            String path = placeholders(route.pattern(), tenant);
            for (Key key : keys) {
                for (Spelling spelling : SPELLINGS) {
                    boolean allowed = spelling.plain() && key.role() != null && route.admits(key.role())
                            || spelling.plain() && key.role() == null && route.access() instanceof HandlerAccess.Anyone;
                    if (allowed) {
                        continue;
                    }
                    Outcome outcome = send(route.method(), spelling.write(path), key.bearer());
                    requests++;
                    int expected = !spelling.plain() ? 400 : key.role() == null ? 401 : 403;
                    if (outcome.status() != expected || !outcome.contentType().startsWith("application/problem+json")) {
                        failures.add(route.name() + " as " + key.name() + " spelled " + spelling.name() + ": expected "
                                + expected + " problem+json, got " + outcome.status() + " " + outcome.contentType()
                                + " " + outcome.body());
                    }
                }
            }
        }
        assertThat(fingerprint()).as("tables after the refused requests").isEqualTo(before);

        // Then every allowed one: anything but 401/403 (placeholder ids make most of them 404 or 400), never a 5xx.
        for (Route route : routes) {
            String path = placeholders(route.pattern(), tenant);
            for (Key key : keys) {
                boolean allowed = key.role() != null ? route.admits(key.role())
                        : route.access() instanceof HandlerAccess.Anyone;
                if (!allowed) {
                    continue;
                }
                Outcome outcome = send(route.method(), path, key.bearer());
                requests++;
                if (outcome.status() == 401 || outcome.status() == 403 || outcome.status() >= 500) {
                    failures.add(route.name() + " as " + key.name() + ": expected to be let through, got "
                            + outcome.status() + " " + outcome.body());
                }
            }
        }
        System.out.printf("Access matrix: %d routes x %d keys x %d spellings = %d requests%n",
                routes.size(), keys.size(), SPELLINGS.size(), requests);
        assertThat(requests).isEqualTo(routes.size() * keys.size() * SPELLINGS.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void anotherTenantsKeyFindsNoneOfATenantsResources() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Map<String, String> ids = Map.of(
                "/v1/accounts/", account.toString(),
                "/v1/tasks/", reserve(tenant, account, 10).text("id"),
                "/v1/incidents/", api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "outage",
                        "scope", "full", "started_at", clock.instant().minusSeconds(3600).toString())).text("id"));
        int checked = 0;
        for (Route route : routes()) {
            String prefix = ids.keySet().stream().filter(route.pattern()::startsWith).findFirst().orElse(null);
            if (!route.method().equals("GET") || prefix == null || !route.pattern().startsWith(prefix + "{id}")
                    || VARIABLE.matcher(route.pattern()).results().count() != 1) {
                continue;
            }
            String path = route.pattern().replace("{id}", ids.get(prefix));
            assertThat(send("GET", path, tenant.adminKey()).status()).as(route.name()).isEqualTo(200);
            for (String stranger : List.of(other.adminKey(), other.secretKey(), other.supportKey())) {
                Outcome outcome = send("GET", path, stranger);
                assertThat(outcome.status()).as(route.name() + " with another tenant's key: " + outcome).isEqualTo(404);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    private void revokeKey(TestTenant tenant, String key) {
        String id = null;
        for (var listed : api.get("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY).body().get("data")) {
            if (listed.get("prefix").asString().equals(key.substring(0, 16))) {
                id = listed.get("id").asString();
            }
        }
        assertThat(api.post("/v1/tenants/" + tenant.id() + "/keys/" + id + "/revoke", OPERATOR_KEY, null).status())
                .isEqualTo(200);
    }

    /**
     * Path variables filled in: the tenant's own id for the operator's tenant routes (so another
     * tenant's key is tried on a real tenant), fresh ids everywhere else.
     */
    private static String placeholders(String pattern, TestTenant tenant) {
        pattern = pattern.replace("{*path}", "liveness");
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String value = pattern.startsWith("/v1/tenants/") && variable.group(1).equals("id")
                    ? tenant.id().toString() : UUID.randomUUID().toString();
            variable.appendReplacement(path, value);
        }
        variable.appendTail(path);
        return path.toString();
    }

    /**
     * Every table's content, hashed; idempotency keys are swept by a timer, and refusals store none
     * anyway. Rate-limit buckets and sign-in failures count refused requests: that is their job.
     */
    private String fingerprint() {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE'
                          and table_name not in ('idempotency_keys', 'flyway_schema_history',
                                                 'rate_limit_buckets', 'sign_in_failures')
                        order by table_name""")
                .query(String.class).list();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String table : tables) {
            hashes.put(table, jdbc.sql("select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from \""
                    + table + "\" t").query(String.class).single());
        }
        return hashes.toString();
    }

    private Outcome send(String method, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
