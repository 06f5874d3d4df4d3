package dev.creditdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes every write operation that {@code /v3/api-docs} lists with malformed input: bodies built
 * from the schemas and then broken (wrong types, nulls, huge text, NUL characters, deep nesting,
 * extreme numbers, unknown fields, empty or non-JSON bodies), wrong content types and malformed
 * path ids, sent with a fresh tenant's real keys and real ids so handlers run deep. Asserts that
 * no answer is a 5xx and that no rejected (4xx) request changed any table: after every request
 * the tenant's rows in each table (an md5 over them) and every table's row count are compared
 * with those before it.
 *
 * <p>A fixed seed and {@value #DEFAULT_REQUESTS} requests in the normal build; more with
 * {@code ./mvnw test -Dtest=ApiFuzzIT -Dcreditdesk.fuzz.requests=10000 [-Dcreditdesk.fuzz.seed=…]}.
 * A failure prints the seed, the request number and the request, so it can be replayed.
 */
class ApiFuzzIT extends IntegrationTest {

    /** The requests here are wrong on purpose; their answers are still held to the document. */
    @BeforeEach
    void sendWrongRequests() {
        api = api.unvalidatedRequest();
    }

    static final int DEFAULT_REQUESTS = 2_500;
    private static final long SEED = Long.getLong("creditdesk.fuzz.seed", 20_261_203L);
    private static final int REQUESTS = Integer.getInteger("creditdesk.fuzz.requests", DEFAULT_REQUESTS);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String WEBHOOK_SECRET = "whsec_fuzz";
    /**
     * Tables that legitimately change on a refused request: Flyway's history (never, but not ours)
     * and rate-limit buckets, which count every request, refused ones included.
     */
    private static final Set<String> UNCOMPARED = Set.of("flyway_schema_history", "rate_limit_buckets");

    @Autowired
    JdbcClient jdbc;

    record Operation(String method, String path, JsonNode operation) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Request(String method, String target, String key, Map<String, String> headers, byte[] body) {
        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "…" : target) + "\n  headers "
                    + headers + "\n  key " + key + "\n  body (" + body.length + " bytes) "
                    + (text.length() > 1_500 ? text.substring(0, 1_500) + "…" : text);
        }
    }

    record Answer(int status, String head, String body) {
    }

    /** The fresh tenant and the real ids the fuzzer puts in paths and bodies. */
    private TestTenant tenant;
    private final Map<String, List<String>> ids = new HashMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private JsonNode schemas;
    private final Set<String> fieldNames = new LinkedHashSet<>();

    @Test
    void noWriteOperationAnswers5xxAndRejectedRequestsChangeNothing() {
        JsonNode docs = api.get("/v3/api-docs", null).body();
        schemas = docs.path("components").path("schemas");
        schemas.properties().forEach(schema -> schema.getValue().path("properties").properties()
                .forEach(property -> fieldNames.add(snakeCase(property.getKey()))));
        List<Operation> operations = writeOperations(docs);
        assertThat(operations).as("write operations in /v3/api-docs").hasSizeGreaterThan(30);
        setUp();

        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perOperation = new TreeMap<>();
        Map<String, String> before = snapshot();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        long comparing = 0;
        for (int n = 0; n < REQUESTS; n++) {
            Operation operation = operations.get(n % operations.size());
            Request request = generate(operation, random);
            Answer answer = send(request);
            statuses.merge(answer.status(), 1, Integer::sum);
            perOperation.merge(operation.toString(), 1, Integer::sum);
            if (answer.status() >= 500 || answer.status() < 100) {
                failures.add("seed " + SEED + ", request " + n + " of " + operation + " answered " + answer.status()
                        + "\n" + request.describe() + "\n  answer " + answer.head() + "\n" + answer.body());
            }
            long snapshotStarted = System.nanoTime();
            Map<String, String> after = snapshot();
            comparing += System.nanoTime() - snapshotStarted;
            if (answer.status() >= 400 && !after.equals(before)) {
                failures.add("seed " + SEED + ", request " + n + " of " + operation + " was refused with "
                        + answer.status() + " but changed " + changed(before, after) + "\n" + request.describe()
                        + "\n  answer " + answer.body());
            }
            before = after;
            if (failures.size() >= 10) {
                break;
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failure(s), the first ten requests that failed:\n\n" + String.join("\n\n", failures));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("ApiFuzzIT: seed %d, %d requests over %d write operations in %d s (%d s of it comparing "
                        + "tables); statuses %s; 0 x 5xx%n",
                SEED, REQUESTS, operations.size(), took.toSeconds(), Duration.ofNanos(comparing).toSeconds(), statuses);
        assertThat(perOperation.keySet()).as("every write operation was fuzzed")
                .containsAll(operations.stream().map(Operation::toString).toList());
    }

    private static List<Operation> writeOperations(JsonNode docs) {
        List<Operation> operations = new ArrayList<>();
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (Set.of("post", "put", "patch", "delete").contains(method.getKey())) {
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
            }
        }));
        operations.sort((a, b) -> a.toString().compareTo(b.toString()));
        return operations;
    }

    // ---------------------------------------------------------------- the tenant and its real ids

    private void setUp() {
        tenant = newTenant("case-review", Map.of());
        keys.put("secret", tenant.secretKey());
        keys.put("support", tenant.supportKey());
        keys.put("admin", tenant.adminKey());
        keys.put("operator", OPERATOR_KEY);
        keys.put("invalid", "cd_secret_not-a-real-key");
        remember("tenants", tenant.id().toString());
        Api.Response spareKey = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "support"));
        remember("keys", spareKey.text("id"));

        UUID account = newAccount(tenant);
        remember("accounts", account.toString());
        grant(tenant, account, 1_000_000);
        for (int i = 0; i < 4; i++) {
            remember("tasks", reserve(tenant, account, 10).text("id"));
        }
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "F-1", "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "pi_F1")));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        remember("orders", order.text("id"));
        remember("order_numbers", "F-1");

        optional("refund-requests", api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "F-1",
                "purchase_date", purchasedAt.atZone(NEW_YORK).toLocalDate().toString(),
                "category", "billing_error", "reason", "charged twice")));
        optional("refunds", api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", order.text("id"),
                "amount", "1.00", "reason", "goodwill")));
        optional(null, api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "fuzz-plan", "kind", "plan",
                "name", "Plan", "currency", "USD", "price", "9.90", "credits", 100)));
        optional(null, api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "fuzz-pack", "kind", "package",
                "name", "Pack", "currency", "USD", "price", "19.90", "credits", 200)));
        remember("products", "fuzz-plan");
        remember("products", "fuzz-pack");
        optional("subscriptions", api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "fuzz-plan")));
        optional("incidents", api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "API down", "scope", "full",
                "started_at", clock.instant().minus(Duration.ofHours(3)).toString())));
        optional("disputes", api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", order.text("id"),
                "reason", "fraudulent")));
        optional("suspensions", api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "generate", "reason", "abuse")));
        optional(null, api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_webhook_secret", WEBHOOK_SECRET)));
        for (JsonNode template : api.get("/v1/email-templates", tenant.adminKey()).body().get("data")) {
            remember("email-templates", template.path("template").asString());
        }
        remember("policies", "case-review");
        remember("policies", "tiered-usage");
    }

    private void optional(String kind, Api.Response created) {
        if (created.status() >= 300) {
            System.out.println("ApiFuzzIT: set-up request refused (the fuzzer uses random ids instead): " + created);
        } else if (kind != null) {
            remember(kind, created.text("id"));
        }
    }

    private void remember(String kind, String id) {
        if (id != null) {
            ids.computeIfAbsent(kind, k -> new ArrayList<>()).add(id);
        }
    }

    // ---------------------------------------------------------------- snapshots

    private String snapshotSql;

    /** Per table: its row count, and an md5 over the tenant's rows. */
    private Map<String, String> snapshot() {
        if (snapshotSql == null) {
            List<String> tables = jdbc.sql("""
                            select table_name from information_schema.tables
                            where table_schema = 'public' and table_type = 'BASE TABLE'
                            order by table_name""")
                    .query(String.class).list()
                    .stream().filter(table -> !UNCOMPARED.contains(table)).toList();
            Set<String> tenantTables = new LinkedHashSet<>(jdbc.sql("""
                            select table_name from information_schema.columns
                            where table_schema = 'public' and column_name = 'tenant_id'""")
                    .query(String.class).list());
            List<String> parts = new ArrayList<>();
            for (String table : tables) {
                String mine = table.equals("tenants") ? "x.id = :tenant"
                        : tenantTables.contains(table) ? "x.tenant_id = :tenant" : null;
                parts.add("select '" + table + "' as t, (select count(*) from " + table + ")::text || ' '"
                        + (mine == null ? "" : " || (select coalesce(md5(string_agg(x::text, '|' order by x::text)), '-') from "
                        + table + " x where " + mine + ")"));
            }
            snapshotSql = String.join(" union all ", parts);
        }
        Map<String, String> snapshot = new TreeMap<>();
        jdbc.sql(snapshotSql).param("tenant", tenant.id())
                .query((rs, n) -> snapshot.put(rs.getString(1), rs.getString(2))).list();
        return snapshot;
    }

    private static Map<String, String> changed(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new TreeMap<>();
        after.forEach((table, value) -> {
            if (!value.equals(before.get(table))) {
                changed.put(table, before.get(table) + " -> " + value);
            }
        });
        return changed;
    }

    // ---------------------------------------------------------------- requests

    private Request generate(Operation operation, Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        String key = pickKey(operation, random);
        String path = fillPath(operation.path(), random);
        String query = query(operation, random);
        JsonNode schema = bodySchema(operation);
        byte[] body;
        String contentType = "application/json";
        int mutation = random.nextInt(20);
        if (operation.path().endsWith("/evidence")) {
            contentType = pick(random, "image/png", "image/jpeg", "image/webp", "application/pdf", "text/plain",
                    "text/plain; charset=latin1", "text/html", "*/*");
            body = evidence(random);
        } else if (mutation < 7) {
            body = bytes(broken(valid(schema, random, 0), random));
        } else if (mutation < 10) {
            body = bytes(valid(schema, random, 0));
        } else {
            body = switch (mutation) {
                case 10 -> new byte[0];
                case 11 -> bytes(pick(random, "null", "[]", "\"text\"", "42", "true", "{}", "[{}]"));
                case 12 -> bytes(pick(random, "{", "{\"a\":", "not json", "<xml/>", "{'single': 1}",
                        "{\"a\":1} trailing", "{\"a\":\"\u0000raw\"}", "\u0000", "{\"a\":01}", "{\"a\":NaN}",
                        "{\"a\":.5}", "{\"a\":1e99999999999}", "\"\\ud800\""));
                case 13 -> deep(random);
                case 14 -> huge(random);
                case 15 -> extremeNumbers(schema, random);
                case 16 -> randomBytes(random);
                default -> bytes(broken(valid(schema, random, 0), random));
            };
            if (random.nextInt(3) == 0) {
                contentType = pick(random, "*/*", "multipart/form-data; boundary=x", "multipart/form-data", "text/plain",
                        "application/x-www-form-urlencoded", "application/xml", "application/*", "garbage/;;",
                        "application/json; charset=latin1", "", "image/png", "application/json;charset=utf-8");
            }
        }
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        if (random.nextInt(10) == 0) {
            headers.put("Idempotency-Key", random.nextBoolean() ? UUID.randomUUID().toString() : "k".repeat(300));
        }
        if (operation.path().startsWith("/v1/webhooks/stripe")) {
            String payload = new String(body, StandardCharsets.UTF_8);
            headers.put("Stripe-Signature", switch (random.nextInt(6)) {
                case 0 -> "t=,v1=00";
                case 1 -> "t=abc";
                case 2 -> "t=" + "9".repeat(random.nextInt(30) + 1) + ",v1=00";
                case 3 -> "garbage";
                default -> StripeEvents.signature(payload, WEBHOOK_SECRET, clock.instant());
            });
            if (random.nextBoolean()) {
                body = bytes(stripeEvent(random));
                headers.put("Stripe-Signature", StripeEvents.signature(new String(body, StandardCharsets.UTF_8),
                        WEBHOOK_SECRET, clock.instant()));
            }
        }
        return new Request(operation.method(), path + query, key, headers, body);
    }

    private String pickKey(Operation operation, Random random) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return null;
        }
        if (roll == 1) {
            return keys.get("invalid");
        }
        if (operation.path().startsWith("/v1/tenants") && roll < 14) {
            return keys.get("operator");
        }
        return keys.get(pick(random, "secret", "support", "admin", "admin"));
    }

    /** Path parameters: mostly a real id of the kind the segment before names, else a malformed one. */
    private String fillPath(String template, Random random) {
        String[] segments = template.split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            path.append('/');
            if (!segment.startsWith("{")) {
                path.append(segment);
                continue;
            }
            String kind = switch (segment) {
                case "{keyId}" -> "keys";
                case "{suspensionId}" -> "suspensions";
                case "{tenant}" -> "tenants";
                case "{template}" -> "email-templates";
                default -> segments[i - 1];
            };
            List<String> real = ids.getOrDefault(kind, List.of());
            int roll = random.nextInt(10);
            if (roll < 6 && !real.isEmpty()) {
                path.append(real.get(random.nextInt(real.size())));
            } else if (roll < 7) {
                path.append(UUID.randomUUID());
            } else {
                path.append(pick(random, "not-a-uuid", "%zz", "%00", "a%2Fb", "..", "%2e%2e", "x;y=1", "12345",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff", "%F0%9F%92%B8", "%C0%AF", "a".repeat(5_000),
                        "00000000-0000-0000-0000-000000000000", "%20", "case-review%00", "%"));
            }
        }
        return path.toString();
    }

    private String query(Operation operation, Random random) {
        List<String> parts = new ArrayList<>();
        for (JsonNode parameter : operation.operation().path("parameters")) {
            if (!"query".equals(parameter.path("in").asString()) || "caller".equals(parameter.path("name").asString())) {
                continue;
            }
            String name = parameter.path("name").asString();
            if (random.nextInt(5) == 0) {
                continue;
            }
            parts.add(name + "=" + pick(random, "screenshot", "police_report", "bank_proof", "Bad%20Kind", "%zz", "",
                    "x".repeat(300), "a%00b", "charge.png", "..%2F..%2Fetc%2Fpasswd", "%22%0D%0AX-Evil:%201",
                    "r%C3%A9sum%C3%A9.pdf"));
        }
        if (random.nextInt(15) == 0) {
            parts.add(pick(random, "=", "&&", "a=%", "a[=1", "%zz=1"));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private JsonNode bodySchema(Operation operation) {
        JsonNode content = operation.operation().path("requestBody").path("content");
        Iterator<JsonNode> types = content.values().iterator();
        return types.hasNext() ? resolve(types.next().path("schema")) : NODES.objectNode();
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    // ---------------------------------------------------------------- bodies

    /** A plausible value for a schema, by type and by the field's name, with real ids where they fit. */
    private JsonNode valid(JsonNode schema, Random random, int depth) {
        schema = resolve(schema);
        String type = schema.path("type").asString("object");
        if (depth > 4) {
            return NODES.nullNode();
        }
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(property -> {
                    if (random.nextInt(5) > 0) {
                        String name = snakeCase(property.getKey());
                        object.set(name, byName(name, property.getValue(), random, depth));
                    }
                });
                if (schema.has("additionalProperties") && !schema.has("properties")) {
                    facts(object, random);
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    array.add(valid(schema.path("items"), random, depth + 1));
                }
                return array;
            }
            case "integer":
                return NODES.numberNode(pick(random, 1L, 10L, 100L, 0L, -1L, 530L));
            case "number":
                return NODES.numberNode(new BigDecimal(pick(random, "1", "0.5", "29.90")));
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            default:
                return NODES.stringNode(pick(random, "screenshot", "approve", "reject", "refund", "USD", "text", "manual",
                        "billing_error", "secret", "admin", "support", "fraudulent", "won", "lost", "plan", "package"));
        }
    }

    private JsonNode byName(String name, JsonNode schema, Random random, int depth) {
        if (name.equals("remedies") || !"string".equals(resolve(schema).path("type").asString("object"))) {
            return valid(schema, random, depth + 1);
        }
        if (name.endsWith("_at") || name.endsWith("_by") || name.equals("due_before")) {
            return NODES.stringNode(clock.instant().minus(Duration.ofHours(random.nextInt(200) - 20)).toString());
        }
        if (name.equals("account_id")) {
            return NODES.stringNode(ids.get("accounts").get(0));
        }
        if (name.equals("order_id")) {
            return NODES.stringNode(ids.get("orders").get(0));
        }
        if (name.equals("order_number")) {
            return NODES.stringNode(random.nextBoolean() ? "F-1" : "F-" + random.nextInt(1000));
        }
        if (name.equals("task_id")) {
            return NODES.stringNode(ids.get("tasks").get(0));
        }
        if (name.equals("plan_id") || name.equals("product_id")) {
            return NODES.stringNode(pick(random, "fuzz-plan", "fuzz-pack", "nothing"));
        }
        if (name.matches("amount|net|tax|fee|total|price")) {
            return NODES.stringNode(pick(random, "1.00", "29.90", "0", "0.01", "10000000.01"));
        }
        if (name.equals("currency")) {
            return NODES.stringNode(pick(random, "USD", "EUR", "XXX", "usd"));
        }
        if (name.equals("email") || name.equals("support_email")) {
            return NODES.stringNode(pick(random, "customer@example.com", "not-an-email"));
        }
        if (name.equals("timezone")) {
            return NODES.stringNode(pick(random, "America/New_York", "Mars/Olympus"));
        }
        if (name.equals("purchase_date")) {
            return NODES.stringNode(clock.instant().atZone(NEW_YORK).toLocalDate().minusDays(random.nextInt(10)).toString());
        }
        if (name.equals("document")) {
            return NODES.stringNode("id: fuzz\nversion: 2026-01-01\nrules: []\n");
        }
        return valid(schema, random, depth + 1);
    }

    private void facts(ObjectNode object, Random random) {
        object.put("requested_at", clock.instant().toString());
        object.put("purchased_at", clock.instant().minus(Duration.ofDays(random.nextInt(30))).toString());
        ObjectNode order = object.putObject("order");
        order.put("net", "29.90");
        order.put("total", "29.90");
        order.put("currency", "USD");
        order.put("credits", 400);
        order.put("used", random.nextInt(400));
        ObjectNode request = object.putObject("request");
        request.put("category", pick(random, "change_of_mind", "billing_error", "fraud"));
        request.putArray("evidence").add("screenshot");
    }

    /** One defect put into a plausible body. */
    private JsonNode broken(JsonNode body, Random random) {
        if (!(body instanceof ObjectNode object)) {
            return body;
        }
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        String field = names.isEmpty() || random.nextInt(4) == 0
                ? new ArrayList<>(fieldNames).get(random.nextInt(fieldNames.size())) : names.get(random.nextInt(names.size()));
        JsonNode value = switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(new BigDecimal("1e400"));
            case 3 -> NODES.numberNode(new BigInteger("9".repeat(40)));
            case 4 -> NODES.booleanNode(true);
            case 5 -> NODES.arrayNode().add(NODES.nullNode());
            case 6 -> NODES.objectNode().put("nested", "x");
            case 7 -> NODES.stringNode("a\u0000b");
            case 8 -> NODES.stringNode("x".repeat(100_000));
            case 9 -> NODES.stringNode(pick(random, "+999999999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                    "-999999999-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "1970-01-01T00:00:00Z", "2026-03-02"));
            case 10 -> NODES.stringNode(pick(random, "-1", "0", "1e9", "NaN", "Infinity", "0.001", "99999999999999999999",
                    "-0", " 1.00 ", "1,00", "0x10"));
            case 11 -> NODES.numberNode(0.1);
            case 12 -> NODES.stringNode(pick(random, "", " ", "\u202e\u0007", "\ud83d\udcb8", "'; drop table accounts; --",
                    "<script>alert(1)</script>", "../../etc/passwd", "%00"));
            case 13 -> NODES.numberNode(pick(random, Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 100_000_001L));
            case 14 -> NODES.arrayNode().add(NODES.objectNode()).add(NODES.nullNode());
            default -> NODES.stringNode(UUID.randomUUID().toString());
        };
        object.set(field, value);
        if (random.nextInt(6) == 0) {
            object.put("unknown_field_" + random.nextInt(100), "x");
        }
        if (random.nextInt(8) == 0 && object.has("remedies")) {
            object.set("remedies", NODES.arrayNode().add(NODES.nullNode()));
        }
        return object;
    }

    private byte[] deep(Random random) {
        int depth = pick(random, 100, 1_000, 5_000, 100_000);
        boolean arrays = random.nextBoolean();
        StringBuilder text = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return bytes(text.toString());
    }

    private byte[] huge(Random random) {
        int length = pick(random, 200_000, 1_048_000, 1_100_000);
        return bytes("{\"" + new ArrayList<>(fieldNames).get(random.nextInt(fieldNames.size())) + "\":\""
                + "y".repeat(length) + "\"}");
    }

    private byte[] extremeNumbers(JsonNode schema, Random random) {
        StringBuilder text = new StringBuilder("{");
        Iterator<String> names = resolve(schema).path("properties").propertyNames().iterator();
        boolean first = true;
        while (names.hasNext()) {
            String name = snakeCase(names.next());
            text.append(first ? "" : ",").append('"').append(name).append("\":")
                    .append(pick(random, "1e400", "-1e400", "99999999999999999999999999", "-0", "1.5e-400",
                            "9223372036854775808", "-9223372036854775809", "1E+2147483648", "0.0000000000000000001"));
            first = false;
        }
        return bytes(text.append('}').toString());
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2_000) + 1];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] evidence(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> bytes("just text, claiming to be an image");
            case 2 -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
            case 3 -> bytes("%PDF-1.7\n%%EOF");
            case 4 -> new byte[] {'a', 0, 'b'};
            default -> randomBytes(random);
        };
    }

    private String stripeEvent(Random random) {
        ObjectNode object = NODES.objectNode();
        object.put("id", "ch_" + random.nextInt(1_000));
        object.put("payment_intent", pick(random, "pi_F1", "pi_unknown"));
        object.put("currency", pick(random, "usd", "xxx", "", "zzzz"));
        object.set("amount", pick(random, NODES.numberNode(-5), NODES.numberNode(Long.MAX_VALUE),
                NODES.stringNode("12"), NODES.numberNode(1990), NODES.numberNode(new BigDecimal("1e400"))));
        object.put("created", pick(random, 0L, -1L, Long.MAX_VALUE, clock.instant().getEpochSecond()));
        object.put("status", pick(random, "succeeded", "failed", "lost", "won", "needs_response", "weird"));
        object.putObject("metadata").put("creditdesk_refund_id", pick(random, "not-a-uuid",
                UUID.randomUUID().toString()));
        object.putObject("refunds").putArray("data").addObject().put("id", "re_1").put("status", "succeeded")
                .put("amount", 1);
        String type = pick(random, "charge.succeeded", "charge.refunded", "refund.updated", "charge.dispute.created",
                "charge.dispute.closed", "invoice.paid", "checkout.session.completed", "payment_intent.succeeded",
                "customer.subscription.deleted", "unknown.event");
        return random.nextInt(4) == 0 ? "{\"id\":\"evt_x\",\"type\":\"" + type + "\"}"
                : StripeEvents.event("evt_" + UUID.randomUUID(), type, object, clock.instant());
    }

    // ---------------------------------------------------------------- sending

    /** Raw HTTP/1.1 over a socket: the request line is sent byte for byte, malformed escapes included. */
    private Answer send(Request request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder();
            head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n")
                    .append("Content-Length: ").append(request.body().length).append("\r\n");
            if (request.key() != null) {
                head.append("Authorization: Bearer ").append(request.key()).append("\r\n");
            }
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(request.body());
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before reading a large body; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                in.transferTo(response);
            } catch (IOException e) {
                if (response.size() == 0) {
                    throw e;
                }
            }
            String text = response.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String responseHead = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = responseHead.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            return new Answer(status, responseHead.replace("\r\n", " | "), body.length() > 2_000 ? body.substring(0, 2_000) : body);
        } catch (IOException e) {
            fail("seed " + SEED + ": no answer to\n" + request.describe(), e);
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        return bytes(JSON.writeValueAsString(node));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
