package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Orders as a poller sees them: paging by NextToken, filters, amounts that add up, and the order lifecycle. */
class AmazonOrdersTest {

    static final String ORDERS = "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER";
    static final String SINCE_2020 = ORDERS + "&LastUpdatedAfter=2020-01-01T00:00:00Z";
    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void aLastUpdatedAfterPollPagesByNextTokenAndEndsWithItsUpperBound() throws Exception {
        Set<String> placed = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            placed.add(amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped")));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Set<String> bounds = new HashSet<>();
        String query = SINCE_2020 + "&MaxResultsPerPage=10";
        String lastUpdate = "";
        while (query != null) {
            JsonNode payload = ok(api.get(query)).get("payload");
            pageSizes.add(payload.get("Orders").size());
            bounds.add(payload.get("LastUpdatedBefore").asText());
            for (JsonNode order : payload.get("Orders")) {
                seen.add(order.get("AmazonOrderId").asText());
                assertThat(order.get("LastUpdateDate").asText()).isGreaterThanOrEqualTo(lastUpdate);
                lastUpdate = order.get("LastUpdateDate").asText();
            }
            query = payload.has("NextToken") ? ORDERS + "&NextToken=" + SpApi.encode(payload.get("NextToken").asText()) : null;
        }

        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placed);
        assertThat(bounds).hasSize(1);
        assertThat(Instant.parse(bounds.iterator().next())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void anOrderChangedBetweenPagesTurnsUpByTheNextPollFromTheUpperBound() throws Exception {
        List<String> placed = amazon.placeDemoOrders(15);
        JsonNode first = ok(api.get(SINCE_2020 + "&MaxResultsPerPage=10")).get("payload");
        Set<String> seen = ids(first);
        String moved = placed.stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
        Thread.sleep(1100);
        amazon.advance(moved, "Unshipped");
        JsonNode second = ok(api.get(ORDERS + "&NextToken=" + SpApi.encode(first.get("NextToken").asText()))).get("payload");
        seen.addAll(ids(second));
        assertThat(second.has("NextToken")).isFalse();

        JsonNode next = ok(api.get(ORDERS + "&LastUpdatedAfter=" + first.get("LastUpdatedBefore").asText())).get("payload");
        seen.addAll(ids(next));
        assertThat(seen).containsAll(placed);
        assertThat(ids(next)).contains(moved);
    }

    @Test
    void statusAndFulfillmentChannelFilters() throws Exception {
        String pending = amazon.placeOrder(amazon.demoOrder().withChannel("MFN"));
        String unshipped = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped"));
        String shipped = amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Shipped"));
        String canceled = amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Canceled"));

        assertThat(ids(ok(api.get(SINCE_2020 + "&OrderStatuses=Unshipped,Shipped")).get("payload")))
                .containsExactlyInAnyOrder(unshipped, shipped);
        assertThat(ids(ok(api.get(SINCE_2020 + "&OrderStatuses=Pending&OrderStatuses=Canceled")).get("payload")))
                .containsExactlyInAnyOrder(pending, canceled);
        assertThat(ids(ok(api.get(SINCE_2020 + "&FulfillmentChannels=AFN")).get("payload"))).containsExactlyInAnyOrder(shipped, canceled);
        assertThat(ids(ok(api.get(SINCE_2020 + "&FulfillmentChannels=MFN&OrderStatuses=Unshipped")).get("payload")))
                .containsExactly(unshipped);
    }

    @Test
    void amazonFulfilledAndSellerFulfilledOrdersDiffer() {
        ObjectNode afn = amazon.order(amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Unshipped")));
        ObjectNode mfn = amazon.order(amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped")));

        assertThat(afn.get("IsPrime").asBoolean()).isTrue();
        assertThat(afn.has("LatestDeliveryDate")).isFalse();
        assertThat(afn.at("/ShippingAddress").has("Phone")).as("Amazon suppresses the phone of FBA orders").isFalse();
        assertThat(mfn.get("IsPrime").asBoolean()).isFalse();
        assertThat(mfn.get("LatestDeliveryDate").asText()).isNotEmpty();
        assertThat(mfn.at("/ShippingAddress/Phone").asText()).startsWith("+1 ");
    }

    @Test
    void orderTotalsAreTheSumOfTheItemAmounts() {
        List<String> ids = amazon.placeDemoOrders(60);
        ids.forEach(id -> amazon.advance(id, "Unshipped"));
        int promoted = 0;
        for (String id : ids) {
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode item : amazon.orderItems(id)) {
                sum = sum.add(amount(item, "ItemPrice")).add(amount(item, "ItemTax")).add(amount(item, "ShippingPrice"))
                        .add(amount(item, "ShippingTax")).subtract(amount(item, "PromotionDiscount"))
                        .subtract(amount(item, "PromotionDiscountTax")).subtract(amount(item, "ShippingDiscount"))
                        .subtract(amount(item, "ShippingDiscountTax"));
                BigDecimal unitPrice = SandboxCatalog.PRODUCTS.stream().filter(p -> p.sku().equals(item.get("SellerSKU").asText()))
                        .findFirst().orElseThrow().price();
                assertThat(amount(item, "ItemPrice")).isEqualTo(unitPrice.multiply(BigDecimal.valueOf(item.get("QuantityOrdered").asInt())));
                promoted += item.has("PromotionIds") ? 1 : 0;
            }
            ObjectNode order = amazon.order(id);
            assertThat(order.at("/OrderTotal/Amount").asText()).matches("\\d+\\.\\d{2}").isEqualTo(sum.toPlainString());
            assertThat(order.at("/OrderTotal/CurrencyCode").asText()).isEqualTo("USD");
        }
        assertThat(promoted).as("a few demo orders carry a promotion").isBetween(2, 20);
    }

    @Test
    void taxesRoundPerChargeAndDiscountsCarryTheirTax() {
        NewOrder.Line line = NewOrder.Line.of("MUG-11OZ", 3).withShipping(new BigDecimal("5.99"))
                .withPromotion("PLM-3.90", new BigDecimal("3.90"));
        String id = amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped").withTaxRate(new BigDecimal("0.1025"))
                .withLines(List.of(line)));

        JsonNode item = amazon.orderItems(id).get(0);
        assertThat(item.at("/ItemPrice/Amount").asText()).isEqualTo("38.97");
        assertThat(item.at("/ItemTax/Amount").asText()).isEqualTo("3.99");
        assertThat(item.at("/ShippingTax/Amount").asText()).isEqualTo("0.61");
        assertThat(item.at("/PromotionDiscountTax/Amount").asText()).isEqualTo("0.40");
        assertThat(item.get("PromotionIds")).hasSize(1);
        // 38.97 + 3.99 + 5.99 + 0.61 - 3.90 - 0.40
        assertThat(amazon.order(id).at("/OrderTotal/Amount").asText()).isEqualTo("45.26");
    }

    @Test
    void untilPaymentIsAuthorisedThereIsNoTotalAddressOrPrice() throws Exception {
        String id = amazon.placeOrder(amazon.demoOrder().withChannel("MFN"));

        ObjectNode pending = amazon.order(id);
        assertThat(pending.get("OrderStatus").asText()).isEqualTo("Pending");
        assertThat(pending.has("OrderTotal")).isFalse();
        assertThat(pending.has("ShippingAddress")).isFalse();
        assertThat(pending.at("/BuyerInfo/BuyerEmail").asText()).endsWith("@marketplace.amazon.com");
        assertThat(amazon.orderItems(id).get(0).has("ItemPrice")).isFalse();
        assertThat(ok(api.get("/orders/v0/orders/" + id + "/address")).get("payload").has("ShippingAddress")).isFalse();

        amazon.advance(id, "Unshipped");
        assertThat(amazon.order(id).has("OrderTotal")).isTrue();
        assertThat(amazon.orderItems(id).get(0).has("ItemPrice")).isTrue();
        assertThat(ok(api.get("/orders/v0/orders/" + id + "/address")).at("/payload/ShippingAddress/PostalCode").asText())
                .matches("\\d{5}-\\d{4}");
    }

    @Test
    void theLifecycleMovesStatusAndShippedQuantities() throws Exception {
        NewOrder order = amazon.demoOrder().withLines(List.of(NewOrder.Line.of("TEE-M-BLK", 2), NewOrder.Line.of("CAP-ONE", 1)));
        String id = amazon.placeOrder(order);
        assertThat(amazon.order(id).get("NumberOfItemsUnshipped").asInt()).isEqualTo(3);

        assertThatThrownBy(() -> amazon.advance(id, "Shipped")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Pending");
        amazon.advance(id, "Unshipped");
        amazon.advance(id, "PartiallyShipped");
        ObjectNode partly = amazon.order(id);
        assertThat(partly.get("NumberOfItemsShipped").asInt()).isEqualTo(2);
        assertThat(partly.get("NumberOfItemsUnshipped").asInt()).isEqualTo(1);

        HttpResponse<String> shipped = api.post("/sandbox/orders/" + id + "?status=Shipped");
        assertThat(shipped.statusCode()).isEqualTo(200);
        assertThat(SpApi.json(shipped).get("OrderStatus").asText()).isEqualTo("Shipped");
        assertThat(amazon.order(id).get("NumberOfItemsShipped").asInt()).isEqualTo(3);
        assertThat(amazon.orderItems(id)).allSatisfy(i -> assertThat(i.get("QuantityShipped")).isEqualTo(i.get("QuantityOrdered")));
        assertThat(amazon.order(id).get("LastUpdateDate").asText()).isGreaterThanOrEqualTo(amazon.order(id).get("PurchaseDate").asText());

        String canceled = amazon.placeOrder(amazon.demoOrder());
        amazon.advance(canceled, "Canceled");
        assertThat(amazon.order(canceled).get("NumberOfItemsUnshipped").asInt()).isZero();
        assertThat(api.post("/sandbox/orders/" + canceled + "?status=Unshipped").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> amazon.advance("111-0000000-0000000", "Unshipped")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void anOrderForASkuNetSuiteDoesNotKnowAndAGivenBuyerEmail() throws Exception {
        String id = amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped").withBuyerEmail("q7rzt0mx3kd9wbn@marketplace.amazon.com")
                .withLines(List.of(NewOrder.Line.custom("MYSTERY-BOX", "Mystery box", new BigDecimal("24.00"), 1))));

        JsonNode items = ok(api.get("/orders/v0/orders/" + id + "/orderItems")).at("/payload/OrderItems");
        assertThat(items.get(0).get("SellerSKU").asText()).isEqualTo("MYSTERY-BOX");
        assertThat(items.get(0).get("ASIN").asText()).matches("B0[0-9A-Z]{8}");
        assertThat(ok(api.get("/orders/v0/orders/" + id + "/buyerInfo")).at("/payload/BuyerEmail").asText())
                .isEqualTo("q7rzt0mx3kd9wbn@marketplace.amazon.com");
    }

    @Test
    void orderItemsComeInPagesOfTwenty() throws Exception {
        List<NewOrder.Line> lines = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            lines.add(NewOrder.Line.custom("BULK-" + i, "Bulk item " + i, new BigDecimal("1.00"), 1));
        }
        String id = amazon.placeOrder(amazon.demoOrder().withLines(lines));

        JsonNode first = ok(api.get("/orders/v0/orders/" + id + "/orderItems")).get("payload");
        assertThat(first.get("OrderItems")).hasSize(AmazonSandbox.ORDER_ITEMS_PER_PAGE);
        JsonNode second = ok(api.get("/orders/v0/orders/" + id + "/orderItems?NextToken="
                + SpApi.encode(first.get("NextToken").asText()))).get("payload");
        assertThat(second.get("OrderItems")).hasSize(5);
        assertThat(second.has("NextToken")).isFalse();
        assertThat(second.at("/OrderItems/4/SellerSKU").asText()).isEqualTo("BULK-25");
        assertThat(api.get("/orders/v0/orders/" + id + "/orderItems?NextToken=bm9wZQ%3D%3D").statusCode()).isEqualTo(400);
    }

    @Test
    void invalidParametersAreInvalidInput() throws Exception {
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        for (String query : List.of("/orders/v0/orders?LastUpdatedAfter=2020-01-01T00:00:00Z",
                "/orders/v0/orders?MarketplaceIds=A1F83G8C2ARO7P&LastUpdatedAfter=2020-01-01T00:00:00Z",
                ORDERS,
                ORDERS + "&CreatedAfter=2020-01-01T00:00:00Z&LastUpdatedAfter=2020-01-01T00:00:00Z",
                ORDERS + "&CreatedAfter=2020-01-01T00:00:00Z&LastUpdatedBefore=2021-01-01T00:00:00Z",
                ORDERS + "&LastUpdatedAfter=2020-01-01T00:00:00Z&LastUpdatedBefore=" + future,
                ORDERS + "&LastUpdatedAfter=2021-01-01T00:00:00Z&LastUpdatedBefore=2020-01-01T00:00:00Z",
                ORDERS + "&LastUpdatedAfter=yesterday",
                SINCE_2020 + "&MaxResultsPerPage=101",
                SINCE_2020 + "&OrderStatuses=Delivered",
                SINCE_2020 + "&FulfillmentChannels=FBA",
                ORDERS + "&NextToken=not-a-token",
                "/orders/v0/orders/12345")) {
            HttpResponse<String> response = api.get(query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(SpApi.json(response).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
        }
        assertThat(api.get("/orders/v0/orders/111-0000000-0000000").statusCode()).isEqualTo(404);
    }

    @Test
    void getOrdersSeesUpToTwoMinutesAgoByDefault() throws Exception {
        amazon.close();
        amazon = SpApi.sandbox(SpApi.LOOSE, null, null, null);
        api = new SpApi(amazon);
        amazon.placeOrder(amazon.demoOrder());
        Instant before = Instant.now().minus(Duration.ofMinutes(2));

        JsonNode payload = ok(api.get(SINCE_2020)).get("payload");
        assertThat(payload.get("Orders")).isEmpty();
        assertThat(Instant.parse(payload.get("LastUpdatedBefore").asText()))
                .isBetween(before.minusSeconds(2), before.plusSeconds(2));
        assertThat(api.get(SINCE_2020 + "&LastUpdatedBefore=" + Instant.now().truncatedTo(ChronoUnit.SECONDS)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void demoOrdersMixChannelsAndMoveAlong() {
        List<String> ids = amazon.placeDemoOrders(200);
        long afn = ids.stream().filter(id -> amazon.order(id).get("FulfillmentChannel").asText().equals("AFN")).count();
        assertThat(afn).isBetween(60L, 100L);
        assertThat(ids).allSatisfy(id -> assertThat(amazon.order(id).get("OrderStatus").asText()).isEqualTo("Pending"));

        for (int tick = 0; tick < 6; tick++) {
            amazon.progressOrders();
        }
        List<ObjectNode> orders = ids.stream().map(amazon::order).toList();
        assertThat(orders).anySatisfy(o -> assertThat(o.get("OrderStatus").asText()).isEqualTo("Canceled"));
        assertThat(orders).anySatisfy(o -> assertThat(o.get("OrderStatus").asText()).isEqualTo("Unshipped"));
        assertThat(orders).anySatisfy(o -> assertThat(o.get("OrderStatus").asText()).isEqualTo("Shipped"));
        assertThat(orders).filteredOn(o -> o.get("OrderStatus").asText().equals("Shipped"))
                .allSatisfy(o -> assertThat(o.get("FulfillmentChannel").asText()).isEqualTo("AFN"));
        assertThat(orders).filteredOn(o -> o.get("OrderStatus").asText().equals("Pending")).hasSizeLessThan(20);
    }

    @Test
    void theGeneratorAndTheControlApiPlaceOrders() throws Exception {
        HttpResponse<String> placed = api.post("/sandbox/orders?count=3");
        assertThat(placed.statusCode()).isEqualTo(201);
        assertThat(SpApi.json(placed).get("orders")).hasSize(3);

        amazon.startGenerator(1200);
        await().atMost(Duration.ofSeconds(5)).until(() -> amazon.orderCount() >= 8);
        amazon.stopGenerator();

        JsonNode stats = SpApi.json(api.get("/sandbox/stats", null));
        assertThat(stats.get("orders").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(stats.get("sellerId").asText()).isEqualTo(SpApi.SELLER_ID);
    }

    @Test
    void ordersSurviveARestartThroughTheStateFile(@TempDir Path dir) {
        amazon.close();
        Path state = dir.resolve("amazon.json");
        amazon = SpApi.sandbox(SpApi.LOOSE, null, Duration.ZERO, state);
        String id = amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped"));
        ObjectNode before = amazon.order(id);
        ArrayNode items = amazon.orderItems(id);
        amazon.close();

        amazon = SpApi.sandbox(SpApi.LOOSE, null, Duration.ZERO, state);
        assertThat(amazon.order(id)).isEqualTo(before);
        assertThat(amazon.orderItems(id)).isEqualTo(items);
        String another = amazon.placeOrder(amazon.demoOrder());
        assertThat(another).isNotEqualTo(id);
        assertThat(amazon.orderCount()).isEqualTo(2);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SpApi.json(response);
    }

    private static Set<String> ids(JsonNode payload) {
        Set<String> ids = new HashSet<>();
        payload.get("Orders").forEach(o -> ids.add(o.get("AmazonOrderId").asText()));
        return ids;
    }

    private static BigDecimal amount(JsonNode item, String field) {
        return new BigDecimal(item.get(field).get("Amount").asText());
    }
}
