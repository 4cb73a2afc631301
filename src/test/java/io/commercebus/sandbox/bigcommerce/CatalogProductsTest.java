package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.SandboxCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Catalog API v3 products over HTTP: the demo catalogue, filters and pages, create, update one and a batch, delete. */
class CatalogProductsTest {

    TestStore store;

    @BeforeEach
    void start() {
        store = new TestStore();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void theDemoCatalogueIsThereAsSimpleProductsEachWithItsBaseVariant() throws Exception {
        JsonNode all = json(store.get("/v3/catalog/products?include=variants"));

        assertThat(all.get("data")).hasSize(SandboxCatalog.PRODUCTS.size());
        assertThat(all.at("/meta/pagination/total").asInt()).isEqualTo(SandboxCatalog.PRODUCTS.size());
        JsonNode mug = all.get("data").get(0);
        assertThat(mug.get("id").asInt()).isEqualTo(77);
        assertThat(mug.get("sku").asText()).isEqualTo("MUG-11OZ");
        assertThat(mug.get("price").decimalValue()).isEqualByComparingTo("12.99");
        assertThat(mug.get("inventory_tracking").asText()).isEqualTo("product");
        assertThat(mug.get("inventory_level").asInt()).isEqualTo(100);
        assertThat(mug.get("base_variant_id").asInt()).isEqualTo(77);
        JsonNode base = mug.get("variants").get(0);
        assertThat(base.get("id").asInt()).isEqualTo(77);
        assertThat(base.get("sku").asText()).isEqualTo("MUG-11OZ");
        assertThat(base.get("price").decimalValue()).isEqualByComparingTo("12.99");
        assertThat(base.get("inventory_level").asInt()).isEqualTo(100);
        assertThat(base.get("option_values")).isEmpty();
        assertThat(base.get("sku_id").isNull()).isTrue();
    }

    @Test
    void filtersBySkuIdNameAndPages() throws Exception {
        assertThat(ids(store.get("/v3/catalog/products?sku=mug-15oz"))).containsExactly(78);
        assertThat(ids(store.get("/v3/catalog/products?sku:in=MUG-11OZ,CAP-ONE"))).containsExactly(77, 96);
        assertThat(ids(store.get("/v3/catalog/products?id:in=81,82,999"))).containsExactly(81, 82);
        assertThat(ids(store.get("/v3/catalog/products?id=90"))).containsExactly(90);
        assertThat(ids(store.get("/v3/catalog/products?name=Poster%20A2"))).containsExactly(81);
        assertThat(ids(store.get("/v3/catalog/products?id:min=95&sort=id&direction=desc"))).containsExactly(97, 96, 95);

        JsonNode page = json(store.get("/v3/catalog/products?limit=3&page=2"));
        assertThat(ids(page)).containsExactly(82, 90, 91);
        JsonNode pagination = page.at("/meta/pagination");
        assertThat(pagination.get("total").asInt()).isEqualTo(10);
        assertThat(pagination.get("count").asInt()).isEqualTo(3);
        assertThat(pagination.get("per_page").asInt()).isEqualTo(3);
        assertThat(pagination.get("current_page").asInt()).isEqualTo(2);
        assertThat(pagination.get("total_pages").asInt()).isEqualTo(4);
        assertThat(pagination.at("/links/previous").asText()).isEqualTo("?page=1&limit=3");
        assertThat(pagination.at("/links/next").asText()).isEqualTo("?page=3&limit=3");

        // "If options or modifiers is used, results are limited to 10 per page"
        store.sandbox.createProduct(json(TestStore.shirt("Polo", "POLO", "S", "M")));
        JsonNode withOptions = json(store.get("/v3/catalog/products?include=options&limit=50"));
        assertThat(withOptions.get("data")).hasSize(10);
        assertThat(withOptions.at("/meta/pagination/per_page").asInt()).isEqualTo(10);
        assertThat(withOptions.at("/meta/pagination/total_pages").asInt()).isEqualTo(2);
    }

    @Test
    void aSimpleProductIsCreatedReadUpdatedAndDeleted() throws Exception {
        HttpResponse<String> created = store.post("/v3/catalog/products",
                "{\"name\":\"Enamel Pin\",\"type\":\"physical\",\"weight\":0.05,\"price\":\"6.50\",\"sku\":\"PIN-ENAMEL\","
                        + "\"upc\":\"012345678905\",\"inventory_tracking\":\"product\",\"inventory_level\":40,\"sale_price\":5.5}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode product = json(created).get("data");
        int id = product.get("id").asInt();
        assertThat(product.get("price").decimalValue()).isEqualByComparingTo("6.50");
        assertThat(product.get("calculated_price").decimalValue()).isEqualByComparingTo("5.5");
        assertThat(product.get("base_variant_id").asInt()).isPositive();

        JsonNode read = json(store.get("/v3/catalog/products/" + id + "?include=variants")).get("data");
        assertThat(read.get("upc").asText()).isEqualTo("012345678905");
        assertThat(read.get("inventory_level").asInt()).isEqualTo(40);
        assertThat(read.get("variants").get(0).get("sku").asText()).isEqualTo("PIN-ENAMEL");
        assertThat(read.get("variants").get(0).get("upc").asText()).isEqualTo("012345678905");

        HttpResponse<String> updated = store.put("/v3/catalog/products/" + id, "{\"price\":7.25,\"inventory_level\":12,\"sale_price\":0}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).at("/data/calculated_price").decimalValue()).isEqualByComparingTo("7.25");
        assertThat(store.sandbox.variantBySku("PIN-ENAMEL").orElseThrow().get("inventory_level").asInt()).isEqualTo(12);
        assertThat(json(updated).at("/data/date_modified").asText()).isGreaterThanOrEqualTo(product.get("date_modified").asText());

        assertThat(store.delete("/v3/catalog/products/" + id).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = store.get("/v3/catalog/products/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("status").asInt()).isEqualTo(404);
        assertThat(store.sandbox.productBySku("PIN-ENAMEL")).isEmpty();
    }

    @Test
    void aProductWithVariantsIsCreatedWithItsOptionsAndCountsTheVariantsStock() throws Exception {
        HttpResponse<String> created = store.post("/v3/catalog/products?include=variants,options", TestStore.shirt("Crew Tee", "CREW", "S", "M", "L"));
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode product = json(created).get("data");
        assertThat(product.get("base_variant_id").isNull()).isTrue();
        assertThat(product.get("inventory_level").asInt()).isEqualTo(15);
        assertThat(product.get("options")).hasSize(1);
        JsonNode size = product.get("options").get(0);
        assertThat(size.get("display_name").asText()).isEqualTo("Size");
        assertThat(size.get("option_values")).extracting(v -> v.get("label").asText()).containsExactly("S", "M", "L");
        assertThat(product.get("variants")).extracting(v -> v.get("sku").asText()).containsExactly("CREW-S", "CREW-M", "CREW-L");
        JsonNode medium = product.get("variants").get(1);
        assertThat(medium.get("option_values").get(0).get("label").asText()).isEqualTo("M");
        assertThat(medium.get("option_values").get(0).get("option_id").asInt()).isEqualTo(size.get("id").asInt());
        assertThat(medium.get("price").isNull()).isTrue();
        assertThat(medium.get("calculated_price").decimalValue()).isEqualByComparingTo("24.00");
        assertThat(medium.get("sku_id").isIntegralNumber()).isTrue();

        JsonNode bySku = store.sandbox.productBySku("CREW-L").orElseThrow();
        assertThat(bySku.get("id").asInt()).isEqualTo(product.get("id").asInt());
        assertThat(ids(store.get("/v3/catalog/products?sku=CREW-M"))).containsExactly(product.get("id").asInt());
    }

    @Test
    void theBatchUpdateTakesTenProductsAndChangesAllOrNone() throws Exception {
        StringBuilder eleven = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"id\":77,\"inventory_level\":").append(i).append('}');
        }
        HttpResponse<String> tooMany = store.put("/v3/catalog/products", eleven + "]");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json(tooMany).get("title").asText()).contains("maximum items allowed in the array is 10");

        HttpResponse<String> updated = store.put("/v3/catalog/products",
                "[{\"id\":77,\"price\":13.49,\"inventory_level\":7},{\"id\":78,\"price\":15.49,\"is_visible\":false}]");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).get("data")).extracting(p -> p.get("price").decimalValue().toPlainString())
                .containsExactly("13.49", "15.49");
        assertThat(store.sandbox.batchSizes("PUT /v3/catalog/products")).containsExactly(2);

        HttpResponse<String> unknown = store.put("/v3/catalog/products", "[{\"id\":77,\"price\":1},{\"id\":4242,\"price\":2}]");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> noId = store.put("/v3/catalog/products", "[{\"id\":77,\"price\":1},{\"price\":2}]");
        assertThat(noId.statusCode()).isEqualTo(422);
        assertThat(json(noId).get("errors").has("[1].id")).isTrue();
        HttpResponse<String> negative = store.put("/v3/catalog/products", "[{\"id\":77,\"price\":1},{\"id\":78,\"price\":-2}]");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(json(negative).get("errors").get("[1].price").asText()).contains("at least 0");
        // nothing of the refused batches was written
        assertThat(store.sandbox.productBySku("MUG-11OZ").orElseThrow().get("price").decimalValue()).isEqualByComparingTo("13.49");
        assertThat(store.sandbox.batchSizes("PUT /v3/catalog/products")).containsExactly(2);
        assertThat(store.sandbox.requests("PUT /v3/catalog/products")).isEqualTo(5);
    }

