package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refunds over HTTP. The orders are "Mug" 3 × 10.00 and "Tee" 1 × 24.00 with 7.50 shipping at 8.25 % tax:
 * 30.00 + 2.48, 24.00 + 1.98, 7.50 + 0.62, 66.58 in all.
 */
class RefundsTest {

    static TestStore store;
    static WebhookInbox inbox;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        inbox = new WebhookInbox().subscribe(store, "store/order/*");
    }

    @AfterAll
    static void stop() {
        store.close();
        inbox.close();
    }

    @Test
    void aQuoteSaysWhatAPartialQuantityComesToWithItsShareOfTheLinesTax() throws Exception {
        int order = store.order(20, "Mug:3:10.00", "Tee:1:24.00");
        int mug = product(order, 0).get("id").asInt();

        HttpResponse<String> response = store.post(quotes(order), "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode quote = json(response).get("data");
        assertThat(quote.get("order_id").asInt()).isEqualTo(order);
        assertThat(quote.get("total_refund_amount").decimalValue()).isEqualByComparingTo("10.83");
        assertThat(quote.get("total_refund_tax_amount").decimalValue()).isEqualByComparingTo("0.83");
        assertThat(quote.get("tax_inclusive").asBoolean()).isFalse();
        assertThat(quote.get("refund_methods")).extracting(m -> m.get(0).get("provider_id").asText())
                .containsExactly("testgateway", "storecredit", "custom");
        assertThat(quote.at("/refund_methods/0/0/amount").decimalValue()).isEqualByComparingTo("10.83");
        // a quote refunds nothing
        assertThat(store.sandbox.order(order).get("refunded_amount").asText()).isEqualTo("0.0000");
    }

    @Test
    void refundingPartOfALineThenTheRestRefundsExactlyWhatItCostAndTheOrderBecomesRefunded() throws Exception {
        int order = store.order(20, "Mug:3:10.00", "Tee:1:24.00");
        int mug = product(order, 0).get("id").asInt();
        int tee = product(order, 1).get("id").asInt();

        HttpResponse<String> first = store.post(refunds(order), "{\"reason\":\"Chipped\",\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":"
                + mug + ",\"quantity\":1,\"reason\":\"Chipped\"}],\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":10.83,\"offline\":false}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode refund = json(first).get("data");
        assertThat(refund.get("order_id").asInt()).isEqualTo(order);
        assertThat(refund.get("reason").asText()).isEqualTo("Chipped");
        assertThat(refund.get("total_amount").decimalValue()).isEqualByComparingTo("10.83");
        assertThat(refund.get("total_tax").decimalValue()).isEqualByComparingTo("0.83");
        assertThat(refund.get("uses_merchant_override_values").asBoolean()).isFalse();
        assertThat(refund.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(refund.get("items").get(0)).isEqualTo(json("{\"item_type\":\"PRODUCT\",\"item_id\":" + mug
                + ",\"reason\":\"Chipped\",\"quantity\":1,\"requested_amount\":10.00}"));
        assertThat(refund.at("/payments/0/provider_id").asText()).isEqualTo("testgateway");
        assertThat(refund.at("/payments/0/is_declined").asBoolean()).isFalse();
        JsonNode partly = store.sandbox.order(order);
        assertThat(partly.get("refunded_amount").asText()).isEqualTo("10.8300");
        assertThat(partly.get("status_id").asInt()).isEqualTo(14);
        assertThat(partly.get("status").asText()).isEqualTo("Partially Refunded");
        assertThat(partly.get("payment_status").asText()).isEqualTo("partially refunded");
        JsonNode line = product(order, 0);
        assertThat(line.get("quantity_refunded").asInt()).isEqualTo(1);
        assertThat(line.get("refund_amount").asText()).isEqualTo("10.8300");
        assertThat(line.get("is_refunded").asBoolean()).isFalse();
        JsonNode hook = inbox.about("store/order/refund/created", order);
        assertThat(hook.get("data")).isEqualTo(json("{\"type\":\"order\",\"id\":" + order + ",\"refund\":{\"refund_id\":"
                + refund.get("id").asInt() + "}}"));
        assertThat(inbox.about("store/order/statusUpdated", order).at("/data/status"))
                .isEqualTo(json("{\"previous_status_id\":11,\"new_status_id\":14}"));

        // the rest: 2 mugs (20.00 + 1.65, the rest of the line's 2.48), the tee (24.00 + 1.98), shipping (7.50 + 0.62)
        String rest = "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":2},{\"item_type\":\"PRODUCT\","
                + "\"item_id\":" + tee + ",\"quantity\":1},{\"item_type\":\"SHIPPING\",\"item_id\":" + order + ",\"amount\":7.50}]";
        assertThat(json(store.post(quotes(order), rest + "}")).at("/data/total_refund_amount").decimalValue()).isEqualByComparingTo("55.75");
        int second = store.sandbox.refund(order, json(rest + ",\"payments\":[{\"provider_id\":\"storecredit\",\"amount\":50},"
                + "{\"provider_id\":\"custom\",\"amount\":5.75}]}"));

        JsonNode refunded = store.sandbox.order(order);
        assertThat(refunded.get("refunded_amount").asText()).isEqualTo("66.5800").isEqualTo(refunded.get("total_inc_tax").asText());
        assertThat(refunded.get("status_id").asInt()).isEqualTo(4);
        assertThat(refunded.get("payment_status").asText()).isEqualTo("refunded");
        assertThat(product(order, 0).get("quantity_refunded").asInt()).isEqualTo(3);
        assertThat(product(order, 0).get("is_refunded").asBoolean()).isTrue();
        assertThat(product(order, 0).get("refund_amount").asText()).isEqualTo("32.4800");
        assertThat(store.sandbox.refunds(order)).extracting(r -> r.get("id").asInt()).containsExactly(refund.get("id").asInt(), second);
        JsonNode payments = store.sandbox.refunds(order).get(1).get("payments");
        assertThat(payments).extracting(p -> p.get("provider_id").asText() + " " + p.get("offline").asBoolean())
                .containsExactly("storecredit false", "custom true");
        JsonNode listed = json(store.get(refunds(order)));
        assertThat(listed.get("data")).hasSize(2);
        assertThat(listed.at("/meta/pagination/total").asInt()).isEqualTo(2);

        HttpResponse<String> more = store.post(quotes(order), "{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":0.01}]}");
        assertThat(more.statusCode()).isEqualTo(422);
        assertThat(json(more).get("title").asText()).isEqualTo("Refund amount exceeds remaining amount");
    }

    @Test
    void shippingIsRefundedByAmountWithItsShareOfTheShippingTax() throws Exception {
        int order = store.order(20, "Mug:3:10.00");

        JsonNode five = json(store.post(quotes(order), shipping(order, "5.00") + "}")).get("data");
        assertThat(five.get("total_refund_amount").decimalValue()).isEqualByComparingTo("5.41");
        assertThat(five.get("total_refund_tax_amount").decimalValue()).isEqualByComparingTo("0.41");
        store.sandbox.refund(order, json(shipping(order, "5.00") + ",\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":5.41}]}"));

        JsonNode rest = json(store.post(quotes(order), shipping(order, "2.50") + "}")).get("data");
        assertThat(rest.get("total_refund_amount").decimalValue()).isEqualByComparingTo("2.71");
        HttpResponse<String> refunded = store.post(refunds(order), shipping(order, "2.50")
                + ",\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":2.71}]}");
        assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
        assertThat(json(refunded).at("/data/items/0")).isEqualTo(json("{\"item_type\":\"SHIPPING\",\"item_id\":" + order
                + ",\"reason\":\"\",\"requested_amount\":2.50}"));
        assertThat(store.sandbox.order(order).get("refunded_amount").asText()).isEqualTo("8.1200");
        assertThat(store.sandbox.order(order).get("status_id").asInt()).isEqualTo(14);
        assertThat(product(order, 0).get("quantity_refunded").asInt()).isZero();

        HttpResponse<String> beyond = store.post(quotes(order), shipping(order, "0.01") + "}");
        assertThat(beyond.statusCode()).isEqualTo(422);
        assertThat(json(beyond).at("/errors/items[0].amount").asText()).contains("0.00 of 7.50 shipping left to refund");
    }

    @Test
    void aRefundBeyondWhatIsLeftOrPaidBackWronglyIsRefusedAndChangesNothing() throws Exception {
        int order = store.order(0, "Mug:3:10.00");
        int mug = product(order, 0).get("id").asInt();
        store.sandbox.refund(order, json("{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}],"
                + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":10.83}]}"));
        String three = "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":3}]";

        HttpResponse<String> tooMany = store.post(refunds(order), three + ",\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":32.48}]}");

        assertThat(tooMany.statusCode()).isEqualTo(422);
        JsonNode error = json(tooMany);
        assertThat(error.get("status").asInt()).isEqualTo(422);
        assertThat(error.get("title").asText()).isEqualTo("Refund amount exceeds remaining amount");
        assertThat(error.at("/errors/items[0].quantity").asText()).isEqualTo("order product " + mug + " has 2 of 3 left to refund, not 3");
        assertRefused(store.post(refunds(order), "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}],"
                + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":10.00}]}"), "The payments do not add up to the refund amount");
        assertRefused(store.post(refunds(order), "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}],"
                + "\"payments\":[{\"provider_id\":\"storecredit\",\"amount\":10.83}]}"), "Unable to provide store credit for a guest customer.");
        assertRefused(store.post(refunds(order), "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}]}"),
                "JSON data is missing or invalid");
        assertRefused(store.post(refunds(order), "{\"items\":[{\"item_type\":\"FEE\",\"item_id\":1,\"amount\":1}],"
                + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":1}]}"), "JSON data is missing or invalid");
        assertRefused(store.post(refunds(order), "{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":4242,\"quantity\":1}],"
                + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":1}]}"), "JSON data is missing or invalid");
        assertThatThrownBy(() -> store.sandbox.refund(order, json(three + ",\"payments\":[]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("422").hasMessageContaining("2 of 3 left to refund");
        assertThat(store.post("/v3/orders/987654/payment_actions/refund_quotes", three + "}").statusCode()).isEqualTo(404);

        assertThat(store.sandbox.refunds(order)).hasSize(1);
        assertThat(store.sandbox.order(order).get("refunded_amount").asText()).isEqualTo("10.8300");
        assertThat(product(order, 0).get("quantity_refunded").asInt()).isEqualTo(1);
    }

    @Test
    void refundsAreListedAcrossOrdersByOrderIdAndCreationTime() throws Exception {
        int first = store.order(20, "Mug:1:10.00");
        int second = store.order(20, "Mug:1:10.00");
        int a = store.sandbox.refund(first, json(orderLevel(first, "1.00")));
        // refunds carry their creation time to the second
        Thread.sleep(1100);
        int b = store.sandbox.refund(second, json(orderLevel(second, "2.00")));
        String created = store.sandbox.refunds(second).get(0).get("created").asText();

        assertThat(ids("?created:min=" + URLEncoder.encode(created, StandardCharsets.UTF_8))).containsExactly(b);
        // a '+' sent without URL-encoding arrives as a space and still reads as the offset it was
        assertThat(ids("?created:min=" + created)).containsExactly(b);
        assertThat(ids("?order_id:in=" + first + "," + second)).containsExactly(a, b);
        assertThat(ids("?order_id:in=" + first)).containsExactly(a);
        assertThat(ids("?id:in=" + b + "&order_id:in=" + first + "," + second)).containsExactly(b);
        assertThat(ids("?created:max=" + URLEncoder.encode(created, StandardCharsets.UTF_8) + "&order_id:in=" + first + "," + second))
                .containsExactly(a, b);
        JsonNode page = json(store.get("/v3/orders/payment_actions/refunds?order_id:in=" + first + "," + second + "&limit=1&page=2"));
        assertThat(page.get("data")).extracting(r -> r.get("id").asInt()).containsExactly(b);
        assertThat(page.at("/meta/pagination/total_pages").asInt()).isEqualTo(2);
        assertThat(json(store.get("/v3/orders/payment_actions/refunds/" + a)).at("/data/order_id").asInt()).isEqualTo(first);
        assertThat(store.get("/v3/orders/payment_actions/refunds?created:min=yesterday").statusCode()).isEqualTo(422);
        JsonNode order = store.sandbox.refunds(first).get(0);
        assertThat(order.get("items").get(0)).isEqualTo(json("{\"item_type\":\"ORDER\",\"item_id\":" + first
                + ",\"reason\":\"\",\"requested_amount\":1.00}"));
        assertThat(order.get("total_tax").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void batchesRefundEachOrderOnItsOwn() throws Exception {
        int good = store.order(20, "Mug:1:10.00");
        int small = store.order(20, "Mug:1:1.00");

        HttpResponse<String> quotes = store.post("/v3/orders/payment_actions/refund_quotes", "[" + orderLevel(good, "1.00").replace("{\"items\"",
                "{\"order_id\":" + good + ",\"items\"") + "]");
        assertThat(quotes.statusCode()).as(quotes.body()).isEqualTo(201);
        assertThat(json(quotes).at("/data/0/total_refund_amount").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(json(quotes).get("meta")).isEqualTo(json("{\"failure\":0,\"success\":1,\"total\":1}"));

        HttpResponse<String> refunds = store.post("/v3/orders/payment_actions/refunds", "[" + batchItem(good, "1.00") + ","
                + batchItem(small, "100.00") + "]");

        assertThat(refunds.statusCode()).as(refunds.body()).isEqualTo(422);
        JsonNode body = json(refunds);
        assertThat(body.get("data")).extracting(r -> r.get("order_id").asInt()).containsExactly(good);
        assertThat(body.at("/errors/0/order_id").asInt()).isEqualTo(small);
        assertThat(body.at("/errors/0/status").asInt()).isEqualTo(422);
        assertThat(body.at("/errors/0/error").asText()).startsWith("Refund amount exceeds remaining amount");
        assertThat(body.get("meta")).isEqualTo(json("{\"failure\":1,\"success\":1,\"total\":2}"));
        assertThat(store.sandbox.refunds(good)).hasSize(1);
        assertThat(store.sandbox.refunds(small)).isEmpty();
    }

    @Test
    void aMerchantOverrideSetsTheTotalsAndAnUnpaidOrderHasNothingToRefund() throws Exception {
        int order = store.order(20, "Mug:1:10.00");
        int mug = product(order, 0).get("id").asInt();

        int id = store.sandbox.refund(order, json("{\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + mug + ",\"quantity\":1}],"
                + "\"merchant_calculated_override\":{\"total_amount\":9.00,\"total_tax\":0},"
                + "\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":9.00}]}"));

        JsonNode refund = store.sandbox.refunds(order).get(0);
        assertThat(refund.get("id").asInt()).isEqualTo(id);
        assertThat(refund.get("uses_merchant_override_values").asBoolean()).isTrue();
        assertThat(refund.get("total_amount").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(store.sandbox.order(order).get("refunded_amount").asText()).isEqualTo("9.0000");

        int unpaid = store.order(20, "Mug:1:10.00");
        store.sandbox.setOrderStatus(unpaid, 7);
        assertRefused(store.post(quotes(unpaid), "{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + unpaid + ",\"amount\":1}]}"),
                "The order has no captured payment to refund");
    }

    private static java.util.List<Integer> ids(String query) throws Exception {
        HttpResponse<String> response = store.get("/v3/orders/payment_actions/refunds" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        json(response).get("data").forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    private static String quotes(int order) {
        return "/v3/orders/" + order + "/payment_actions/refund_quotes";
    }

    private static String refunds(int order) {
        return "/v3/orders/" + order + "/payment_actions/refunds";
    }

    /** The start of a body refunding this much shipping of the order's address (whose id is the order's); close it or add payments. */
    private static String shipping(int order, String amount) {
        return "{\"items\":[{\"item_type\":\"SHIPPING\",\"item_id\":" + order + ",\"amount\":" + amount + "}]";
    }

    private static String orderLevel(int order, String amount) {
        return "{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":" + amount + "}],"
                + "\"payments\":[{\"provider_id\":\"custom\",\"amount\":" + amount + ",\"offline\":true}]}";
    }

    private static String batchItem(int order, String amount) {
        return orderLevel(order, amount).replace("{\"items\"", "{\"order_id\":" + order + ",\"items\"");
    }

    private static JsonNode product(int order, int line) throws Exception {
        return json(store.get("/v2/orders/" + order + "/products")).get(line);
    }

    private static void assertRefused(HttpResponse<String> response, String title) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).get("title").asText()).isEqualTo(title);
    }
}
