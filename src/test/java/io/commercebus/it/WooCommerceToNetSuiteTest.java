package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WooCommerce orders through the store sandbox: signed webhooks and the catch-up poll stage them,
 * paid ones become Sales Orders that add up to the charged total, the rest wait for their status.
 */
class WooCommerceToNetSuiteTest {

    static final String STORE = "woo-demo";
    static final String SECRET = "sandbox-woocommerce-webhook-secret";

    @TempDir
    static Path dir;
    static TestBus bus;
    static WooCommerceSandbox woo;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.woo-demo.poll.period", "1s");
        bus = TestBus.start(settings);
        woo = bus.woocommerce();
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void aCouponALineDiscountAndShippingTaxStillAddUpToTheChargedTotal() {
        ObjectNode body = paidOrder("ada.lovelace@example.com", 2);
        ArrayNode lines = body.putArray("line_items");
        // a manual line discount: 3 mugs at 12.99 sold for 35.07
        lines.addObject().put("sku", "MUG-11OZ").put("quantity", 3).put("subtotal", "38.97").put("total", "35.07");
        lines.addObject().put("sku", "POSTER-A3").put("quantity", 1);
        lines.addObject().put("sku", "SOCKS-3PK").put("quantity", 7);
        body.putArray("coupon_lines").addObject().put("code", "SAVE10");
        body.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "UPS Ground").put("total", "11.20");
        body.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95").put("tax_status", "taxable");
        int id = woo.placeOrder(body);
        JsonNode order = woo.order(id);

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode so = salesOrder(id);
        assertThat(so.get("total").decimalValue()).isEqualByComparingTo(new BigDecimal(order.get("total").asText()));
        List<JsonNode> items = StreamSupport.stream(so.get("item").get("items").spliterator(), false).toList();
        assertThat(lines(items, "otherChargeSaleItem", "BC-ROUNDING")).isEmpty();
        // each product line at its price, then what the coupon and the manual discount took off it
        assertThat(lines(items, "discountItem", "BC-DISCOUNT")).hasSize(3);
        assertThat(sum(lines(items, "discountItem", "BC-DISCOUNT")).negate())
                .isEqualByComparingTo(new BigDecimal(order.get("discount_total").asText()));
        assertThat(sum(lines(items, "otherChargeSaleItem", "SALES-TAX")))
                .isEqualByComparingTo(new BigDecimal(order.get("total_tax").asText()));
        assertThat(sum(lines(items, "otherChargeSaleItem", "GIFT-WRAP"))).isEqualByComparingTo("4.95");
        assertThat(so.get("shippingCost").decimalValue()).isEqualByComparingTo("11.20");
        assertThat(so.get("shipMethod").get("id").asText()).isEqualTo("103");
        assertThat(so.get("memo").asText()).contains("save10");
    }

    @Test
    void theOrdersCurrencyGoesToTheSalesOrderAndAnUnsupportedOneIsDeadLettered() {
        int euros = woo.placeOrder(paidOrder("mary.jackson@example.com", 7).put("currency", "EUR"));
        int yen = woo.placeOrder(paidOrder("mary.jackson@example.com", 7).put("currency", "JPY"));

        bus.awaitState(key(euros), RecordState.DELIVERED);
        assertThat(salesOrder(euros).get("currency").get("id").asText()).isEqualTo("4");
        bus.awaitState(key(yen), RecordState.DEAD);
        LedgerRecord dead = bus.record(key(yen));
        assertThat(dead.reason()).isEqualTo("UNMAPPED_CURRENCY");
        assertThat(dead.lastError()).contains("JPY").contains("currency.csv");
        assertThat(salesOrder(yen)).isNull();
    }

    @Test
    void anUnpaidOrderWaitsUntilItIsPaid() {
        ObjectNode body = paidOrder("grace@hopper-supply.example.com", 3);
        body.put("set_paid", false).put("status", "on-hold").put("payment_method", "bacs");
        int id = woo.placeOrder(body);
        bus.awaitReason(key(id), "STATUS_NOT_SENT");
        assertThat(salesOrder(id)).isNull();

        woo.updateOrder(id, Json.mapper().createObjectNode().put("status", "processing"));

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode customer = bus.netsuite().record("customer", salesOrder(id).get("entity").get("id").asText());
        // a billing company makes a company customer
        assertThat(customer.get("isPerson").asBoolean()).isFalse();
        assertThat(customer.get("companyName").asText()).isEqualTo("Hopper Naval Supply");
    }

    @Test
    void guestOrdersOfOneEmailShareOneCustomerAndItsAddressIsKeptOnce() {
        int first = woo.placeOrder(guestOrder("first.time@example.com"));
        int second = woo.placeOrder(guestOrder("First.Time@example.com "));
        bus.awaitState(key(first), RecordState.DELIVERED);
        bus.awaitState(key(second), RecordState.DELIVERED);

        String entity = salesOrder(first).get("entity").get("id").asText();
        assertThat(salesOrder(second).get("entity").get("id").asText()).isEqualTo(entity);
        JsonNode customer = bus.netsuite().record("customer", entity);
        assertThat(customer.get("email").asText()).isEqualTo("first.time@example.com");
        assertThat(customer.get("isPerson").asBoolean()).isTrue();
        assertThat(customer.get("addressBook").get("items")).hasSize(1);
    }

    @Test
    void anOrderCancelledAfterImportClosesItsSalesOrderAndOneCancelledBeforeIsLeftOut() {
        int paid = woo.placeOrder(paidOrder("alan.turing@example.org", 4));
        bus.awaitState(key(paid), RecordState.DELIVERED);
        ObjectNode unpaidBody = paidOrder("alan.turing@example.org", 4);
        unpaidBody.put("set_paid", false).put("status", "pending");
        int unpaid = woo.placeOrder(unpaidBody);
        bus.awaitReason(key(unpaid), "STATUS_NOT_SENT");

        woo.updateOrder(paid, Json.mapper().createObjectNode().put("status", "cancelled"));
        woo.updateOrder(unpaid, Json.mapper().createObjectNode().put("status", "cancelled"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(salesOrder(paid).get("item").get("items"))
                .allSatisfy(line -> assertThat(line.path("isClosed").asBoolean()).isTrue()));
        bus.awaitReason(key(unpaid), "CANCELLED_BEFORE_IMPORT");
        assertThat(salesOrder(unpaid)).isNull();
    }

    @Test
    void aForgedOrUnsignedDeliveryIsRefusedAndStagesNothing() throws Exception {
        ObjectNode order = woo.order(woo.placeOrder(paidOrder("kjohnson@example.net", 5)));
        order.put("id", 990001);
        String body = order.toString();

        HttpResponse<String> forged = deliver(body, "order.created", sign(body, "not-the-secret"));
        HttpResponse<String> unsigned = deliver(body, "order.created", null);
        HttpResponse<String> tampered = deliver(body.replace("kjohnson", "attacker"), "order.created", sign(body, SECRET));

        assertThat(List.of(forged.statusCode(), unsigned.statusCode(), tampered.statusCode())).containsOnly(401);
        assertThat(bus.json(forged).get("error").asText()).contains("X-WC-Webhook-Signature");
        assertThat(bus.ledger().find(key(990001))).isEmpty();

        HttpResponse<String> genuine = deliver(body, "order.created", sign(body, SECRET));
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(bus.ledger().find(key(990001))).isPresent();
    }

    @Test
    void thePingOfANewWebhookIsAnswered() {
        HttpResponse<String> ping = bus.post("/webhooks/woocommerce/" + STORE, "webhook_id=42",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(bus.json(ping).get("status").asText()).isEqualTo("pong");
        // the sandbox pinged the bus when the bus registered its webhooks at start-up
        assertThat(((Number) woo.stats().get("webhookPings")).intValue()).isEqualTo(2);
    }

    @Test
    void ordersWhoseWebhooksWereLostArriveByTheCatchUpPollAcrossPages() throws Exception {
        List<JsonNode> hooks = StreamSupport.stream(wooApi("GET", "/webhooks", null).spliterator(), false).toList();
        assertThat(hooks).hasSize(2);
        hooks.forEach(h -> wooApi("PUT", "/webhooks/" + h.get("id").asInt(), "{\"status\":\"paused\"}"));
        try {
            // more than one page of 100
            List<Integer> ids = woo.placeDemoOrders(130);

            bus.awaitSettledKeys(ids.stream().map(WooCommerceToNetSuiteTest::key).toList(), Duration.ofSeconds(90));
            for (int id : ids) {
                LedgerRecord record = bus.record(key(id));
                String status = woo.order(id).get("status").asText();
                assertThat(record.state()).as("order %d (%s): %s", id, status, record.lastError())
                        .isEqualTo(status.equals("processing") || status.equals("completed") ? RecordState.DELIVERED
                                : RecordState.SKIPPED);
            }
        } finally {
            hooks.forEach(h -> wooApi("PUT", "/webhooks/" + h.get("id").asInt(), "{\"status\":\"active\"}"));
        }
    }

    // ---------------------------------------------------------------- helpers

    static RecordKey key(int id) {
        return new RecordKey("woocommerce", STORE, "order", Integer.toString(id));
    }

    static ObjectNode paidOrder(String email, int userId) {
        ObjectNode body = woo.demoOrderBody();
        body.put("customer_id", userId).put("set_paid", true).put("status", "processing").put("payment_method", "stripe");
        ((ObjectNode) body.get("billing")).put("email", email).put("company",
                email.contains("hopper-supply") ? "Hopper Naval Supply" : "");
        body.remove("coupon_lines");
        return body;
    }

    static ObjectNode guestOrder(String email) {
        ObjectNode body = paidOrder(email, 0);
        ((ObjectNode) body.get("shipping")).put("first_name", "First").put("last_name", "Time").put("address_1", "1 Infinite Loop").put("city", "Cupertino").put("state", "CA")
                .put("postcode", "95014");
        return body;
    }

    static JsonNode salesOrder(int id) {
        return bus.netsuite().recordByExternalId("salesOrder", "WOO-" + STORE + "-" + id);
    }

    /** The transaction lines of one NetSuite item, named by its item id. */
    static List<JsonNode> lines(List<JsonNode> items, String recordType, String itemId) {
        String internalId = bus.netsuite().records(recordType).stream().filter(r -> itemId.equals(r.path("itemId").asText()))
                .findFirst().orElseThrow().get("id").asText();
        return items.stream().filter(line -> internalId.equals(line.path("item").path("id").asText())).toList();
    }

    static BigDecimal sum(List<JsonNode> lines) {
        return lines.stream().map(line -> line.get("amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static HttpResponse<String> deliver(String body, String topic, String signature) {
        String path = "/webhooks/woocommerce/" + STORE;
        String event = topic.substring(topic.indexOf('.') + 1);
        return signature == null
                ? bus.post(path, body, "Content-Type", "application/json", "X-WC-Webhook-Topic", topic, "X-WC-Webhook-Event", event)
                : bus.post(path, body, "Content-Type", "application/json", "X-WC-Webhook-Topic", topic, "X-WC-Webhook-Event", event,
                "X-WC-Webhook-Signature", signature);
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode wooApi(String method, String path, String body) {
        try {
            String auth = Base64.getEncoder().encodeToString("ck_sandbox_consumer_key:cs_sandbox_consumer_secret"
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(woo.baseUrl() + WooCommerceSandbox.API_PATH + path))
                    .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isLessThan(300);
            return Json.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
