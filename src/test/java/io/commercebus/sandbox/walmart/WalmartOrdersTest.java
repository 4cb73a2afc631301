package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Released orders, their cursor, acknowledgement, WFS orders and the money on an order's lines. */
class WalmartOrdersTest {

    WalmartSandbox walmart;
    WalmartCalls calls;
    String token;

    @BeforeEach
    void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config()).start();
        calls = new WalmartCalls(walmart);
        token = calls.token();
    }

    @AfterEach
    void stop() {
        walmart.close();
    }

    @Test
    void releasedOrdersPageWithTheQueryStringCursorNewestFirst() throws Exception {
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            placed.add(walmart.placeOrder(walmart.demoPurchase()));
        }

        List<String> seen = new ArrayList<>();
        String next = "?limit=3";
        List<Integer> pageSizes = new ArrayList<>();
        while (next != null) {
            JsonNode list = body(calls.get("/v3/orders/released" + next, token)).get("list");
            assertThat(list.at("/meta/totalCount").asInt()).isEqualTo(7);
            list.at("/elements/order").forEach(o -> seen.add(o.get("purchaseOrderId").asText()));
            pageSizes.add(list.at("/elements/order").size());
            next = list.at("/meta/nextCursor").isMissingNode() ? null : list.at("/meta/nextCursor").asText();
        }

        Collections.reverse(placed);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(placed);
    }

    @Test
    void theCursorMayAlsoBePassedAsTheNextCursorParameter() throws Exception {
        for (int i = 0; i < 3; i++) {
            walmart.placeOrder(walmart.demoPurchase());
        }
        String cursor = body(calls.get("/v3/orders/released?limit=2", token)).at("/list/meta/nextCursor").asText();

        JsonNode page = body(calls.get("/v3/orders/released?nextCursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), token));

        assertThat(cursor).startsWith("?limit=2&hasMoreElements=true&soIndex=3&poIndex=2");
        assertThat(page.at("/list/elements/order")).hasSize(1);
        assertThat(page.at("/list/meta/nextCursor").isMissingNode()).isTrue();
    }

    @Test
    void noReleasedOrdersIs404WithAnInfoError() throws Exception {
        HttpResponse<String> response = calls.get("/v3/orders/released", token);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = body(response).at("/errors/error/0");
        assertThat(error.get("code").asText()).isEqualTo("CONTENT_NOT_FOUND.GMP_ORDER_API");
        assertThat(error.get("severity").asText()).isEqualTo("INFO");
    }

    @Test
    void aLimitAbove200IsRefused() throws Exception {
        HttpResponse<String> response = calls.get("/v3/orders/released?limit=500", token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/errors/error/0/field").asText()).isEqualTo("limit");
    }

    @Test
    void acknowledgingTakesAnOrderOffTheReleasedListAndCanBeRepeated() throws Exception {
        String first = walmart.placeOrder(walmart.demoPurchase());
        String second = walmart.placeOrder(walmart.demoPurchase());

        HttpResponse<String> acknowledged = calls.acknowledge(first, token);
        HttpResponse<String> again = calls.acknowledge(first, token);

        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(body(acknowledged).at("/order/orderLines/orderLine"))
                .allSatisfy(line -> assertThat(line.at("/orderLineStatuses/orderLineStatus/0/status").asText()).isEqualTo("Acknowledged"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again)).isEqualTo(body(acknowledged));
        assertThat(walmart.isAcknowledged(first)).isTrue();
        assertThat(walmart.isAcknowledged(second)).isFalse();
        assertThat(releasedIds()).containsExactly(second);
        assertThat(walmart.stats()).containsEntry("acknowledgements", 2L).containsEntry("released", 1L);
        assertThat(body(calls.get("/v3/orders?status=Acknowledged", token)).at("/list/elements/order/0/purchaseOrderId").asText())
                .isEqualTo(first);
    }

    @Test
    void acknowledgingAnUnknownOrderIs404() throws Exception {
        assertThat(calls.acknowledge("999999999999999", token).statusCode()).isEqualTo(404);
        assertThat(calls.get("/v3/orders/999999999999999", token).statusCode()).isEqualTo(404);
    }

    @Test
    void wfsOrdersAreAcknowledgedByWalmartAndListedOnlyWhenAskedFor() throws Exception {
        String wfs = walmart.placeOrder(walmart.demoPurchase().fulfilledBy(ShipNodeType.WFS_FULFILLED));
        String seller = walmart.placeOrder(walmart.demoPurchase());

        assertThat(walmart.isAcknowledged(wfs)).isTrue();
        assertThat(releasedIds()).containsExactly(seller);
        assertThat(body(calls.get("/v3/orders/released?shipNodeType=WFSFulfilled", token)).at("/errors/error/0/code").asText())
                .isEqualTo("CONTENT_NOT_FOUND.GMP_ORDER_API");
        JsonNode wfsOrders = body(calls.get("/v3/orders?shipNodeType=WFSFulfilled", token)).at("/list/elements/order");
        assertThat(wfsOrders).hasSize(1);
        assertThat(wfsOrders.get(0).at("/shipNode/type").asText()).isEqualTo("WFSFulfilled");
        assertThat(wfsOrders.get(0).at("/orderLines/orderLine/0/orderLineStatuses/orderLineStatus/0/status").asText())
                .isEqualTo("Acknowledged");
        assertThat(body(calls.get("/v3/orders", token)).at("/list/elements/order")).hasSize(1);
        assertThat(calls.get("/v3/orders?shipNodeType=WFSFulfilled&lastModifiedStartDate=2999-01-01", token).statusCode())
                .isEqualTo(404);
    }

    @Test
    void chargesAndTaxesAddUpToWhatTheBuyerPaid() throws Exception {
        Purchase texan = new Purchase(ShipNodeType.SELLER_FULFILLED, "BUYER@relay.walmart.com", "Express",
                new Purchase.ShipTo("Ada Lovelace", "1 Congress Ave", null, "Austin", "TX", "78701", "5125550100", "RESIDENTIAL"),
                List.of(Purchase.Item.of("MUG-11OZ", 2), Purchase.Item.of("HOODIE-L", 1).withShipping(new BigDecimal("4.99"))));
        String id = walmart.placeOrder(texan);

        JsonNode order = body(calls.get("/v3/orders/" + id, token)).get("order");

        JsonNode mugs = order.at("/orderLines/orderLine/0/charges/charge");
        assertThat(mugs).hasSize(1);
        assertThat(mugs.at("/0/chargeAmount/amount").isNumber()).isTrue();
        assertThat(mugs.at("/0/chargeAmount/amount").decimalValue()).isEqualByComparingTo("25.98");
        assertThat(mugs.at("/0/tax/taxAmount/amount").decimalValue()).isEqualByComparingTo("2.14");
        JsonNode hoodie = order.at("/orderLines/orderLine/1/charges/charge");
        assertThat(hoodie.at("/1/chargeType").asText()).isEqualTo("SHIPPING");
        assertThat(hoodie.at("/1/chargeAmount/amount").decimalValue()).isEqualByComparingTo("4.99");
        // Texas taxes shipping: 54.50 → 4.50, 4.99 → 0.41
        assertThat(hoodie.at("/0/tax/taxAmount/amount").decimalValue()).isEqualByComparingTo("4.50");
        assertThat(hoodie.at("/1/tax/taxAmount/amount").decimalValue()).isEqualByComparingTo("0.41");
        assertThat(order.at("/orderLines/orderLine/0/orderLineQuantity/amount").asText()).isEqualTo("2");
        assertThat(walmart.orderTotal(id)).isEqualByComparingTo(new BigDecimal("25.98").add(new BigDecimal("2.14"))
                .add(new BigDecimal("54.50")).add(new BigDecimal("4.50")).add(new BigDecimal("4.99")).add(new BigDecimal("0.41")));
        assertThat(order.get("customerEmailId").asText()).isEqualTo("BUYER@relay.walmart.com");
        assertThat(walmart.demoPurchase().customerEmail()).matches("[0-9A-F]{32}@relay\\.walmart\\.com");
    }

    @Test
    void aCancelledLineLeavesTheTotalAndAFullyCancelledOrderLeavesTheReleasedList() throws Exception {
        String id = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 1), Purchase.Item.of("SOCKS-3PK", 1)));
        BigDecimal before = walmart.orderTotal(id);

        walmart.cancelLine(id, "2");

        JsonNode line = walmart.order(id).at("/orderLines/orderLine/1/orderLineStatuses/orderLineStatus/0");
        assertThat(line.get("status").asText()).isEqualTo("Cancelled");
        assertThat(walmart.orderTotal(id)).isLessThan(before);
        assertThat(releasedIds()).containsExactly(id);
        walmart.cancelLine(id, "1");
        assertThat(calls.get("/v3/orders/released", token).statusCode()).isEqualTo(404);
        assertThat(body(calls.get("/v3/orders?status=Cancelled", token)).at("/list/meta/totalCount").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> walmart.cancelLine(id, "7")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomSkuAndTheCatalogueSkus() throws Exception {
        String custom = walmart.placeOrder(walmart.demoPurchase().withItems(
                new Purchase.Item("NOT-IN-NETSUITE", "Mystery item", new BigDecimal("3.50"), 1, BigDecimal.ZERO)));
        List<String> demo = walmart.placeDemoOrders(20);

        assertThat(walmart.order(custom).at("/orderLines/orderLine/0/item/sku").asText()).isEqualTo("NOT-IN-NETSUITE");
        List<String> catalogue = SandboxCatalog.PRODUCTS.stream().map(SandboxCatalog.Product::sku).toList();
        for (String id : demo) {
            walmart.order(id).at("/orderLines/orderLine")
                    .forEach(line -> assertThat(catalogue).contains(line.at("/item/sku").asText()));
        }
        assertThat(walmart.orderCount()).isEqualTo(21);
    }

    @Test
    void theStateFileKeepsTheOrdersAcrossARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("walmart.json");
        WalmartSandbox.Config config = WalmartCalls.config();
        WalmartSandbox.Config withState = new WalmartSandbox.Config(config.host(), 0, config.clientId(), config.clientSecret(),
                null, null, 0, 7, state);
        String id;
        ObjectNode before;
        try (WalmartSandbox first = new WalmartSandbox(withState).start()) {
            id = first.placeDemoOrders(3).get(2);
            before = first.order(id);
        }
        try (WalmartSandbox second = new WalmartSandbox(withState).start()) {
            assertThat(second.orderCount()).isEqualTo(3);
            assertThat(second.order(id)).isEqualTo(before);
            assertThat(second.placeDemoOrders(1).get(0)).isNotEqualTo(id);
        }
    }

    @Test
    void theControlApiPlacesDemoOrdersAndTellsTheStats() throws Exception {
        HttpResponse<String> placed = calls.send(calls.bare("/sandbox/orders?count=2&shipNodeType=WFSFulfilled")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> stats = calls.send(calls.bare("/sandbox/stats").GET());

        assertThat(placed.statusCode()).isEqualTo(201);
        assertThat(body(placed).get("purchaseOrderIds")).hasSize(2);
        assertThat(body(stats).get("orders").asInt()).isEqualTo(2);
        assertThat(body(stats).get("released").asInt()).isZero();
        assertThat(body(stats).get("tokensIssued").asInt()).isEqualTo(1);
    }

    @Test
    void theGeneratorPlacesOrdersUntilStopped() throws InterruptedException {
        walmart.startGenerator(600);
        await().atMost(Duration.ofSeconds(5)).until(() -> walmart.orderCount() >= 2);
        walmart.stopGenerator();
        int placed = walmart.orderCount();

        Thread.sleep(300);
        assertThat(walmart.orderCount()).isBetween(placed, placed + 1);
    }

    private List<String> releasedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        body(calls.get("/v3/orders/released", token)).at("/list/elements/order").forEach(o -> ids.add(o.get("purchaseOrderId").asText()));
        return ids;
    }
}
