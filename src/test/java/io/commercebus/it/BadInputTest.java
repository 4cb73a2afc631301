package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed, oversized, forged and hostile input at every endpoint that takes input, each refused with
 * its status and a JSON body saying what was wrong, and with nothing staged or lost: the ledger (rows,
 * their last change, a delivered and a dead-lettered record) and the reconciliation runs are as they
 * were. Then hostile text (SQL, markup, bidi and zero-width characters, NUL, emoji, very long, numbers
 * and JSON as text, expression and lookup syntax) in every field of orders placed in the BigCommerce and
 * WooCommerce sandboxes: stored verbatim, delivered verbatim or dead-lettered with the exact reason,
 * never a 500, and escaped on the reconciliation page. The refusals run first, on a quiet ledger.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    static final String PASSWORD = "pw-BadInput-5e8a";
    static final String LOGIN = TestBus.basic("admin", PASSWORD);
    static final String BC = "/webhooks/bigcommerce/demo";
    static final String WOO = "/webhooks/woocommerce/woo-demo";
    static final String NS = "/webhooks/netsuite/stock";
    static final String BC_SECRET = TestBus.WEBHOOK_SECRET;
    static final String WOO_SECRET = "sandbox-woocommerce-webhook-secret";
    static final String NS_SECRET = "sandbox-netsuite-webhook-secret";
    static final long LIMIT = 256 * 1024;

    static final String SQL = "'; DROP TABLE sync_record;--";
    static final String SCRIPT = "<script>alert('x')</script>";
    /** Hostile text of every kind, each placed in a field of an order. */
    static final List<String> HOSTILE = List.of(
            SQL,
            "Robert'); DELETE FROM sync_event_outbox WHERE ('1'='1",
            SCRIPT,
            "\"><img src=x onerror=alert(1)>",
            "\u202Egnp.exe\u202C right-to-left",
            "zero\u200Bwidth\u200Djoin\uFEFF",
            "nul\u0000byte",
            "🛒🔥👩‍👩‍👧 emoji",
            "x".repeat(5000),
            "12345",
            "1e309",
            "{\"nested\":{\"json\":[1,{\"a\":null}]}}",
            "${jndi:ldap://127.0.0.1/a} ${header.CamelHttpUri} {{bus.security.password}}",
            "' & $eval('1+1') & '",
            "=cmd|' /C calc'!A0",
            "../../etc/passwd",
            "tab\tnew\nline\r\ncarriage");

    @TempDir
    static Path dir;
    static TestBus bus;
    static int delivered;
    static int dead;
    static LedgerRecord deliveredBefore;
    static LedgerRecord deadBefore;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.security.password", PASSWORD);
        settings.put("bus.http.max-body-size", Long.toString(LIMIT));
        bus = TestBus.start(settings);
        delivered = bus.store().placeOrder(Orders.order("kept@example.com", "Kept", 77, 1));
        dead = bus.store().placeOrder(Orders.withCustomProduct(Orders.order("dead@example.com", "Dee", 77, 1),
                "NO-SUCH-SKU", "Nothing", "1.0000"));
        bus.awaitSettled(List.of(delivered, dead), Duration.ofSeconds(30));
        // the store's later webhooks for the same orders (status updates) are fetched too: wait till all is quiet
        awaitQuiet();
        deliveredBefore = bus.record(delivered);
        deadBefore = bus.record(dead);
        assertThat(deliveredBefore.state()).isEqualTo(RecordState.DELIVERED);
        assertThat(deadBefore.state()).isEqualTo(RecordState.DEAD);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    /** One refused request: what is sent where, and the answer expected. */
    record Refusal(String name, String method, String path, byte[] body, boolean chunked, List<String> headers, int status,
                   String error) {
        @Override
        public String toString() {
            return name + " → " + status;
        }
    }

    /** The table; JUnit builds it after {@code start()}, so it can name the records the bus holds. */
    static Stream<Refusal> refusals() {
        List<Refusal> all = new ArrayList<>();
        String order = bus.webhook("store/order/created", 987654, 1);
        // BigCommerce: a shared secret header, as the bus registers its hooks
        all.add(post("BigCommerce: no secret", BC, order, 401, "X-Commerce-Bus-Secret", "Content-Type", "application/json"));
        all.add(post("BigCommerce: forged secret", BC, order, 401, "X-Commerce-Bus-Secret",
                "X-Commerce-Bus-Secret", "guess"));
        all.add(post("BigCommerce: secret one character short", BC, order, 401, "X-Commerce-Bus-Secret",
                "X-Commerce-Bus-Secret", BC_SECRET.substring(1)));
        all.add(post("BigCommerce: secret plus a suffix", BC, order, 401, "X-Commerce-Bus-Secret",
                "X-Commerce-Bus-Secret", BC_SECRET + "x"));
        all.add(post("BigCommerce: malformed JSON", BC, "{\"scope\":", 400, "not valid JSON", bcSecret()));
        all.add(post("BigCommerce: empty body", BC, "", 400, "JSON", bcSecret()));
        all.add(post("BigCommerce: a JSON array", BC, "[1,2]", 400, "not a JSON object", bcSecret()));
        all.add(post("BigCommerce: a JSON string", BC, "\"" + SQL + "\"", 400, "not a JSON object", bcSecret()));
        all.add(post("BigCommerce: JSON nested 5,000 deep", BC, "[".repeat(5000) + "]".repeat(5000), 400, "JSON", bcSecret()));
        all.add(post("BigCommerce: unknown scope", BC, bus.webhook("store/product/deleted", 987654, 1), 422, "unknown scope",
                bcSecret()));
        all.add(post("BigCommerce: another store's producer", BC, order.replace("stores/demo1", "stores/x"), 422, "producer",
                bcSecret()));
        all.add(post("BigCommerce: order id as SQL", BC, order.replace("\"id\":987654", "\"id\":\"1; " + SQL + "\""), 422,
                "data.id", bcSecret()));
        all.add(post("BigCommerce: negative order id", BC, order.replace("\"id\":987654", "\"id\":-4"), 422, "data.id",
                bcSecret()));
        all.add(post("BigCommerce: order id beyond a long", BC, order.replace("\"id\":987654", "\"id\":99999999999999999999999"),
                422, "data.id", bcSecret()));
        all.add(post("BigCommerce: unknown store", "/webhooks/bigcommerce/nosuch", order, 404, "no BigCommerce store 'nosuch'",
                bcSecret()));
        all.add(post("BigCommerce: store named in SQL", "/webhooks/bigcommerce/" + encode(SQL), order, 404,
                "no BigCommerce store", bcSecret()));
        all.add(new Refusal("BigCommerce: GET", "GET", BC, null, false, List.of(), 405, null));
        all.add(post("BigCommerce: body over the limit", BC, oversized(), 413, "larger than", bcSecret()));
        all.add(chunked("BigCommerce: body over the limit, chunked", BC, 413, bcSecret().toArray(String[]::new)));

        // WooCommerce: X-WC-Webhook-Signature, base64 HMAC-SHA256 of the raw body
        String wooOrder = "{\"id\":987654,\"status\":\"processing\",\"total\":\"1.00\"}";
        all.add(post("WooCommerce: unsigned", WOO, wooOrder, 401, "X-WC-Webhook-Signature", "X-WC-Webhook-Topic", "order.created"));
        all.add(post("WooCommerce: forged signature", WOO, wooOrder, 401, "X-WC-Webhook-Signature",
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Signature", sign("{}", WOO_SECRET)));
        all.add(post("WooCommerce: signed with another secret", WOO, wooOrder, 401, "X-WC-Webhook-Signature",
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Signature", sign(wooOrder, "guess")));
        all.add(post("WooCommerce: tampered after signing", WOO, wooOrder.replace("1.00", "0.01"), 401, "X-WC-Webhook-Signature",
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Signature", sign(wooOrder, WOO_SECRET)));
        all.add(post("WooCommerce: malformed JSON, signed", WOO, "{\"id\":", 400, "not valid JSON", wooSigned("{\"id\":")));
        all.add(post("WooCommerce: JSON nested 5,000 deep, signed", WOO, "[".repeat(5000) + "]".repeat(5000), 400, "JSON",
                wooSigned("[".repeat(5000) + "]".repeat(5000))));
        all.add(post("WooCommerce: no order id, signed", WOO, "{\"status\":\"processing\"}", 422, "no order id",
                wooSigned("{\"status\":\"processing\"}")));
        all.add(post("WooCommerce: order id as SQL, signed", WOO, "{\"id\":\"" + SQL + "\"}", 422, "no order id",
                wooSigned("{\"id\":\"" + SQL + "\"}")));
        all.add(post("WooCommerce: a JSON array, signed", WOO, "[]", 422, "no order id", wooSigned("[]")));
        all.add(post("WooCommerce: unknown topic, signed", WOO, wooOrder, 422, "unknown topic",
                "X-WC-Webhook-Topic", "product.deleted", "X-WC-Webhook-Signature", sign(wooOrder, WOO_SECRET)));
        all.add(post("WooCommerce: unknown store", "/webhooks/woocommerce/nosuch", wooOrder, 404, "no WooCommerce store 'nosuch'",
                wooSigned(wooOrder)));
        all.add(new Refusal("WooCommerce: GET", "GET", WOO, null, false, List.of(), 405, null));
        all.add(post("WooCommerce: body over the limit", WOO, oversized(), 413, "larger than", wooSigned(oversized())));
        all.add(chunked("WooCommerce: body over the limit, chunked", WOO, 413, "X-WC-Webhook-Topic", "order.created"));

        // NetSuite's stock notice: X-Commerce-Bus-Secret = bus.netsuite.webhook-secret
        String notice = "{\"type\":\"inventory\",\"items\":[\"1042\"]}";
        all.add(post("NetSuite notice: no secret", NS, notice, 401, "X-Commerce-Bus-Secret"));
        all.add(post("NetSuite notice: forged secret", NS, notice, 401, "X-Commerce-Bus-Secret", "X-Commerce-Bus-Secret", "guess"));
        all.add(post("NetSuite notice: malformed JSON", NS, "{", 400, "not valid JSON", nsSecret()));
        all.add(post("NetSuite notice: unknown type", NS, "{\"type\":\"" + SCRIPT + "\"}", 422, "unknown notice type", nsSecret()));
        all.add(post("NetSuite notice: items not a list", NS, "{\"type\":\"inventory\",\"items\":\"1042\"}", 422, "'items' must be",
                nsSecret()));
        all.add(post("NetSuite notice: item id as SQL", NS, "{\"type\":\"inventory\",\"items\":[\"1 OR 1=1\"]}", 422,
                "is not an item internal id", nsSecret()));
        all.add(post("NetSuite notice: item id as an object", NS, "{\"type\":\"inventory\",\"items\":[{\"id\":1}]}", 422,
                "is not an item internal id", nsSecret()));
        all.add(post("NetSuite notice: 10,001 items", NS, "{\"type\":\"inventory\",\"items\":["
                + "\"1\",".repeat(10_000) + "\"1\"]}", 422, "at most 10000", nsSecret()));
        all.add(new Refusal("NetSuite notice: GET", "GET", NS, null, false, List.of(), 405, null));
        all.add(post("NetSuite notice: body over the limit", NS, oversized(), 413, "larger than", nsSecret()));

        // the REST API: the login first, then each parameter
        all.add(post("API replay: no login", "/api/dead-letters/" + deadBefore.id() + "/replay", "", 401, "login"));
        all.add(post("API replay: wrong password", "/api/dead-letters/" + deadBefore.id() + "/replay", "", 401, "login",
                "Authorization", TestBus.basic("admin", "guess")));
        all.add(post("API replay: forged Basic header", "/api/dead-letters/replay", "", 401, "login",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8))));
        all.add(post("API replay: id not a number", "/api/dead-letters/abc/replay", "", 400, "wrong type", login()));
        all.add(post("API replay: id as SQL", "/api/dead-letters/" + encode("1 OR 1=1") + "/replay", "", 400, "wrong type", login()));
        all.add(post("API replay: unknown id", "/api/dead-letters/99999999/replay", "", 404, "No ledger record 99999999", login()));
        all.add(post("API replay: a delivered record", "/api/dead-letters/" + deliveredBefore.id() + "/replay", "", 409,
                "not DEAD", login()));
        all.add(new Refusal("API replay: GET", "GET", "/api/dead-letters/" + deadBefore.id() + "/replay", null, false,
                login(), 405, null));
        all.add(post("API replay: body over the limit", "/api/dead-letters/replay?reason=UNKNOWN_SKU", oversized(), 413,
                "larger than", login()));
        all.add(post("API sync: unknown kind", "/api/sync/" + encode(SQL), "", 404, "nothing to sync", login()));
        all.add(post("API sync: no login", "/api/sync/inventory", "", 401, "login"));
        all.add(post("API reconciliation run: no store", "/api/reconciliation/run", "", 400, "name the store", login()));
        all.add(post("API reconciliation run: unknown store", "/api/reconciliation/run?store=" + encode(SCRIPT), "", 404,
                "no store", login()));
        all.add(post("API reconciliation run: from not a date", "/api/reconciliation/run?store=demo&from=" + encode(SQL), "", 400,
                "neither a date", login()));
        all.add(post("API reconciliation run: to not a date", "/api/reconciliation/run?store=demo&to=2026-13-45", "", 400,
                "neither a date", login()));
        all.add(post("API reconciliation run: from after to", "/api/reconciliation/run?store=demo&from=2026-12-01&to=2026-11-01",
                "", 400, "is not before", login()));
        all.add(get("API records: unknown state", "/api/records?state=" + encode(SQL), 400, "Unknown state", login()));
        all.add(get("API records: negative limit", "/api/records?limit=-1", 400, "limit", login()));
        all.add(get("API records: limit past the maximum", "/api/records?limit=100000000", 400, "limit", login()));
        all.add(get("API records: limit not a number", "/api/records?limit=" + encode("1; " + SQL), 400, "wrong type", login()));
        all.add(get("API records: negative offset", "/api/records?offset=-5", 400, "offset", login()));
        all.add(get("API record: id not a number", "/api/records/" + encode(SCRIPT), 400, "wrong type", login()));
        all.add(get("API record: unknown id", "/api/records/-1", 404, "No ledger record", login()));
        all.add(get("API records: no login", "/api/records", 401, "login"));
        all.add(get("API sku-xref: limit zero", "/api/sku-xref?limit=0", 400, "limit", login()));
        all.add(get("API sku-xref: limit not a number", "/api/sku-xref?limit=x", 400, "wrong type", login()));
        all.add(get("API gaps: negative limit", "/api/reconciliation/gaps?limit=-1", 400, "limit", login()));
        all.add(get("API gaps: limit past the maximum", "/api/reconciliation/gaps?limit=2147483647", 400, "limit", login()));
        all.add(get("API gaps: reason as SQL", "/api/reconciliation/gaps?limit=" + encode("1 OR 1=1"), 400, "wrong type", login()));
        all.add(get("API report: unknown store", "/api/reconciliation/report?store=" + encode(SQL), 404, "no store", login()));
        all.add(get("Page: store as markup", "/reconciliation?store=" + encode(SCRIPT), 404, "no store", login()));
        all.add(get("Page: no login", "/reconciliation?store=demo", 401, "login"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @Order(1)
    void isRefusedWithItsStatusAndNothingIsStagedOrLost(Refusal r) throws Exception {
        long[] before = ledgerState();

        HttpResponse<String> response = send(r);

        assertThat(response.statusCode()).as(r.name() + ": " + response.body()).isEqualTo(r.status());
        if (r.error() != null) {
            assertThat(response.headers().firstValue("Content-Type")).as(r.name()).hasValueSatisfying(ct ->
                    assertThat(ct).startsWith("application/json"));
            JsonNode body = bus.json(response);
            assertThat(body.get("status").asInt()).as(r.name()).isEqualTo(r.status());
            assertThat(body.get("error").asText()).as(r.name()).contains(r.error());
        }
        // nothing staged, nothing changed, nothing lost
        assertThat(ledgerState()).as(r.name() + ": ledger rows, last change, reconciliation runs").isEqualTo(before);
        assertThat(bus.record(delivered)).as(r.name()).usingRecursiveComparison().isEqualTo(deliveredBefore);
        assertThat(bus.record(dead)).as(r.name()).usingRecursiveComparison().isEqualTo(deadBefore);
    }

    @Test
    @Order(2)
    void hostileTextInEveryFieldOfABigCommerceOrderIsStoredAndDeliveredVerbatim() {
        List<Integer> ids = new ArrayList<>();
        List<ObjectNode> posted = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            ObjectNode order = Orders.order("hostile" + i + "@example.com", h, 77, 1);
            ObjectNode billing = (ObjectNode) order.get("billing_address");
            billing.put("last_name", h).put("company", h).put("street_1", h).put("street_2", h).put("city", h).put("state", h);
            order.put("customer_message", h).put("payment_method", h);
            // a line of an item NetSuite knows, under a hostile name
            Orders.withCustomProduct(order, "MUG-15OZ", h, "14.9900");
            order.put("coupon_code", h).put("coupon_discount", "1.00");
            posted.add(order);
            ids.add(bus.store().placeOrder(order));
        }
        bus.awaitSettled(ids, Duration.ofSeconds(60));

        for (int i = 0; i < ids.size(); i++) {
            String h = HOSTILE.get(i);
            LedgerRecord r = bus.record(ids.get(i));
            assertThat(r.state()).as("%s: %s %s", h, r.reason(), r.lastError()).isEqualTo(RecordState.DELIVERED);
            JsonNode payload = parse(r.payload());
            for (String field : List.of("first_name", "last_name", "company", "street_1", "street_2", "city", "state")) {
                assertThat(payload.get("billing_address").get(field).asText()).as(field).isEqualTo(h);
            }
            assertThat(payload.get("customer_message").asText()).isEqualTo(h);
            assertThat(payload.get("payment_method").asText()).isEqualTo(h);
            ObjectNode so = bus.netsuite().recordByExternalId("salesOrder", "BC-demo-" + ids.get(i));
            assertThat(so.get("memo").asText()).contains(h);
            assertThat(so.get("item").get("items")).anySatisfy(line -> assertThat(line.path("description").asText()).isEqualTo(h));
            String email = "hostile" + i + "@example.com";
            assertThat(bus.netsuite().records("customer")).filteredOn(c -> email.equals(c.path("email").asText()))
                    .singleElement().satisfies(c -> {
                        assertThat(c.get("firstName").asText()).isEqualTo(h);
                        assertThat(c.get("companyName").asText()).isEqualTo(h);
                    });
        }
    }

    @Test
    @Order(2)
    void hostileTextInEveryFieldOfAWooCommerceOrderIsStoredAndDeliveredVerbatim() {
        List<RecordKey> keys = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            ObjectNode order = bus.woocommerce().demoOrderBody().put("status", "processing");
            for (String address : List.of("billing", "shipping")) {
                ObjectNode a = (ObjectNode) order.get(address);
                a.put("first_name", h).put("last_name", h).put("company", h).put("address_1", h).put("address_2", h)
                        .put("city", h).put("state", h).put("postcode", h);
            }
            ((ObjectNode) order.get("billing")).put("email", "woo.hostile" + i + "@example.com").put("phone", h);
            order.put("customer_note", h).put("payment_method_title", h).put("transaction_id", h);
            order.putArray("fee_lines").addObject().put("name", h).put("total", "2.00");
            order.putArray("meta_data").addObject().put("key", h).put("value", h);
            int id = bus.woocommerce().placeOrder(order);
            keys.add(new RecordKey("woocommerce", "woo-demo", "order", Integer.toString(id)));
        }
        bus.awaitSettledKeys(keys, Duration.ofSeconds(60));

        for (int i = 0; i < keys.size(); i++) {
            String h = HOSTILE.get(i);
            LedgerRecord r = bus.record(keys.get(i));
            assertThat(r.state()).as("%s: %s %s", h, r.reason(), r.lastError()).isEqualTo(RecordState.DELIVERED);
            JsonNode payload = parse(r.payload());
            for (String field : List.of("first_name", "last_name", "company", "address_1", "address_2", "city", "state")) {
                assertThat(payload.get("billing").get(field).asText()).as(field).isEqualTo(h);
                assertThat(payload.get("shipping").get(field).asText()).as(field).isEqualTo(h);
            }
            assertThat(payload.get("customer_note").asText()).isEqualTo(h);
            assertThat(payload.get("fee_lines").get(0).get("name").asText()).isEqualTo(h);
            ObjectNode so = bus.netsuite().recordByExternalId("salesOrder", "WOO-woo-demo-" + keys.get(i).externalId());
            assertThat(so.get("memo").asText()).contains(h);
            assertThat(so.get("item").get("items")).anySatisfy(line -> assertThat(line.path("description").asText()).isEqualTo(h));
        }
    }

    @Test
    @Order(2)
    void aHostileEmailOrSkuIsDeadLetteredWithTheExactReasonAndThePageEscapesIt() {
        String sku = SCRIPT + SQL;
        int badEmail = bus.store().placeOrder(Orders.order(SQL + "@example.com", "Eve", 77, 1));
        int scriptEmail = bus.store().placeOrder(Orders.order(SCRIPT, "Eve", 77, 1));
        int badSku = bus.store().placeOrder(Orders.withCustomProduct(Orders.order("sku.hostile@example.com", "Sam", 77, 1),
                sku, "Hostile SKU", "1.0000"));
        ObjectNode woo = bus.woocommerce().demoOrderBody().put("status", "processing");
        ((ObjectNode) woo.get("billing")).put("email", "nul\u0000@example.com");
        RecordKey wooKey = new RecordKey("woocommerce", "woo-demo", "order", Integer.toString(bus.woocommerce().placeOrder(woo)));
        bus.awaitSettled(List.of(badEmail, scriptEmail, badSku), Duration.ofSeconds(30));
        bus.awaitSettledKeys(List.of(wooKey), Duration.ofSeconds(30));

        assertThat(bus.record(badEmail).reason()).isEqualTo("CUSTOMER_EMAIL_INVALID");
        assertThat(bus.record(badEmail).lastError()).contains(SQL.toLowerCase() + "@example.com");
        assertThat(bus.record(scriptEmail).reason()).isEqualTo("CUSTOMER_EMAIL_INVALID");
        assertThat(bus.record(wooKey).reason()).isEqualTo("CUSTOMER_EMAIL_INVALID");
        assertThat(bus.record(badSku).reason()).isEqualTo("UNKNOWN_SKU");
        assertThat(bus.record(badSku).lastError()).contains(sku);
        assertThat(bus.netsuite().records("salesOrder")).noneMatch(so -> so.path("externalId").asText()
                .equals("BC-demo-" + badSku));

        // reconciliation lists the dead order with its error; the finance page shows the markup as text
        HttpResponse<String> run = bus.post("/api/reconciliation/run?store=demo&from=" + LocalDate.now().minusDays(1)
                + "&to=" + LocalDate.now().plusDays(1), "", "Authorization", LOGIN);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains(Integer.toString(badSku), "UNKNOWN_SKU");
        HttpResponse<String> page = bus.get("/reconciliation?store=demo", "Authorization", LOGIN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(");
        assertThat(page.body()).contains("DROP TABLE sync_record");
    }

    private static void awaitQuiet() {
        long[][] last = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long[] now = ledgerState();
            boolean quiet = java.util.Arrays.equals(now, last[0]);
            last[0] = now;
            return quiet;
        });
    }

    /** Rows and the newest change of the ledger, and reconciliation runs: what a refusal must leave alone. */
    private static long[] ledgerState() throws Exception {
        DataSource ds = bus.bus().bean("dataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            long[] out = new long[3];
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(updated_at) FROM sync_record")) {
                rs.next();
                out[0] = rs.getLong(1);
                out[1] = rs.getTimestamp(2).getTime();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reconciliation_run")) {
                rs.next();
                out[2] = rs.getLong(1);
            }
            return out;
        }
    }

    private static HttpResponse<String> send(Refusal r) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        HttpRequest.BodyPublisher body = r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : r.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(r.body()))
                : HttpRequest.BodyPublishers.ofByteArray(r.body());
        request.method(r.method(), body);
        for (int i = 0; i + 1 < r.headers().size(); i += 2) {
            request.header(r.headers().get(i), r.headers().get(i + 1));
        }
        return bus.send(request, r.path());
    }

    private static Refusal post(String name, String path, String body, int status, String error, String... headers) {
        return new Refusal(name, "POST", path, body.getBytes(StandardCharsets.UTF_8), false, List.of(headers), status, error);
    }

    private static Refusal post(String name, String path, String body, int status, String error, List<String> headers) {
        return post(name, path, body, status, error, headers.toArray(String[]::new));
    }

    private static Refusal get(String name, String path, int status, String error, String... headers) {
        return new Refusal(name, "GET", path, null, false, List.of(headers), status, error);
    }

    private static Refusal get(String name, String path, int status, String error, List<String> headers) {
        return get(name, path, status, error, headers.toArray(String[]::new));
    }

    private static Refusal chunked(String name, String path, int status, String... headers) {
        return new Refusal(name, "POST", path, oversized().getBytes(StandardCharsets.UTF_8), true, List.of(headers), status,
                "larger than");
    }

    private static List<String> bcSecret() {
        return List.of("X-Commerce-Bus-Secret", BC_SECRET, "Content-Type", "application/json");
    }

    private static List<String> nsSecret() {
        return List.of("X-Commerce-Bus-Secret", NS_SECRET, "Content-Type", "application/json");
    }

    private static List<String> login() {
        return List.of("Authorization", LOGIN);
    }

    private static List<String> wooSigned(String body) {
        return List.of("X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Signature", sign(body, WOO_SECRET),
                "Content-Type", "application/json");
    }

    /** A well-formed order one byte per character over the limit. */
    private static String oversized() {
        return "{\"id\":1,\"note\":\"" + "x".repeat((int) LIMIT) + "\"}";
    }

    private static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
