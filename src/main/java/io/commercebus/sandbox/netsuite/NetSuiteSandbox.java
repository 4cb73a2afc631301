package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.netsuite.TbaSigner;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NetSuite account for the sandbox and the tests: REST record API v1 (customer, salesOrder,
 * cashSale, items; create, upsert by external id, get), SuiteQL, governanceLimits, and TBA signature
 * checks. Like NetSuite it enforces the account's concurrency limit (429 CONCURRENCY_LIMIT_EXCEEDED
 * beyond it) and counts each such rejection, adds latency, and injects faults on demand.
 *
 * <p>Beside the NetSuite API it answers {@code /sandbox/...} for operators and tests: stats, faults,
 * and records (e.g. create the missing item before replaying an UNKNOWN_SKU order).
 */
public class NetSuiteSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetSuiteSandbox.class);
    private static final Pattern RECORD_PATH = Pattern.compile("/services/rest/record/v1/([A-Za-z]+)(?:/([^/?]+))?");
    private static final Pattern OAUTH_PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Set<String> RECORD_TYPES = new HashSet<>();

    static {
        RECORD_TYPES.add("customer");
        RECORD_TYPES.addAll(RecordStore.TRANSACTION_TYPES);
        RECORD_TYPES.addAll(RecordStore.ITEM_TYPES);
    }

    /** How the simulated account is set up. */
    public record Config(String host, int port, String accountId, String consumerKey, String consumerSecret,
                         String tokenId, String tokenSecret, int concurrencyLimit, Duration latency,
                         Duration hangTime, java.nio.file.Path stateFile) {
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final RecordStore store = new RecordStore();
    private final SuiteQl suiteQl = new SuiteQl(store);
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong concurrencyRejections = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writesByExternalId = new ConcurrentHashMap<>();
    private volatile int concurrencyLimit;
    private volatile Duration latency;
    private Vertx vertx;
    private HttpServer server;

    public NetSuiteSandbox(Config config) {
        this.config = config;
        this.concurrencyLimit = config.concurrencyLimit();
        this.latency = config.latency();
    }

    public NetSuiteSandbox start() {
        restoreState();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(10 * 1024 * 1024));
        router.route("/sandbox/*").handler(this::control);
        router.route("/services/rest/*").handler(this::netsuite);
        server = await(vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()));
        LOG.info("NetSuite sandbox (account {}) at {} — concurrency limit {}, latency {} ms", config.accountId(),
                baseUrl(), concurrencyLimit, latency.toMillis());
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        if (vertx != null) {
            await(vertx.close());
            vertx = null;
        }
        saveState();
    }

    // ---------------------------------------------------------------- test and operator controls

    public void addFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public void setConcurrencyLimit(int limit) {
        this.concurrencyLimit = limit;
    }

    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    /** Creates an item directly (as a user would in the NetSuite UI); returns its internal id. */
    public String createItem(String recordType, String itemId, String displayName) {
        ObjectNode body = json.createObjectNode();
        body.put("itemId", itemId);
        body.put("displayName", displayName);
        return store.create(recordType, body);
    }

    public List<ObjectNode> records(String recordType) {
        return store.all(recordType);
    }

    public ObjectNode record(String recordType, String id) {
        return store.get(recordType, id);
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", requests.get());
        stats.put("inFlight", inFlight.get());
        stats.put("maxInFlight", maxInFlight.get());
        stats.put("concurrencyLimit", concurrencyLimit);
        stats.put("concurrencyRejections", concurrencyRejections.get());
        stats.put("faultsInjected", faultsInjected.get());
        stats.put("authFailures", authFailures.get());
        Map<String, Long> ops = new LinkedHashMap<>();
        operations.forEach((k, v) -> ops.put(k, v.get()));
        stats.put("operations", ops);
        return stats;
    }

    /** Requests refused because more than the limit were in flight: the governor's failures. */
    public long concurrencyRejections() {
        return concurrencyRejections.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public long operationCount(String operation) {
        AtomicLong n = operations.get(operation);
        return n == null ? 0 : n.get();
    }

    /** How many upserts NetSuite received for one record (a retry after a lost answer counts too). */
    public long writes(String recordType, String externalId) {
        AtomicLong n = writesByExternalId.get(recordType + "/" + externalId);
        return n == null ? 0 : n.get();
    }

    /** The record with this external id, or null. */
    public ObjectNode recordByExternalId(String recordType, String externalId) {
        return store.get(recordType, "eid:" + externalId);
    }

    public void resetStats() {
        requests.set(0);
        maxInFlight.set(inFlight.get());
        concurrencyRejections.set(0);
        faultsInjected.set(0);
        authFailures.set(0);
        operations.clear();
        writesByExternalId.clear();
    }

    /** Empties the account and seeds the demo items again. */
    public void reset() {
        store.clear();
        seed();
        resetStats();
        clearFaults();
    }

    // ---------------------------------------------------------------- the NetSuite API

    private void netsuite(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        requests.incrementAndGet();
        if (!authenticated(request)) {
            authFailures.incrementAndGet();
            ctx.response().putHeader("WWW-Authenticate", "OAuth realm=\"" + config.accountId()
                    + "\", error=\"token_rejected\", error_description=\"Invalid login attempt.\"");
            error(ctx.response(), NetSuiteErrors.invalidLogin());
            return;
        }
        int now = inFlight.incrementAndGet();
        if (now > concurrencyLimit) {
            inFlight.decrementAndGet();
            concurrencyRejections.incrementAndGet();
            error(ctx.response(), NetSuiteErrors.concurrencyLimitExceeded());
            return;
        }
        maxInFlight.accumulateAndGet(now, Math::max);
        Fault fault = strikingFault(request.method().name(), request.path());
        long delay = Math.max(1, latency.toMillis());
        vertx.setTimer(delay, t -> {
            if (fault != null && fault.kind() == Fault.Kind.TIMEOUT) {
                if (fault.afterWrite()) {
                    respond(ctx, true);
                }
                // NetSuite keeps working on it (and counting it) while the client has given up
                vertx.setTimer(config.hangTime().toMillis(), h -> {
                    inFlight.decrementAndGet();
                    request.connection().close();
                });
                return;
            }
            try {
                if (fault != null) {
                    injected(ctx.response(), fault);
                } else {
                    respond(ctx, false);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Handles the request; {@code silently} applies it without answering (a lost response). */
    private void respond(RoutingContext ctx, boolean silently) {
        HttpServerResponse response = silently ? null : ctx.response();
        HttpServerRequest request = ctx.request();
        String path = request.path();
        try {
            if (path.equals("/services/rest/system/v1/governanceLimits") && request.method().name().equals("GET")) {
                count("governanceLimits");
                Map<String, Object> limits = new LinkedHashMap<>();
                limits.put("accountConcurrencyLimit", concurrencyLimit);
                limits.put("accountUnallocatedConcurrencyLimit", concurrencyLimit);
                limits.put("integrationLimitType", "accountLimit");
                ok(response, 200, "singular", limits);
            } else if (path.equals("/services/rest/query/v1/suiteql") && request.method().name().equals("POST")) {
                suiteql(ctx, response);
            } else {
                Matcher m = RECORD_PATH.matcher(path);
                if (!m.matches()) {
                    error(response, NetSuiteErrors.body(404, "Not Found", "INVALID_URL", "The requested URL "
                            + path + " does not exist.", null));
                    return;
                }
                record(ctx, response, m.group(1), m.group(2));
            }
        } catch (RecordStore.Rejection r) {
            error(response, NetSuiteErrors.body(r.status, r.status == 404 ? "Not Found" : "Bad Request", r.code,
                    r.getMessage(), r.path));
        } catch (SuiteQl.InvalidQuery q) {
            error(response, NetSuiteErrors.body(400, "Invalid search query.", "USER_ERROR", q.getMessage(), null));
        } catch (IOException | RuntimeException e) {
            LOG.warn("NetSuite sandbox could not handle {} {}", request.method(), path, e);
            error(response, NetSuiteErrors.badRequest("INVALID_CONTENT", "Invalid content in the request body: "
                    + e.getMessage(), null));
        }
    }

    private void record(RoutingContext ctx, HttpServerResponse response, String type, String id) throws IOException {
        if (!RECORD_TYPES.contains(type)) {
            error(response, NetSuiteErrors.body(404, "Not Found", "NONEXISTENT_ID", "Record type '" + type
                    + "' does not exist.", null));
            return;
        }
        String method = ctx.request().method().name();
        Set<String> replace = replaceParameter(ctx.request().getParam("replace"));
        switch (method) {
            case "GET" -> {
                if (id == null) {
                    error(response, NetSuiteErrors.badRequest("INVALID_URL", "Listing is not simulated; use SuiteQL.", null));
                    return;
                }
                count("get " + type);
                ObjectNode record = store.get(type, id);
                if (record == null) {
                    error(response, NetSuiteErrors.notFound());
                    return;
                }
                ok(response, 200, "singular", withLinks(ctx, type, record));
            }
            case "POST" -> {
                if (id != null) {
                    error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD",
                            "POST is not allowed on a record instance.", null));
                    return;
                }
                count("create " + type);
                String newId = store.create(type, body(ctx));
                created(ctx, response, type, newId);
            }
            case "PUT" -> {
                if (id == null || !id.startsWith("eid:")) {
                    error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD",
                            "PUT (upsert) needs an external id in the URL: /record/v1/" + type + "/eid:<id>.", null));
                    return;
                }
                count("upsert " + type);
                String externalId = TbaSigner.decode(id.substring(4));
                writesByExternalId.computeIfAbsent(type + "/" + externalId, k -> new AtomicLong()).incrementAndGet();
                Map.Entry<String, Boolean> result = store.upsert(type, externalId, body(ctx), replace);
                if (result.getValue()) {
                    count("upsert-created " + type);
                }
                created(ctx, response, type, result.getKey());
            }
            case "PATCH" -> {
                count("patch " + type);
                store.patch(type, id, body(ctx), replace);
                created(ctx, response, type, store.get(type, id).path("id").asText());
            }
            default -> error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD",
                    method + " is not supported.", null));
        }
    }

    private void suiteql(RoutingContext ctx, HttpServerResponse response) throws IOException {
        count("suiteql");
        if (!"transient".equals(ctx.request().getHeader("Prefer"))) {
            error(response, NetSuiteErrors.badRequest("INVALID_HEADER", "SuiteQL requests need the header 'Prefer: transient'.", null));
            return;
        }
        JsonNode body = json.readTree(ctx.body().asString());
        String q = body.path("q").asText(null);
        if (q == null) {
            error(response, NetSuiteErrors.badRequest("INVALID_CONTENT", "The request body needs the query in 'q'.", null));
            return;
        }
        int limit = intParam(ctx, "limit", 1000);
        int offset = intParam(ctx, "offset", 0);
        if (limit < 1 || limit > 1000 || offset % limit != 0) {
            error(response, NetSuiteErrors.badRequest("INVALID_PARAMETER", "limit must be 1..1000 and offset a multiple of it.", null));
            return;
        }
        List<Map<String, String>> rows = suiteQl.execute(q);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(rows.size(), offset + limit); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("links", List.of());
            row.putAll(rows.get(i));
            page.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("links", List.of(Map.of("rel", "self", "href", baseUrl(ctx) + ctx.request().uri())));
        result.put("count", page.size());
        result.put("hasMore", offset + limit < rows.size());
        result.put("items", page);
        result.put("offset", offset);
        result.put("totalResults", rows.size());
        ok(response, 200, "collection", result);
    }

    // ---------------------------------------------------------------- TBA

    private boolean authenticated(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("OAuth ")) {
            return false;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = OAUTH_PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1), TbaSigner.decode(m.group(2)));
        }
        String realm = params.remove("realm");
        String signature = params.remove("oauth_signature");
        if (!config.accountId().equals(realm) || signature == null
                || !config.consumerKey().equals(params.get("oauth_consumer_key"))
                || !config.tokenId().equals(params.get("oauth_token"))
                || !"HMAC-SHA256".equals(params.get("oauth_signature_method"))) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(params.getOrDefault("oauth_timestamp", ""));
        } catch (NumberFormatException e) {
            return false;
        }
        Instant now = Instant.now();
        if (Math.abs(now.getEpochSecond() - timestamp) > 300) {
            return false;
        }
        URI uri = URI.create(baseUrl(request) + request.uri());
        String expected = TbaSigner.sign("HmacSHA256", TbaSigner.baseString(request.method().name(), uri, params),
                config.consumerSecret(), config.tokenSecret());
        if (!expected.equals(signature)) {
            return false;
        }
        // a nonce is good once: a replayed request is refused
        if (seenNonces.putIfAbsent(params.get("oauth_nonce") + ":" + timestamp, now) != null) {
            return false;
        }
        if (seenNonces.size() > 100_000) {
            seenNonces.entrySet().removeIf(e -> e.getValue().isBefore(now.minusSeconds(600)));
        }
        return true;
    }

    // ---------------------------------------------------------------- faults

    private Fault strikingFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.matches(method, path) && fault.strikes()) {
                faultsInjected.incrementAndGet();
                if (fault.exhausted()) {
                    faults.remove(fault);
                }
                return fault;
            }
        }
        return null;
    }

    private void injected(HttpServerResponse response, Fault fault) {
        switch (fault.kind()) {
            case THROTTLE -> error(response, NetSuiteErrors.concurrencyLimitExceeded());
            case SERVER_ERROR -> error(response, NetSuiteErrors.body(500, "Internal Server Error", "UNEXPECTED_ERROR",
                    "An unexpected error occurred. Error ID: " + Long.toHexString(System.nanoTime()), null));
            case UNAVAILABLE -> error(response, NetSuiteErrors.body(503, "Service Unavailable", "SERVICE_UNAVAILABLE",
                    "The service is temporarily unavailable. Try again later.", null));
            case RECORD_LOCKED -> error(response, NetSuiteErrors.badRequest("RCRD_HAS_BEEN_CHANGED",
                    "Record has been changed", null));
            case INVALID_FIELD -> error(response, NetSuiteErrors.badRequest("INVALID_CONTENT", "Error while accessing a"
                    + " resource. You have entered an Invalid Field Value 1 for the following field: location", "location"));
            case TIMEOUT -> throw new IllegalStateException("timeouts are handled before");
        }
    }

    // ---------------------------------------------------------------- /sandbox control API

    private void control(RoutingContext ctx) {
        String path = ctx.request().path();
        String method = ctx.request().method().name();
        try {
            if (path.equals("/sandbox/stats")) {
                ok(ctx.response(), 200, "singular", stats());
            } else if (path.equals("/sandbox/faults") && method.equals("POST")) {
                JsonNode f = json.readTree(ctx.body().asString());
                Fault.Kind kind = Fault.Kind.valueOf(f.path("kind").asText());
                Fault fault = f.has("count") ? Fault.next(kind, f.get("count").asInt()) : Fault.rate(kind, f.path("rate").asDouble());
                fault = fault.on(f.path("method").asText(null), f.path("path").asText(null));
                addFault(f.path("afterWrite").asBoolean(false) ? fault.afterTheWrite() : fault);
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/faults") && method.equals("DELETE")) {
                clearFaults();
                ctx.response().setStatusCode(204).end();
            } else if (path.startsWith("/sandbox/records/")) {
                String type = path.substring("/sandbox/records/".length());
                if (method.equals("POST")) {
                    String id = store.create(type, body(ctx));
                    ok(ctx.response(), 201, "singular", Map.of("id", id));
                } else {
                    ok(ctx.response(), 200, "collection", Map.of("items", store.all(type)));
                }
            } else {
                ctx.response().setStatusCode(404).end();
            }
        } catch (RecordStore.Rejection r) {
            error(ctx.response(), NetSuiteErrors.body(r.status, "Bad Request", r.code, r.getMessage(), r.path));
        } catch (IOException | IllegalArgumentException e) {
            error(ctx.response(), NetSuiteErrors.badRequest("INVALID_CONTENT", e.getMessage(), null));
        }
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode body(RoutingContext ctx) throws IOException {
        String text = ctx.body().asString();
        JsonNode node = json.readTree(text == null || text.isBlank() ? "{}" : text);
        if (!node.isObject()) {
            throw new IOException("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private ObjectNode withLinks(RoutingContext ctx, String type, ObjectNode record) {
        ObjectNode out = json.createObjectNode();
        out.putArray("links").addObject().put("rel", "self")
                .put("href", baseUrl(ctx) + "/services/rest/record/v1/" + type + "/" + record.path("id").asText());
        out.setAll(record);
        return out;
    }

    private void created(RoutingContext ctx, HttpServerResponse response, String type, String id) {
        if (response == null) {
            return;
        }
        response.setStatusCode(204)
                .putHeader("Location", baseUrl(ctx) + "/services/rest/record/v1/" + type + "/" + id)
                .end();
    }

    private void ok(HttpServerResponse response, int status, String kind, Object body) {
        if (response == null) {
            return;
        }
        try {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/vnd.oracle.resource+json; type=" + kind)
                    .end(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void error(HttpServerResponse response, Map<String, Object> body) {
        if (response == null) {
            return;
        }
        try {
            response.setStatusCode((Integer) body.get("status"))
                    .putHeader("Content-Type", "application/vnd.oracle.resource+json; type=error")
                    .end(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(String operation) {
        operations.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    private static Set<String> replaceParameter(String value) {
        return value == null ? Set.of() : new HashSet<>(Arrays.asList(value.split(",")));
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String value = ctx.request().getParam(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String baseUrl(RoutingContext ctx) {
        return baseUrl(ctx.request());
    }

    private static String baseUrl(HttpServerRequest request) {
        return "http://" + request.authority().host() + (request.authority().port() > 0 ? ":" + request.authority().port() : "");
    }

    // ---------------------------------------------------------------- state

    private void seed() {
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            createItem("inventoryItem", product.sku(), product.name());
        }
        for (SandboxCatalog.SpecialItem item : SandboxCatalog.SPECIAL_ITEMS) {
            createItem(item.recordType(), item.itemId(), item.displayName());
        }
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "NetSuite").ifPresentOrElse(state -> {
            store.restore(state);
            LOG.info("NetSuite sandbox restored its records from {}", config.stateFile());
        }, this::seed);
    }

    private void saveState() {
        SandboxState.write(config.stateFile(), store.snapshot(), "NetSuite");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        return SandboxState.await(future, "NetSuite");
    }
}
