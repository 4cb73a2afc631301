package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.bigcommerce.CatalogProductsTest.ids;
import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Variants, options and option values over HTTP; the batch of variants as a push of stock and prices uses it. */
class CatalogVariantsTest {

    TestStore store;
    int tee;

    @BeforeEach
    void start() throws Exception {
        store = new TestStore();
        tee = store.sandbox.createProduct(json(TestStore.shirt("Crew Tee", "CREW", "S", "M"))).get("id").asInt();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void aStockPushByTheVariantsBatchShowsOnTheProducts() throws Exception {
        int small = store.sandbox.variantBySku("CREW-S").orElseThrow().get("id").asInt();
        int medium = store.sandbox.variantBySku("CREW-M").orElseThrow().get("id").asInt();
        store.sandbox.resetOperationStats();

        HttpResponse<String> pushed = store.put("/v3/catalog/variants", "["
                + "{\"id\":" + small + ",\"inventory_level\":11,\"price\":26.5},"
                + "{\"id\":" + medium + ",\"inventory_level\":4},"
                + "{\"id\":77,\"inventory_level\":33,\"price\":13.99,\"upc\":\"036000291452\"}]");

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(json(pushed).get("data")).extracting(v -> v.get("inventory_level").asInt()).containsExactly(11, 4, 33);
        // variant tracking: the product's stock is its variants'
        JsonNode shirt = json(store.get("/v3/catalog/products/" + tee + "?include=variants")).get("data");
        assertThat(shirt.get("inventory_level").asInt()).isEqualTo(15);
        assertThat(shirt.get("variants").get(0).get("calculated_price").decimalValue()).isEqualByComparingTo("26.5");
        assertThat(shirt.get("variants").get(1).get("calculated_price").decimalValue()).isEqualByComparingTo("24.00");
        // a simple product's base variant is the product: its stock, price and upc are the product's
        JsonNode mug = json(store.get("/v3/catalog/products/77")).get("data");
        assertThat(mug.get("inventory_level").asInt()).isEqualTo(33);
        assertThat(mug.get("price").decimalValue()).isEqualByComparingTo("13.99");
        assertThat(mug.get("upc").asText()).isEqualTo("036000291452");
        assertThat(store.sandbox.variantBySku("MUG-11OZ").orElseThrow().get("inventory_level").asInt()).isEqualTo(33);

        assertThat(store.sandbox.requests("PUT /v3/catalog/variants")).isEqualTo(1);
        assertThat(store.sandbox.batchSizes("PUT /v3/catalog/variants")).containsExactly(3);
        assertThat(store.sandbox.requestsByOperation()).containsKeys("PUT /v3/catalog/variants", "GET /v3/catalog/products/{product_id}");
    }

    @Test
    void aBatchOfMoreThanFiftyVariantsIs413AndChangesNothing() throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":").append(77 + i % 2).append(",\"inventory_level\":").append(i).append('}');
        }

        HttpResponse<String> refused = store.put("/v3/catalog/variants", batch + "]");

        assertThat(refused.statusCode()).isEqualTo(413);
        JsonNode body = json(refused);
        assertThat(body.get("status").asInt()).isEqualTo(413);
        assertThat(body.get("title").asText()).isEqualTo("The request payload is too large. The maximum items allowed in the array is 50");
        assertThat(store.sandbox.variantBySku("MUG-11OZ").orElseThrow().get("inventory_level").asInt()).isEqualTo(100);
        assertThat(store.sandbox.batchSizes("PUT /v3/catalog/variants")).isEmpty();
    }

    @Test
    void aBatchWithABadItemIs422WithAnErrorPerItemAndChangesNothing() throws Exception {
        HttpResponse<String> refused = store.put("/v3/catalog/variants",
                "[{\"id\":77,\"inventory_level\":1},{\"id\":987654,\"inventory_level\":2},{\"id\":78,\"inventory_level\":-3}]");

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode errors = json(refused).get("batch_errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("status").asInt()).isEqualTo(404);
        assertThat(errors.get(0).get("title").asText()).contains("Item 1", "987654");
        assertThat(errors.get(1).get("status").asInt()).isEqualTo(422);
        assertThat(errors.get(1).get("errors").get("[2].inventory_level").asText()).contains("at least 0");
        assertThat(store.sandbox.variantBySku("MUG-11OZ").orElseThrow().get("inventory_level").asInt()).isEqualTo(100);
    }

    @Test
    void theBatchCreatesAVariantFromProductSkuAndOptionValueIds() throws Exception {
        JsonNode size = json(store.get("/v3/catalog/products/" + tee + "/options")).get("data").get(0);
        HttpResponse<String> value = store.post("/v3/catalog/products/" + tee + "/options/" + size.get("id").asInt() + "/values",
                "{\"label\":\"XL\",\"sort_order\":3}");
        assertThat(value.statusCode()).as(value.body()).isEqualTo(200);
        int xl = json(value).at("/data/id").asInt();

        HttpResponse<String> created = store.put("/v3/catalog/variants", "[{\"product_id\":" + tee + ",\"sku\":\"CREW-XL\","
                + "\"inventory_level\":2,\"option_values\":[{\"id\":" + xl + ",\"option_id\":" + size.get("id").asInt() + "}]}]");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode variant = json(created).get("data").get(0);
        assertThat(variant.get("sku").asText()).isEqualTo("CREW-XL");
        assertThat(variant.get("option_values").get(0).get("label").asText()).isEqualTo("XL");
        assertThat(json(store.get("/v3/catalog/products/" + tee)).at("/data/inventory_level").asInt()).isEqualTo(12);
    }

    @Test
    void variantsOfAProductAreCreatedReadUpdatedAndDeleted() throws Exception {
        JsonNode size = json(store.get("/v3/catalog/products/" + tee + "/options")).get("data").get(0);
        int optionId = size.get("id").asInt();
        int large = json(store.post("/v3/catalog/products/" + tee + "/options/" + optionId + "/values",
                "{\"label\":\"L\",\"sort_order\":2}")).at("/data/id").asInt();

        HttpResponse<String> created = store.post("/v3/catalog/products/" + tee + "/variants",
                "{\"sku\":\"CREW-L\",\"price\":25,\"inventory_level\":6,\"option_values\":[{\"id\":" + large + ",\"option_id\":" + optionId + "}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        int id = json(created).at("/data/id").asInt();

        assertThat(json(store.get("/v3/catalog/products/" + tee + "/variants")).get("data"))
                .extracting(v -> v.get("sku").asText()).containsExactly("CREW-S", "CREW-M", "CREW-L");
        assertThat(json(store.get("/v3/catalog/products/" + tee + "/variants/" + id)).at("/data/price").decimalValue())
                .isEqualByComparingTo("25");
        HttpResponse<String> updated = store.put("/v3/catalog/products/" + tee + "/variants/" + id, "{\"sale_price\":19.99,\"inventory_level\":9}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).at("/data/calculated_price").decimalValue()).isEqualByComparingTo("19.99");

        HttpResponse<String> again = store.post("/v3/catalog/products/" + tee + "/variants",
                "{\"sku\":\"CREW-L2\",\"option_values\":[{\"id\":" + large + ",\"option_id\":" + optionId + "}]}");
        assertThat(again.statusCode()).isEqualTo(409);

        assertThat(store.delete("/v3/catalog/products/" + tee + "/variants/" + id).statusCode()).isEqualTo(204);
        assertThat(store.get("/v3/catalog/products/" + tee + "/variants/" + id).statusCode()).isEqualTo(404);
        assertThat(store.sandbox.variantBySku("CREW-L")).isEmpty();
    }

    @Test
    void optionsAndValuesAreManagedAndDeletingAValueDeletesItsVariants() throws Exception {
        HttpResponse<String> color = store.post("/v3/catalog/products/" + tee + "/options", "{\"display_name\":\"Color\",\"type\":\"swatch\","
                + "\"option_values\":[{\"label\":\"Black\",\"sort_order\":0,\"value_data\":{\"colors\":[\"#000000\"]}}]}");
        assertThat(color.statusCode()).as(color.body()).isEqualTo(200);
        JsonNode option = json(color).get("data");
        assertThat(option.get("name").asText()).startsWith("Color");
        assertThat(option.get("option_values").get(0).at("/value_data/colors/0").asText()).isEqualTo("#000000");
        assertThat(store.post("/v3/catalog/products/" + tee + "/options",
                "{\"display_name\":\"color\",\"type\":\"swatch\",\"option_values\":[{\"label\":\"x\",\"sort_order\":0}]}").statusCode()).isEqualTo(409);
        assertThat(store.post("/v3/catalog/products/" + tee + "/options", "{\"display_name\":\"Fit\"}").statusCode()).isEqualTo(422);

        int optionId = option.get("id").asInt();
        HttpResponse<String> renamed = store.put("/v3/catalog/products/" + tee + "/options/" + optionId, "{\"display_name\":\"Colour\"}");
        assertThat(json(renamed).at("/data/display_name").asText()).isEqualTo("Colour");
        assertThat(json(store.get("/v3/catalog/products/" + tee + "/options")).get("data")).hasSize(2);

        JsonNode size = json(store.get("/v3/catalog/products/" + tee + "/options")).get("data").get(0);
        JsonNode small = size.get("option_values").get(0);
        String values = "/v3/catalog/products/" + tee + "/options/" + size.get("id").asInt() + "/values";
        assertThat(json(store.get(values)).get("data")).hasSize(2);
        assertThat(json(store.put(values + "/" + small.get("id").asInt(), "{\"label\":\"Small\"}")).at("/data/label").asText()).isEqualTo("Small");
        assertThat(store.sandbox.variantBySku("CREW-S").orElseThrow().at("/option_values/0/label").asText()).isEqualTo("Small");

        assertThat(store.delete(values + "/" + small.get("id").asInt()).statusCode()).isEqualTo(204);
        assertThat(store.sandbox.variantBySku("CREW-S")).isEmpty();
        assertThat(store.sandbox.variantBySku("CREW-M")).isPresent();
    }

    @Test
    void allVariantsAreFilteredBySkuProductAndId() throws Exception {
        assertThat(ids(store.get("/v3/catalog/variants?sku=CREW-M"))).hasSize(1);
        assertThat(json(store.get("/v3/catalog/variants?sku:in=CREW-S,MUG-11OZ")).get("data"))
                .extracting(v -> v.get("sku").asText()).containsExactlyInAnyOrder("CREW-S", "MUG-11OZ");
        assertThat(json(store.get("/v3/catalog/variants?product_id=" + tee)).get("data"))
                .extracting(v -> v.get("sku").asText()).containsExactly("CREW-S", "CREW-M");
        assertThat(ids(store.get("/v3/catalog/variants?product_id:in=77,78"))).containsExactly(77, 78);
        assertThat(ids(store.get("/v3/catalog/variants?id:in=81,82"))).containsExactly(81, 82);
        JsonNode all = json(store.get("/v3/catalog/variants?limit=5"));
        assertThat(all.get("data")).hasSize(5);
        assertThat(all.at("/meta/pagination/total").asInt()).isEqualTo(12);
    }
}