    @Test
    void aCreateWithoutTheRequiredFieldsIs422AndDeletingByFilterNeedsAFilter() throws Exception {
        HttpResponse<String> invalid = store.post("/v3/catalog/products", "{\"name\":\"Nameless price\",\"type\":\"vinyl\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode body = json(invalid);
        assertThat(body.get("title").asText()).isEqualTo("JSON data is missing or invalid");
        assertThat(body.get("errors").fieldNames()).toIterable().contains("weight", "price", "type");

        assertThat(store.delete("/v3/catalog/products").statusCode()).isEqualTo(422);
        assertThat(store.delete("/v3/catalog/products?include=variants&limit=5").statusCode()).isEqualTo(422);
        assertThat(store.delete("/v3/catalog/products?id:in=81,82").statusCode()).isEqualTo(204);
        assertThat(ids(store.get("/v3/catalog/products?id:in=81,82,90"))).containsExactly(90);
    }

    @Test
    void anOrderOfANewProductTakesItsSkuPriceAndVariant() throws Exception {
        JsonNode product = store.sandbox.createProduct(json("{\"name\":\"Sticker\",\"type\":\"physical\",\"weight\":0,"
                + "\"price\":2.5,\"sku\":\"STICKER\"}"));
        com.fasterxml.jackson.databind.node.ObjectNode order = store.sandbox.demoOrderBody();
        order.putArray("products").addObject().put("product_id", product.get("id").asInt()).put("quantity", 2);

        int id = store.sandbox.placeOrder(order);

        JsonNode line = json(store.get("/v2/orders/" + id + "/products")).get(0);
        assertThat(line.get("sku").asText()).isEqualTo("STICKER");
        assertThat(line.get("price_ex_tax").asText()).isEqualTo("2.5000");
        assertThat(line.get("variant_id").asInt()).isEqualTo(product.get("base_variant_id").asInt());
    }

    static List<Integer> ids(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ids(json(response));
    }

    static List<Integer> ids(JsonNode body) {
        List<Integer> ids = new ArrayList<>();
        body.get("data").forEach(p -> ids.add(p.get("id").asInt()));
        return ids;
    }
}
