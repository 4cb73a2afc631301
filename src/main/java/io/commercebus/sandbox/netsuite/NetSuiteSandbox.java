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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NetSuite account for the sandbox and the tests: REST record API v1 (customer, salesOrder,
 * cashSale, inventoryAdjustment, itemFulfillment, returnAuthorization, itemReceipt, creditMemo,
 * customerRefund, journalEntry, items and kits with their locations, price and member sublists;
 * create, upsert by external id, get, patch, transform; locations, price levels, currencies, classes,
 * accounts and shipping items to read), SuiteQL (see {@link SuiteQl}), governanceLimits, and TBA
 * signature checks. Like NetSuite it enforces
 * the account's concurrency limit (429 CONCURRENCY_LIMIT_EXCEEDED beyond it) and counts each such
 * rejection, adds latency, and injects faults on demand.
 *
 * <p>NetSuite is the master of items, stock and prices here: inventory items hold stock per location,
 * transactions move it as NetSuite does (see {@link Catalog}), and a user-event script the merchant
 * would deploy can be simulated: {@link #notifyStockChanges(URI, String)}.
 *
 * <p>After the order it fulfils Sales Orders ({@link #fulfill}, or a warehouse shipping the demo's
 * orders by itself: {@link #startShipping}), cancels them as a user would ({@link #cancelSalesOrder}),
 * and takes returns, credit memos, refunds and journal entries the way NetSuite links them
 * ({@link LinkedTransactions}).
 *
 * <p>Beside the NetSuite API it answers {@code /sandbox/...} for operators and tests: stats, faults,
 * records (e.g. create the missing item before replaying an UNKNOWN_SKU order), stock, matrix items,
 * kits, prices, bulk seeding, stock notifications, fulfilments, cancellations and the warehouse
 * (JSON; see {@link #control}).
 */
public class NetSuiteSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetSuiteSandbox.class);
    private static final Pattern RECORD_PATH = Pattern.compile(
            "/services/rest/record/v1/([A-Za-z]+)(?:/([^/?]+)(?:/([A-Za-z]+))?)?");
    private static final Pattern TRANSFORM_PATH = Pattern.compile(
            "/services/rest/record/v1/([A-Za-z]+)/([^/?]+)/!transform/([A-Za-z]+)");
    private static final Pattern OAUTH_PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    /** Record types by lower-case name: NetSuite reads the record type in a URL case-insensitively. */
    private static final Map<String, String> RECORD_TYPES = new HashMap<>();
    /** Lists the sandbox only reads. */
    private static final Set<String> LIST_TYPES = Set.of("location", "priceLevel", "currency", "classification",
            "account", "shipItem");
    /** The account's time zone (a new transaction's default date is today there). */
    private static final ZoneId COMPANY_ZONE = ZoneId.of("America/Los_Angeles");
    /** The seed of the demo stock: the same quantities on every fresh start. */
    static final long DEMO_SEED = 20_261_123L;

    static {
        List<String> types = new ArrayList<>(List.of("customer"));
        types.addAll(RecordStore.TRANSACTION_TYPES);
        types.addAll(RecordStore.ITEM_TYPES);
        types.addAll(LIST_TYPES);
        types.forEach(t -> RECORD_TYPES.put(t.toLowerCase(Locale.ROOT), t));
    }

    /** An item's stock at one location; quantities are null where the location never held it. */
    public record StockLevel(int location, String locationName, BigDecimal quantityOnHand, BigDecimal quantityCommitted,
                             BigDecimal quantityAvailable, BigDecimal quantityBackOrdered,
                             Instant lastQuantityAvailableChange) {
    }

    /** A matrix item made by {@link #createMatrixItem}: the parent and one child per combination of options. */
    public record MatrixItem(String parentId, List<MatrixChild> children) {
    }

    /** A matrix child: its internal id, item name and option values (custom field → value). */
    public record MatrixChild(String id, String itemId, Map<String, String> options) {
    }

    /** Items made by {@link #seedItems}: internal ids {@code firstId..lastId}, names {@code firstItemId..lastItemId}. */
    public record SeededItems(int firstId, int lastId, String firstItemId, String lastItemId) {
    }

    /** How the simulated account is set up. */
    public record Config(String host, int port, String accountId, String consumerKey, String consumerSecret,
                         String tokenId, String tokenSecret, int concurrencyLimit, Duration latency,
                         Duration hangTime, java.nio.file.Path stateFile) {
    }

    private final Config config;
    private final ObjectMapper json = Json.mapper();
    private final Catalog catalog = new Catalog();
    private final RecordStore store = new RecordStore(catalog, COMPANY_ZONE);
    private final SuiteQl suiteQl = new SuiteQl(name -> SuiteQlTables.table(name, store, catalog), catalog::now,
            COMPANY_ZONE, "M/d/yyyy");
    private final Warehouse warehouse = new Warehouse(store, catalog::now, this::shipped);
    private final StockNotifier notifier = new StockNotifier(Duration.ofMillis(200), Duration.ofSeconds(1));
    private final AtomicLong suiteQlRequests = new AtomicLong();
    private final AtomicLong suiteQlRows = new AtomicLong();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong concurrencyRejections = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final Map<String, AtomicLong> faultsByKind = new ConcurrentHashMap<>();
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
        catalog.onAvailabilityChange(notifier::changed);
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
        warehouse.close();
        notifier.close();
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

    // ---------------------------------------------------------------- items, stock and prices

    /** An item's stock at every location; {@code item} is its item name (itemId) or internal id. */
    public List<StockLevel> stock(String item) {
        Catalog.Item found = item(item);
        synchronized (catalog) {
            if (found.stock == null) {
                throw new IllegalArgumentException("Item " + found.itemId + " (" + found.type + ") holds no stock:"
                        + " only inventory items do");
            }
            List<StockLevel> out = new ArrayList<>();
            for (Catalog.StockRow row : found.stock) {
                out.add(level(row));
            }
            return out;
        }
    }

    /** Sets what is on hand at a location, as an inventory adjustment would; returns the new stock there. */
    public StockLevel setStock(String item, int location, BigDecimal quantityOnHand) {
        synchronized (catalog) {
            return level(catalog.setOnHand(item(item), location, quantityOnHand, false));
        }
    }

    /** Adds {@code delta} (negative: takes it away) to what is on hand at a location. */
    public StockLevel adjustStock(String item, int location, BigDecimal delta) {
        synchronized (catalog) {
            return level(catalog.setOnHand(item(item), location, delta, true));
        }
    }

    /**
     * Creates a matrix item: an inventory item with {@code matrixType} PARENT and a CHILD for every
     * combination of the option values, each child carrying its values in the option fields (custom
     * item fields such as {@code custitem_size}, text). Children are named
     * {@code <itemId>-<value>-<value>} (spaces removed).
     */
    public MatrixItem createMatrixItem(String itemId, String displayName, Map<String, List<String>> options) {
        if (options.isEmpty() || options.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("A matrix item needs at least one option with at least one value");
        }
        options.keySet().forEach(field -> {
            if (!field.startsWith("custitem")) {
                throw new IllegalArgumentException("Matrix options are custom item fields (custitem_…), not " + field);
            }
        });
        synchronized (store) {
            ObjectNode parent = json.createObjectNode();
            parent.put("itemId", itemId);
            parent.put("displayName", displayName);
            parent.putObject("matrixType").put("id", "PARENT");
            String parentId = store.create(Catalog.INVENTORY, parent);
            List<Map<String, String>> combinations = new ArrayList<>();
            combinations.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<String>> option : options.entrySet()) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> combination : combinations) {
                    for (String value : option.getValue()) {
                        Map<String, String> c = new LinkedHashMap<>(combination);
                        c.put(option.getKey(), value);
                        next.add(c);
                    }
                }
                combinations = next;
            }
            List<MatrixChild> children = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                ObjectNode child = json.createObjectNode();
                String childItemId = itemId + "-" + String.join("-", combination.values()).replace(" ", "");
                child.put("itemId", childItemId);
                child.put("displayName", displayName + " " + String.join(" ", combination.values()));
                child.putObject("matrixType").put("id", "CHILD");
                child.putObject("parent").put("id", parentId);
                combination.forEach(child::put);
                children.add(new MatrixChild(store.create(Catalog.INVENTORY, child), childItemId, combination));
            }
            return new MatrixItem(parentId, List.copyOf(children));
        }
    }

    /** Creates a kit (kitItem) of members (item name or internal id → quantity); returns its internal id. */
    public String createKit(String itemId, String displayName, Map<String, BigDecimal> members) {
        ObjectNode kit = json.createObjectNode();
        kit.put("itemId", itemId);
        kit.put("displayName", displayName);
        var lines = kit.putObject("member").putArray("items");
        members.forEach((member, quantity) -> {
            ObjectNode line = lines.addObject();
            line.putObject("item").put("id", Integer.toString(item(member).id));
            line.put("quantity", quantity);
        });
        return store.create(Catalog.KIT, kit);
    }

    /** Sets an item's price at a price level in a currency (internal ids); a null price removes it. */
    public void setPrice(String item, int priceLevel, int currency, BigDecimal price) {
        catalog.setPrice(item(item), priceLevel, currency, price);
    }

    /**
     * Adds {@code count} inventory items at once, fast and in memory (for benchmarks): names
     * {@code SEED-000001}… (a second call goes on numbering), stock on hand at the given locations, a base price in US dollars, times
     * spread over the last 30 days; the same for the same seed. No notifications.
     */
    public SeededItems seedItems(int count, List<Integer> locations, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        synchronized (store) {
            String prefix = "SEED-";
            int first = store.reserveIds(count);
            List<Catalog.Item> items = catalog.seed(first, count, prefix, locations, seed);
            return new SeededItems(first, first + count - 1, items.get(0).itemId, items.get(count - 1).itemId);
        }
    }

    /**
     * Simulates a user-event script on every record that changes stock: shortly after available
     * quantities change (200 ms after the last change, at most 1 s after the first) the sandbox POSTs
     * {@code {"type":"inventory","items":["<internal id>",...],"occurredAt":"<ISO instant>"}} to
     * {@code url} with the header {@code X-Commerce-Bus-Secret: <secret>}, retrying failures 3 times
     * and never holding up the request that changed the stock. A null url stops it.
     */
    public void notifyStockChanges(URI url, String secret) {
        notifier.target(url, secret);
    }

    // ---------------------------------------------------------------- after the order

    /**
     * Fulfils a Sales Order as a warehouse would (an item fulfillment created from it, shipStatus C
     * Shipped): {@code quantityBySku} (item name or internal id → quantity) spread over the order's
     * open lines of that item; null or empty ships everything left. One package per tracking number.
     *
     * @return the item fulfillment's internal id
     * @throws IllegalArgumentException for an unknown order or an item not on it
     * @throws RuntimeException (400 as NetSuite refuses it: more than is left, a closed order…)
     */
    public String fulfill(String salesOrderExternalId, Map<String, BigDecimal> quantityBySku, String shipMethodId,
                          List<String> trackingNumbers) {
        synchronized (store) {
            ObjectNode order = store.get("salesOrder", "eid:" + salesOrderExternalId);
            if (order == null) {
                throw new IllegalArgumentException("NetSuite has no Sales Order with external id " + salesOrderExternalId);
            }
            String orderId = order.path("id").asText();
            Map<Integer, BigDecimal> byLine = new LinkedHashMap<>();
            if (quantityBySku != null) {
                List<LinkedTransactions.OpenLine> open = store.openLines(orderId);
                quantityBySku.forEach((sku, quantity) -> {
                    Catalog.Item item = item(sku);
                    BigDecimal wanted = quantity;
                    Integer last = null;
                    for (LinkedTransactions.OpenLine line : open) {
                        if (line.item() == item.id && wanted.signum() > 0) {
                            BigDecimal take = wanted.min(line.left());
                            byLine.merge(line.line(), take, BigDecimal::add);
                            wanted = wanted.subtract(take);
                            last = line.line();
                        }
                    }
                    if (last == null) {
                        throw new IllegalArgumentException("Sales Order " + salesOrderExternalId + " has no open line of "
                                + sku + " to fulfil");
                    }
                    // more than is left: NetSuite refuses it
                    byLine.merge(last, wanted, BigDecimal::add);
                });
            }
            return shipped(orderId, byLine, shipMethodId, trackingNumbers);
        }
    }

    /** Replaces an item fulfillment's packages: one per tracking number (a later edit; lastModifiedDate moves). */
    public void setFulfillmentTracking(String fulfillmentId, List<String> trackingNumbers) {
        ObjectNode body = json.createObjectNode();
        packages(body, trackingNumbers);
        store.patch("itemFulfillment", fulfillmentId, body, Set.of("package"));
    }

    /**
     * Cancels a Sales Order as a user would in the UI (Cancel Order): status Cancelled ({@code SalesOrd:C}),
     * its lines closed, its commitments released. Only an order with nothing fulfilled can be cancelled.
     */
    public void cancelSalesOrder(String externalId) {
        store.cancelSalesOrder("eid:" + externalId);
    }

    /**
     * Starts the demo's warehouse: every {@code every} it ships the Sales Orders that have waited that
     * long, a {@code splitShare} of those with more than one unit in two shipments a period apart, with
     * a carrier and a plausible tracking number. Off until started.
     */
    public void startShipping(Duration every, double splitShare, long seed) {
        warehouse.start(every, splitShare, seed);
    }

    public void stopShipping() {
        warehouse.stop();
    }

    /** Ships quantities by order line (none: all that is left); returns the item fulfillment's internal id. */
    private String shipped(String salesOrderId, Map<Integer, BigDecimal> quantityByLine, String shipMethod,
                           List<String> trackingNumbers) {
        ObjectNode body = json.createObjectNode();
        body.putObject("createdFrom").put("id", salesOrderId);
        body.putObject("shipStatus").put("id", "C");
        if (shipMethod != null) {
            body.putObject("shipMethod").put("id", shipMethod);
        }
        if (!quantityByLine.isEmpty()) {
            var lines = body.putObject("item").putArray("items");
            quantityByLine.forEach((line, quantity) -> lines.addObject().put("orderLine", line).put("quantity", quantity));
        }
        packages(body, trackingNumbers);
        return store.create("itemFulfillment", body);
    }

    private void packages(ObjectNode body, List<String> trackingNumbers) {
        var packages = body.putObject("package").putArray("items");
        if (trackingNumbers != null) {
            trackingNumbers.forEach(number -> packages.addObject().put("packageTrackingNumber", number)
                    .put("packageWeight", BigDecimal.ONE));
        }
    }

    /** The clock the account stamps times with (tests move it to make dates). */
    public void setClock(Clock clock) {
        catalog.setClock(clock);
    }

    /** The NetSuite user's preferences SuiteQL results follow: time zone and date format (a java.time pattern). */
    public void setUserPreferences(ZoneId timeZone, String dateFormat) {
        suiteQl.setUserPreferences(timeZone, dateFormat);
    }

    public long suiteQlRequests() {
        return suiteQlRequests.get();
    }

    /** Rows SuiteQL returned, over every page of every query. */
    public long suiteQlRows() {
        return suiteQlRows.get();
    }

    private Catalog.Item item(String nameOrId) {
        Catalog.Item item = catalog.resolve(nameOrId);
        if (item == null) {
            throw new IllegalArgumentException("NetSuite has no item named or numbered " + nameOrId);
        }
        return item;
    }

    private static StockLevel level(Catalog.StockRow row) {
        return new StockLevel(row.location.id(), row.location.name(), row.onHand, row.committed, row.available(),
                row.backOrdered, row.lastChange);
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
        stats.put("faultsInjectedByKind", faultsInjectedByKind());
        stats.put("authFailures", authFailures.get());
        stats.put("suiteQlRequests", suiteQlRequests.get());
        stats.put("suiteQlRows", suiteQlRows.get());
        stats.putAll(notifier.stats());
        Map<String, Long> ops = new LinkedHashMap<>();
        operations.forEach((k, v) -> ops.put(k, v.get()));
        stats.put("operations", ops);
        return stats;
    }

    /** Requests refused because more than the limit were in flight: the governor's failures. */
    /** Faults injected per kind ({@code TIMEOUT after write} apart from {@code TIMEOUT}), since the last reset. */
    public Map<String, Long> faultsInjectedByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        faultsByKind.forEach((kind, n) -> out.put(kind, n.get()));
        return out;
    }

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
        faultsByKind.clear();
        authFailures.set(0);
        operations.clear();
        writesByExternalId.clear();
        suiteQlRequests.set(0);
        suiteQlRows.set(0);
        notifier.resetStats();
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
            // the request stops counting as the answer starts: the client may send its next one as soon as it has it
            AtomicBoolean counted = new AtomicBoolean(true);
            Runnable done = () -> {
                if (counted.compareAndSet(true, false)) {
                    inFlight.decrementAndGet();
                }
            };
            ctx.response().headersEndHandler(v -> done.run());
            try {
                if (fault != null) {
                    injected(ctx.response(), fault);
                } else {
                    respond(ctx, false);
                }
            } finally {
                done.run();
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
            } else if (TRANSFORM_PATH.matcher(path).matches()) {
                Matcher m = TRANSFORM_PATH.matcher(path);
                m.matches();
                transform(ctx, response, m.group(1), m.group(2), m.group(3));
            } else {
                Matcher m = RECORD_PATH.matcher(path);
                if (!m.matches()) {
                    error(response, NetSuiteErrors.body(404, "Not Found", "INVALID_URL", "The requested URL "
                            + path + " does not exist.", null));
                    return;
                }
                record(ctx, response, m.group(1), m.group(2), m.group(3));
            }
        } catch (RecordStore.Rejection r) {
            error(response, NetSuiteErrors.body(r.status, r.status == 404 ? "Not Found" : "Bad Request", r.code,
                    r.getMessage(), r.path));
        } catch (SuiteQl.InvalidQuery q) {
            error(response, NetSuiteErrors.body(400, "Bad Request", "INVALID_PARAMETER", "Invalid search query."
                    + " Detailed unprocessed description follows. " + q.getMessage(), null, "q"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("NetSuite sandbox could not handle {} {}", request.method(), path, e);
            error(response, NetSuiteErrors.badRequest("INVALID_CONTENT", "Invalid content in the request body: "
                    + e.getMessage(), null));
        }
    }

    private void record(RoutingContext ctx, HttpServerResponse response, String typeInUrl, String id, String sublist)
            throws IOException {
        String type = RECORD_TYPES.get(typeInUrl.toLowerCase(Locale.ROOT));
        if (type == null) {
            error(response, NetSuiteErrors.body(404, "Not Found", "NONEXISTENT_ID", "Record type '" + typeInUrl
                    + "' does not exist.", null));
            return;
        }
        String method = ctx.request().method().name();
        if (LIST_TYPES.contains(type) || sublist != null) {
            if (!method.equals("GET") || id == null) {
                error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD", method + " is not"
                        + " supported on " + ctx.request().path() + " by the sandbox.", null));
                return;
            }
            count("get " + type + (sublist == null ? "" : "." + sublist));
            ObjectNode found = LIST_TYPES.contains(type) ? ItemJson.listRecord(catalog, type, id, baseUrl(ctx))
                    : subResource(ctx, type, id, sublist);
            if (found == null) {
                error(response, NetSuiteErrors.notFound());
                return;
            }
            ok(response, 200, sublist == null ? "singular" : "collection", found);
            return;
        }
        Set<String> replace = replaceParameter(ctx.request().getParam("replace"));
        switch (method) {
            case "GET" -> {
                if (id == null) {
                    error(response, NetSuiteErrors.badRequest("INVALID_URL", "Listing is not simulated; use SuiteQL.", null));
                    return;
                }
                count("get " + type);
                if (RecordStore.ITEM_TYPES.contains(type)) {
                    Catalog.Item item = store.findItem(type, id);
                    if (item == null) {
                        error(response, NetSuiteErrors.notFound());
                        return;
                    }
                    boolean expand = "true".equalsIgnoreCase(ctx.request().getParam("expandSubResources"));
                    ok(response, 200, "singular", ItemJson.record(catalog, item, baseUrl(ctx), expand));
                    return;
                }
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
                if (id == null) {
                    error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD",
                            "PATCH needs a record instance.", null));
                    return;
                }
                count("patch " + type);
                store.patch(type, id, body(ctx), replace);
                created(ctx, response, type, store.get(type, id).path("id").asText());
            }
            default -> error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD",
                    method + " is not supported.", null));
        }
    }

    /**
     * {@code POST /record/v1/salesOrder/7/!transform/itemFulfillment}: a new record created from this
     * one, the body changing what it names; 204 with the new record's Location.
     */
    private void transform(RoutingContext ctx, HttpServerResponse response, String fromInUrl, String id, String toInUrl)
            throws IOException {
        String from = RECORD_TYPES.get(fromInUrl.toLowerCase(Locale.ROOT));
        String to = RECORD_TYPES.get(toInUrl.toLowerCase(Locale.ROOT));
        if (from == null || to == null) {
            error(response, NetSuiteErrors.body(404, "Not Found", "NONEXISTENT_ID", "Record type '"
                    + (from == null ? fromInUrl : toInUrl) + "' does not exist.", null));
            return;
        }
        if (!ctx.request().method().name().equals("POST")) {
            error(response, NetSuiteErrors.body(405, "Method Not Allowed", "INVALID_METHOD", "A transformation is a POST.",
                    null));
            return;
        }
        count("transform " + from + " to " + to);
        String newId = store.transform(from, TbaSigner.decode(id), to, body(ctx));
        created(ctx, response, to, newId);
    }

    /** A record's sublist ({@code GET /record/v1/inventoryItem/7/locations}), as a collection; null if none. */
    private ObjectNode subResource(RoutingContext ctx, String type, String id, String sublist) {
        if (RecordStore.ITEM_TYPES.contains(type)) {
            Catalog.Item item = store.findItem(type, id);
            return item == null ? null : ItemJson.sublist(catalog, item, sublist, baseUrl(ctx), true);
        }
        ObjectNode record = store.get(type, id);
        if (record == null || !record.path(sublist).has("items")) {
            return null;
        }
        ObjectNode out = json.createObjectNode();
        out.putArray("links").addObject().put("rel", "self").put("href", baseUrl(ctx) + ctx.request().path());
        var items = record.get(sublist).get("items");
        out.put("count", items.size());
        out.put("hasMore", false);
        out.set("items", items);
        out.put("offset", 0);
        out.put("totalResults", items.size());
        return out;
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
        if (limit < 1 || limit > 1000 || offset < 0 || offset % limit != 0) {
            error(response, NetSuiteErrors.badRequest("INVALID_PARAMETER", "limit must be 1..1000 and offset a multiple of it.", null));
            return;
        }
        suiteQlRequests.incrementAndGet();
        SuiteQl.Page page = suiteQl.execute(q, offset, limit);
        suiteQlRows.addAndGet(page.rows().size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, String> row : page.rows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("links", List.of());
            item.putAll(row);
            items.add(item);
        }
        int total = page.totalResults();
        String href = baseUrl(ctx) + ctx.request().path() + "?limit=" + limit + "&offset=";
        int last = total == 0 ? 0 : (total - 1) / limit * limit;
        List<Map<String, String>> links = new ArrayList<>();
        if (offset > 0) {
            links.add(Map.of("rel", "previous", "href", href + Math.max(0, offset - limit)));
        }
        links.add(Map.of("rel", "first", "href", href + 0));
        if (offset + limit < total) {
            links.add(Map.of("rel", "next", "href", href + (offset + limit)));
        }
        links.add(Map.of("rel", "last", "href", href + last));
        links.add(Map.of("rel", "self", "href", baseUrl(ctx) + ctx.request().uri()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("links", links);
        result.put("count", items.size());
        result.put("hasMore", offset + limit < total);
        result.put("items", items);
        result.put("offset", offset);
        result.put("totalResults", total);
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
                faultsByKind.computeIfAbsent(fault.kind() + (fault.afterWrite() ? " after write" : ""), k -> new AtomicLong())
                        .incrementAndGet();
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

    /**
     * The operator and test API, JSON in and out:
     * <ul>
     * <li>{@code GET /sandbox/stats}; {@code POST|DELETE /sandbox/faults}; {@code GET|POST /sandbox/records/<type>}</li>
     * <li>{@code GET /sandbox/stock/<item>}: stock per location ({@code item}: item name or internal id)</li>
     * <li>{@code POST /sandbox/stock} {@code {"item", "location", "quantityOnHand"}} sets, or with
     *     {@code "adjustBy"} adjusts, what is on hand; answers the stock per location</li>
     * <li>{@code POST /sandbox/matrix-items} {@code {"itemId", "displayName", "options": {"custitem_size": ["S","M"]}}}</li>
     * <li>{@code POST /sandbox/kits} {@code {"itemId", "displayName", "members": [{"item", "quantity"}]}}</li>
     * <li>{@code POST /sandbox/prices} {@code {"item", "priceLevel", "currency" (id or ISO code), "price"}}</li>
     * <li>{@code POST /sandbox/seed-items} {@code {"count", "locations": [1, 2, 3], "seed"}}</li>
     * <li>{@code POST /sandbox/stock-notifications} {@code {"url", "secret"}}; {@code DELETE} stops them</li>
     * <li>{@code POST /sandbox/fulfillments} {@code {"salesOrder": "<externalId>", "lines": {"SKU": 2},
     *     "shipMethod": "103", "trackingNumbers": ["1Z…"]}} answers {@code {"id"}};
     *     {@code POST /sandbox/fulfillments/<id>/tracking} {@code {"trackingNumbers": […]}}</li>
     * <li>{@code POST /sandbox/sales-orders/cancel} {@code {"externalId"}}</li>
     * <li>{@code POST /sandbox/shipping} {@code {"everySeconds", "splitShare", "seed"}}; {@code DELETE} stops it</li>
     * </ul>
     * Bad requests get 400 with NetSuite's error body.
     */
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
            } else if (path.startsWith("/sandbox/stock/") && method.equals("GET")) {
                String item = TbaSigner.decode(path.substring("/sandbox/stock/".length()));
                ok(ctx.response(), 200, "singular", stockJson(item));
            } else if (path.equals("/sandbox/stock") && method.equals("POST")) {
                JsonNode b = body(ctx);
                String item = required(b, "item").asText();
                int location = required(b, "location").asInt();
                if (b.has("adjustBy")) {
                    adjustStock(item, location, b.get("adjustBy").decimalValue());
                } else {
                    setStock(item, location, required(b, "quantityOnHand").decimalValue());
                }
                ok(ctx.response(), 200, "singular", stockJson(item));
            } else if (path.equals("/sandbox/matrix-items") && method.equals("POST")) {
                JsonNode b = body(ctx);
                Map<String, List<String>> options = new LinkedHashMap<>();
                required(b, "options").fields().forEachRemaining(o -> {
                    List<String> values = new ArrayList<>();
                    o.getValue().forEach(v -> values.add(v.asText()));
                    options.put(o.getKey(), values);
                });
                MatrixItem matrix = createMatrixItem(required(b, "itemId").asText(),
                        b.path("displayName").asText(b.get("itemId").asText()), options);
                ok(ctx.response(), 201, "singular", matrix);
            } else if (path.equals("/sandbox/kits") && method.equals("POST")) {
                JsonNode b = body(ctx);
                Map<String, BigDecimal> members = new LinkedHashMap<>();
                for (JsonNode m : required(b, "members")) {
                    members.put(required(m, "item").asText(), required(m, "quantity").decimalValue());
                }
                String id = createKit(required(b, "itemId").asText(), b.path("displayName").asText(b.get("itemId").asText()),
                        members);
                ok(ctx.response(), 201, "singular", Map.of("id", id));
            } else if (path.equals("/sandbox/prices") && method.equals("POST")) {
                JsonNode b = body(ctx);
                JsonNode currency = required(b, "currency");
                int currencyId;
                if (currency.isInt() || currency.asText().matches("\\d+")) {
                    currencyId = currency.asInt();
                } else {
                    Catalog.Currency c = catalog.currency(currency.asText());
                    if (c == null) {
                        throw new IllegalArgumentException("NetSuite has no currency " + currency.asText());
                    }
                    currencyId = c.id();
                }
                JsonNode price = required(b, "price");
                setPrice(required(b, "item").asText(), required(b, "priceLevel").asInt(), currencyId,
                        price.isNull() ? null : price.decimalValue());
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/seed-items") && method.equals("POST")) {
                JsonNode b = body(ctx);
                List<Integer> locations = new ArrayList<>();
                b.path("locations").forEach(l -> locations.add(l.asInt()));
                SeededItems seeded = seedItems(required(b, "count").asInt(), locations.isEmpty() ? List.of(1, 2, 3)
                        : locations, b.path("seed").asLong(1));
                ok(ctx.response(), 201, "singular", seeded);
            } else if (path.equals("/sandbox/stock-notifications") && method.equals("POST")) {
                JsonNode b = body(ctx);
                notifyStockChanges(URI.create(required(b, "url").asText()), b.path("secret").asText(null));
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/stock-notifications") && method.equals("DELETE")) {
                notifyStockChanges(null, null);
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/fulfillments") && method.equals("POST")) {
                JsonNode b = body(ctx);
                Map<String, BigDecimal> lines = new LinkedHashMap<>();
                b.path("lines").fields().forEachRemaining(l -> lines.put(l.getKey(), l.getValue().decimalValue()));
                String id = fulfill(required(b, "salesOrder").asText(), lines, b.path("shipMethod").asText(null),
                        texts(b.path("trackingNumbers")));
                ok(ctx.response(), 201, "singular", Map.of("id", id));
            } else if (path.startsWith("/sandbox/fulfillments/") && path.endsWith("/tracking") && method.equals("POST")) {
                String id = path.substring("/sandbox/fulfillments/".length(), path.length() - "/tracking".length());
                setFulfillmentTracking(id, texts(required(body(ctx), "trackingNumbers")));
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/sales-orders/cancel") && method.equals("POST")) {
                cancelSalesOrder(required(body(ctx), "externalId").asText());
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/shipping") && method.equals("POST")) {
                JsonNode b = body(ctx);
                startShipping(Duration.ofMillis(Math.round(b.path("everySeconds").asDouble(60) * 1000)),
                        b.path("splitShare").asDouble(0.3), b.path("seed").asLong(1));
                ctx.response().setStatusCode(204).end();
            } else if (path.equals("/sandbox/shipping") && method.equals("DELETE")) {
                stopShipping();
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.response().setStatusCode(404).end();
            }
        } catch (RecordStore.Rejection r) {
            error(ctx.response(), NetSuiteErrors.body(r.status, "Bad Request", r.code, r.getMessage(), r.path));
        } catch (IOException | IllegalArgumentException e) {
            error(ctx.response(), NetSuiteErrors.badRequest("INVALID_CONTENT", e.getMessage(), null));
        }
    }

    private Map<String, Object> stockJson(String item) {
        Catalog.Item found = item(item);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("item", Integer.toString(found.id));
        out.put("itemId", found.itemId);
        List<Map<String, Object>> locations = new ArrayList<>();
        for (StockLevel level : stock(item)) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("location", level.location());
            l.put("name", level.locationName());
            l.put("quantityOnHand", level.quantityOnHand());
            l.put("quantityCommitted", level.quantityCommitted());
            l.put("quantityAvailable", level.quantityAvailable());
            l.put("quantityBackOrdered", level.quantityBackOrdered());
            l.put("lastQuantityAvailableChange", level.lastQuantityAvailableChange() == null ? null
                    : level.lastQuantityAvailableChange().toString());
            locations.add(l);
        }
        out.put("locations", locations);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode required(JsonNode body, String field) {
        if (!body.has(field)) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return body.get(field);
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

    /** The demo account: the shared catalogue with stock, prices and classes, a T-shirt matrix and a mug kit. */
    private void seed() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            ObjectNode body = json.createObjectNode();
            body.put("itemId", product.sku());
            body.put("displayName", product.name());
            if (product.upc() != null) {
                body.put("upcCode", product.upc());
            }
            int category = SandboxCatalog.CATEGORIES.indexOf(product.category());
            if (category >= 0) {
                body.putObject("class").put("id", Integer.toString(11 + category));
            }
            ids.put(product.sku(), store.create(Catalog.INVENTORY, body));
        }
        for (SandboxCatalog.SpecialItem item : SandboxCatalog.SPECIAL_ITEMS) {
            createItem(item.recordType(), item.itemId(), item.displayName());
        }
        // the T-shirts are children of a matrix item, their size and colour in option fields
        ObjectNode tee = json.createObjectNode();
        tee.put("itemId", "TEE");
        tee.put("displayName", "T-Shirt");
        tee.putObject("matrixType").put("id", "PARENT");
        tee.putObject("class").put("id", "13");
        String teeId = store.create(Catalog.INVENTORY, tee);
        Map<String, String[]> teeOptions = Map.of("TEE-M-BLK", new String[] {"M", "Black"},
                "TEE-L-BLK", new String[] {"L", "Black"}, "TEE-M-WHT", new String[] {"M", "White"});
        teeOptions.forEach((sku, options) -> {
            if (ids.containsKey(sku)) {
                ObjectNode child = json.createObjectNode();
                child.putObject("matrixType").put("id", "CHILD");
                child.putObject("parent").put("id", teeId);
                child.put("custitem_size", options[0]);
                child.put("custitem_colour", options[1]);
                store.patch(Catalog.INVENTORY, ids.get(sku), child, Set.of());
            }
        });
        String kit = ids.containsKey("MUG-11OZ") ? createKit("MUG-PAIR", "Coffee Mug 11oz gift pair",
                Map.of("MUG-11OZ", BigDecimal.valueOf(2))) : null;
        seedDemoInventory();
        Catalog.Item teeItem = catalog.item(teeId);
        seedPrices(teeItem, new BigDecimal("19.95"));
        if (kit != null) {
            seedPrices(catalog.item(kit), new BigDecimal("23.38"));
        }
    }

    /** Stock at locations 1, 2 and 3 and prices for every demo product, the same on every start. */
    private void seedDemoInventory() {
        Random random = new Random(DEMO_SEED);
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            Catalog.Item item = catalog.itemByItemId(product.sku());
            if (item == null || !item.isInventory()) {
                continue;
            }
            catalog.initialStock(item, 1, BigDecimal.valueOf(20 + random.nextInt(101)));
            catalog.initialStock(item, 2, BigDecimal.valueOf(random.nextInt(61)));
            catalog.initialStock(item, 3, BigDecimal.valueOf(random.nextInt(16)));
            seedPrices(item, product.price());
        }
    }

    /** Base and online price as given, wholesale 60 %, VIP 90 %; in pounds, Canadian dollars and euros at fixed rates. */
    private void seedPrices(Catalog.Item item, BigDecimal base) {
        Map<Integer, BigDecimal> rates = Map.of(1, BigDecimal.ONE, 2, new BigDecimal("0.79"), 3, new BigDecimal("1.37"),
                4, new BigDecimal("0.92"));
        Map<Integer, BigDecimal> levels = Map.of(1, BigDecimal.ONE, 2, new BigDecimal("0.60"), 3, new BigDecimal("0.90"),
                4, BigDecimal.ONE);
        rates.forEach((currency, rate) -> levels.forEach((level, share) -> catalog.setPrice(item, level, currency,
                base.multiply(rate).multiply(share).setScale(2, RoundingMode.HALF_UP))));
    }

    private void restoreState() {
        SandboxState.read(config.stateFile(), "NetSuite").ifPresentOrElse(state -> {
            if (store.restore(state)) {
                seedDemoInventory();
            }
            // a demo account gets the special items added since its state file was written
            List<SandboxCatalog.SpecialItem> missing = SandboxCatalog.SPECIAL_ITEMS.stream()
                    .filter(i -> catalog.itemByItemId(i.itemId()) == null).toList();
            if (missing.size() < SandboxCatalog.SPECIAL_ITEMS.size()) {
                missing.forEach(i -> createItem(i.recordType(), i.itemId(), i.displayName()));
            }
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
