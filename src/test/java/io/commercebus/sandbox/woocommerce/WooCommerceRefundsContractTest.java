package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.commercebus.contract.JsonSchemaFile;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refunds and notes answer what WooCommerce's REST API v3 documentation describes, checked against our JSON Schemas
 * written from its Order refunds and Order notes property tables (woocommerce/refunds.schema.json and
 * woocommerce/notes.schema.json); the requests the tests send are checked against the same pages' parameters.
 */
class WooCommerceRefundsContractTest {

    static TestStore store;
    static JsonSchemaFile refunds;
    static JsonSchemaFile notes;
    static JsonSchemaFile orders;
    static int orderId;
    /** A refund of a product line, the shipping and the fee, each with its tax. */
    static JsonNode itemised;
    static String itemisedRequest;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        refunds = new JsonSchemaFile("/woocommerce/refunds.schema.json");
        notes = new JsonSchemaFile("/woocommerce/notes.schema.json");
        orders = new JsonSchemaFile("/woocommerce/orders.schema.json");
        ObjectNode order = store.sandbox.demoOrderBody();
        order.put("payment_method", "stripe").put("transaction_id", "pi_contract").put("set_paid", true);
        order.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "Flat rate").put("total", "7.50");
        order.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95").put("tax_status", "taxable");
        JsonNode placed = WooCommerceRefundsTest.create(store, Json.mapper().writeValueAsString(order));
        orderId = placed.get("id").asInt();
        JsonNode line = placed.get("line_items").get(0);
        JsonNode shipping = placed.get("shipping_lines").get(0);
        JsonNode fee = placed.get("fee_lines").get(0);
        itemisedRequest = "{\"reason\": \"Returned\", \"api_refund\": true, \"api_restock\": true,"
                + " \"meta_data\": [{\"key\": \"rma\", \"value\": \"RMA-1\"}], \"line_items\": ["
                + refundLine(line.get("id").asInt(), 1, line.get("price").asDouble(), line.get("taxes").get(0).get("total").asDouble()) + ", "
                + refundLine(shipping.get("id").asInt(), 0, shipping.get("total").asDouble(), shipping.get("total_tax").asDouble()) + ", "
                + refundLine(fee.get("id").asInt(), 0, fee.get("total").asDouble(), fee.get("total_tax").asDouble()) + "]}";
        HttpResponse<String> response = store.send("POST", "/orders/" + orderId + "/refunds", itemisedRequest);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        itemised = TestStore.json(response);
        store.send("POST", "/orders/" + orderId + "/refunds", "{\"amount\": \"1.50\", \"api_refund\": false}");
        store.send("POST", "/orders/" + orderId + "/notes", "{\"note\": \"Refund sent\", \"customer_note\": true}");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aRefundOfEveryKindOfLine() {
        assertThat(problems(refunds.validate("refund", itemised))).as(itemised.toString()).isEmpty();
        for (String lines : List.of("line_items", "shipping_lines", "fee_lines", "tax_lines", "meta_data")) {
            assertThat(itemised.get(lines)).as(lines).hasSize(1);
        }
        assertThat(itemised.get("tax_lines").get(0).get("shipping_tax_total").asText()).startsWith("-");
    }

    @Test
    void retrieveListAndDelete() throws Exception {
        HttpResponse<String> one = store.get("/orders/" + orderId + "/refunds/" + itemised.get("id").asInt());
        HttpResponse<String> list = store.get("/orders/" + orderId + "/refunds");

        assertThat(problems(refunds.validate("refund", TestStore.json(one)))).as(one.body()).isEmpty();
        assertThat(problems(refunds.validate("refundList", TestStore.json(list)))).as(list.body()).isEmpty();
        assertThat(TestStore.json(list)).hasSize(2);

        int spare = TestStore.json(store.send("POST", "/orders/" + orderId + "/refunds", "{\"amount\": \"0.10\", \"api_refund\": false}"))
                .get("id").asInt();
        HttpResponse<String> deleted = store.send("DELETE", "/orders/" + orderId + "/refunds/" + spare + "?force=true", null);
        assertThat(problems(refunds.validate("refund", TestStore.json(deleted)))).as(deleted.body()).isEmpty();
    }

    @Test
    void theRefundedOrderStillConformsAndListsItsRefunds() throws Exception {
        JsonNode order = TestStore.json(store.get("/orders/" + orderId));

        assertThat(problems(orders.validate("order", order))).as(order.toString()).isEmpty();
        assertThat(order.get("refunds")).hasSize(2);
    }

    @Test
    void notesOneAndAll() throws Exception {
        HttpResponse<String> list = store.get("/orders/" + orderId + "/notes");
        JsonNode first = TestStore.json(list).get(0);
        HttpResponse<String> one = store.get("/orders/" + orderId + "/notes/" + first.get("id").asInt());

        assertThat(problems(notes.validate("noteList", TestStore.json(list)))).as(list.body()).isEmpty();
        assertThat(TestStore.json(list).size()).as("the merchant's and WooCommerce's own").isGreaterThan(2);
        assertThat(problems(notes.validate("note", TestStore.json(one)))).as(one.body()).isEmpty();
    }

    @Test
    void theRequestsAreThoseThePagesDescribe() throws Exception {
        assertThat(problems(refunds.validate("refundRequest", Json.mapper().readTree(itemisedRequest)))).isEmpty();
        assertThat(problems(notes.validate("noteRequest", Json.mapper().readTree("{\"note\": \"Refund sent\", \"customer_note\": true}"))))
                .isEmpty();
    }

    @Test
    void errorsHaveWordPressesShape() throws Exception {
        for (HttpResponse<String> response : List.of(
                store.send("POST", "/orders/" + orderId + "/refunds", "{\"amount\": \"100000\"}"),
                store.get("/orders/" + orderId + "/refunds/999999"),
                store.send("POST", "/orders/" + orderId + "/notes", "{}"),
                store.get("/orders/" + orderId + "/notes/999999"))) {
            assertThat(response.statusCode()).isBetween(400, 599);
            assertThat(problems(orders.validate("error", TestStore.json(response)))).as(response.body()).isEmpty();
        }
    }

    @Test
    void theSchemasCatchWhatBreaksThePages() throws Exception {
        ObjectNode refund = itemised.deepCopy();
        refund.put("amount", 12.5);
        refund.put("api_restock", true);
        ((ObjectNode) refund.get("line_items").get(0)).put("quantity", 1).put("refund_total", 3);
        refund.remove("tax_lines");
        ObjectNode note = (ObjectNode) TestStore.json(store.get("/orders/" + orderId + "/notes")).get(0);
        note.put("customer_note", "no").put("added_by_user", true);

        assertThat(problems(refunds.validate("refund", refund))).containsExactlyInAnyOrder("$.amount: type", "$.api_restock: false",
                "$.line_items[0].quantity: maximum", "$.line_items[0].refund_total: false", "$: required tax_lines");
        assertThat(problems(notes.validate("note", note))).containsExactlyInAnyOrder("$.customer_note: type", "$.added_by_user: false");
        assertThat(problems(refunds.validate("refundRequest", Json.mapper().readTree("{\"amount\": 10}")))).containsExactly("$.amount: type");
    }

    @Test
    void theSchemasAreValidDraft202012() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(problems(metaSchema.validate(refunds.document()))).isEmpty();
        assertThat(problems(metaSchema.validate(notes.document()))).isEmpty();
    }

    private static String refundLine(int id, int quantity, double total, double tax) {
        return "{\"id\": " + id + ", \"quantity\": " + quantity + ", \"refund_total\": " + total
                + ", \"refund_tax\": [{\"id\": 1, \"refund_total\": " + tax + "}]}";
    }

    private static List<String> problems(Set<ValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getInstanceLocation() + ": " + m.getType() + (m.getType().equals("required") ? " " + m.getProperty() : ""))
                .sorted().toList();
    }
}
