package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.commercebus.contract.JsonSchemaFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's products, variations and batch answers are what the WooCommerce REST API documentation describes:
 * each body is checked against our JSON Schema written from the documentation's product and product variation
 * property tables (woocommerce/products.schema.json, whose {@code $comment} cites the pages), every documented
 * property required with its documented type and options.
 */
class WooCommerceCatalogContractTest {

    static TestStore store;
    static JsonSchemaFile schema;
    static int variable;
    static int onSale;
    static int parentManaged;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        schema = new JsonSchemaFile("/woocommerce/products.schema.json");
        variable = created(store.send("POST", "/products", """
                {"name": "Contract Hoodie", "type": "variable", "sku": "C-HOODIE", "manage_stock": true, "stock_quantity": 12,
                 "description": "Warm.\\n\\nReally warm.", "meta_data": [{"key": "origin", "value": "netsuite"}],
                 "attributes": [{"name": "Size", "options": ["M", "L"], "variation": true, "visible": true},
                                {"name": "Colour", "options": "Grey | Navy", "variation": true, "position": 1}],
                 "default_attributes": [{"name": "Size", "option": "M"}]}""")).get("id").asInt();
        onSale = created(store.send("POST", "/products/" + variable + "/variations", """
                {"sku": "C-HOODIE-M-GREY", "regular_price": "55.00", "sale_price": "49.00", "manage_stock": true,
                 "stock_quantity": 3, "date_on_sale_from": "2020-01-01T00:00:00",
                 "attributes": [{"name": "Size", "option": "M"}, {"name": "Colour", "option": "Grey"}]}""")).get("id").asInt();
        parentManaged = created(store.send("POST", "/products/" + variable + "/variations", """
                {"sku": "C-HOODIE-L-NAVY", "regular_price": "57.00", "backorders": "notify",
                 "attributes": [{"name": "Size", "option": "L"}, {"name": "Colour", "option": "Navy"}]}""")).get("id").asInt();
        created(store.send("POST", "/products", """
                {"name": "Contract draft", "sku": "C-DRAFT", "status": "draft", "regular_price": "5", "sale_price": "4",
                 "date_on_sale_to": "2030-12-31T23:59:59", "backorders": "yes", "manage_stock": true, "stock_quantity": -2,
                 "weight": "0.4", "dimensions": {"length": "10", "width": "5", "height": "1"}, "upsell_ids": [77, 78]}"""));
        created(store.send("POST", "/products", """
                {"name": "Contract voucher", "type": "external", "external_url": "https://example.com/voucher",
                 "button_text": "Buy it there", "regular_price": "20"}"""));
        int trashed = created(store.send("POST", "/products", "{\"name\": \"Contract bin\", \"sku\": \"C-BIN\"}")).get("id").asInt();
        store.send("DELETE", "/products/" + trashed, null);
        store.sandbox.placeOrder(store.sandbox.demoOrderBody().put("set_paid", true));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void retrieveProducts() throws Exception {
        for (String path : List.of("/products/77", "/products/" + variable, "/products/" + onSale)) {
            HttpResponse<String> response = store.get(path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(problems(schema.validate("product", TestStore.json(response)))).as(path + ": " + response.body()).isEmpty();
        }
    }

    @Test
    void listProductsOfEveryKindAndVariationsBySku() throws Exception {
        HttpResponse<String> all = store.get("/products?per_page=100&status=any");
        HttpResponse<String> trash = store.get("/products?status=trash");
        HttpResponse<String> bySku = store.get("/products?sku=MUG-11OZ,C-HOODIE-M-GREY,C-HOODIE-L-NAVY");

        for (HttpResponse<String> response : List.of(all, trash, bySku)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(problems(schema.validate("productList", TestStore.json(response)))).as(response.body()).isEmpty();
        }
        assertThat(TestStore.json(all)).extracting(p -> p.get("type").asText()).contains("simple", "variable", "external");
        assertThat(TestStore.json(trash)).extracting(p -> p.get("status").asText()).containsExactly("trash");
        assertThat(TestStore.json(bySku)).extracting(p -> p.get("type").asText()).containsExactlyInAnyOrder("simple", "variation",
                "variation");
    }

    @Test
    void retrieveAndListVariations() throws Exception {
        HttpResponse<String> one = store.get("/products/" + variable + "/variations/" + onSale);
        HttpResponse<String> list = store.get("/products/" + variable + "/variations");

        assertThat(problems(schema.validate("variation", TestStore.json(one)))).as(one.body()).isEmpty();
        assertThat(problems(schema.validate("variationList", TestStore.json(list)))).as(list.body()).isEmpty();
        JsonNode variations = TestStore.json(list);
        // both kinds of stock management are there to be checked
        assertThat(variations).extracting(v -> v.get("manage_stock").asText()).contains("true", "parent");
        assertThat(TestStore.json(one).get("on_sale").asBoolean()).isTrue();
    }

    @Test
    void theAnswersToWritesAreProductsAndVariations() throws Exception {
        HttpResponse<String> created = store.send("POST", "/products", "{\"name\": \"Contract pin\", \"regular_price\": \"3.00\"}");
        int id = TestStore.json(created).get("id").asInt();
        HttpResponse<String> updated = store.send("PUT", "/products/" + id, "{\"sale_price\": \"2.50\", \"manage_stock\": true}");
        HttpResponse<String> deleted = store.send("DELETE", "/products/" + id + "?force=true", null);
        HttpResponse<String> variation = store.send("PUT", "/products/" + variable + "/variations/" + parentManaged,
                "{\"description\": \"Navy blue.\"}");

        for (HttpResponse<String> response : List.of(created, updated, deleted)) {
            assertThat(response.statusCode()).isBetween(200, 201);
            assertThat(problems(schema.validate("product", TestStore.json(response)))).as(response.body()).isEmpty();
        }
        assertThat(problems(schema.validate("variation", TestStore.json(variation)))).as(variation.body()).isEmpty();
    }

    @Test
    void batchAnswersCarryProductsAndErrors() throws Exception {
        HttpResponse<String> products = store.send("POST", "/products/batch", """
                {"create": [{"name": "Contract batch", "sku": "C-BATCH", "regular_price": "1.00"}, {"name": "Dup", "sku": "MUG-11OZ"}],
                 "update": [{"id": 78, "stock_quantity": 44}, {"id": 999999, "regular_price": "1"}, {"regular_price": "1"}],
                 "delete": [999998]}""");
        HttpResponse<String> variations = store.send("POST", "/products/" + variable + "/variations/batch", """
                {"create": [{"sku": "C-HOODIE-L-GREY", "regular_price": "55.00",
                             "attributes": [{"name": "Size", "option": "L"}, {"name": "Colour", "option": "Grey"}]},
                            {"sku": "C-HOODIE-M-GREY"}],
                 "update": [{"id": %d, "stock_quantity": 8}]}""".formatted(onSale));
        HttpResponse<String> empty = store.send("POST", "/products/batch", "{}");

        assertThat(problems(schema.validate("productBatch", TestStore.json(products)))).as(products.body()).isEmpty();
        assertThat(problems(schema.validate("variationBatch", TestStore.json(variations)))).as(variations.body()).isEmpty();
        assertThat(problems(schema.validate("productBatch", TestStore.json(empty)))).as(empty.body()).isEmpty();
        assertThat(TestStore.json(products).get("create").get(1).has("error")).isTrue();
        assertThat(TestStore.json(variations).get("create").get(1).has("error")).isTrue();
    }

    @Test
    void errorsAreWordPressErrors() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append(i + 1);
        }
        for (HttpResponse<String> response : List.of(store.get("/products/999999"),
                store.send("POST", "/products", "{\"sku\": \"MUG-11OZ\"}"),
                store.send("POST", "/products", "{\"regular_price\": 1}"),
                store.send("POST", "/products/batch", "{\"delete\": [" + many + "]}"))) {
            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(problems(schema.validate("error", TestStore.json(response)))).as(response.body()).isEmpty();
        }
    }

    @Test
    void theSchemaCatchesTypeChangesWrongOptionsAndMissingProperties() throws Exception {
        ObjectNode product = (ObjectNode) TestStore.json(store.get("/products/77"));
        product.put("price", 12.99);
        product.remove("sku");
        product.put("backorders", "maybe");
        ((ObjectNode) product.get("dimensions")).put("width", 5);
        product.putArray("variations").add("101");
        ObjectNode variation = (ObjectNode) TestStore.json(store.get("/products/" + variable + "/variations/" + onSale));
        variation.put("shipping_class_id", "0");
        variation.put("stock_quantity", "3");
        variation.put("status", "visible");
        variation.remove("attributes");
        ObjectNode error = (ObjectNode) TestStore.json(store.send("POST", "/products", "{\"sku\": \"MUG-11OZ\"}"));
        ((ObjectNode) error.get("data")).put("status", "400");

        assertThat(problems(schema.validate("product", product))).containsExactlyInAnyOrder("$.price: type", "$: required sku",
                "$.backorders: enum", "$.dimensions.width: type", "$.variations[0]: type");
        assertThat(problems(schema.validate("variation", variation))).containsExactlyInAnyOrder("$.shipping_class_id: type",
                "$.stock_quantity: type", "$.status: enum", "$: required attributes");
        assertThat(problems(schema.validate("error", error))).containsExactly("$.data.status: type");
    }

    @Test
    void theSchemaIsValidDraft202012() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(problems(metaSchema.validate(schema.document()))).isEmpty();
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestStore.json(response);
    }

    private static List<String> problems(Set<ValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getInstanceLocation() + ": " + m.getType() + (m.getType().equals("required") ? " " + m.getProperty() : ""))
                .sorted().toList();
    }
}
