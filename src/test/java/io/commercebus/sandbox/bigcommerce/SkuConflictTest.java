package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A SKU belongs to one product or variant of the store; using it for another is refused, naming who has it. */
class SkuConflictTest {

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
    void aNewProductWithAnotherProductsSkuIs409NamingThatProduct() throws Exception {
        HttpResponse<String> refused = store.post("/v3/catalog/products",
                "{\"name\":\"Another mug\",\"type\":\"physical\",\"weight\":1,\"price\":3,\"sku\":\"mug-11oz\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode body = json(refused);
        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("title").asText()).isEqualTo("The product sku is a duplicate");
        assertThat(body.get("type").asText()).startsWith("https://developer.bigcommerce.com/");
        assertThat(body.at("/errors/sku").asText()).contains("mug-11oz", "product 77", "Coffee Mug 11oz");
        assertThat(store.sandbox.productBySku("MUG-11OZ").orElseThrow().get("id").asInt()).isEqualTo(77);
    }

    @Test
    void aNewProductWithAVariantsSkuIs409NamingTheVariant() throws Exception {
        int medium = store.sandbox.variantBySku("CREW-M").orElseThrow().get("id").asInt();

        HttpResponse<String> refused = store.post("/v3/catalog/products", TestStore.shirt("V-neck Tee", "VNECK", "S").replace(
                "\"VNECK-S\"", "\"CREW-M\""));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).at("/errors/variants[0].sku").asText()).contains("variant " + medium, "product " + tee);
        assertThat(store.sandbox.productBySku("VNECK")).isEmpty();
    }

    @Test
    void aProductUpdateToAVariantsSkuIs409AndChangesNothing() throws Exception {
        HttpResponse<String> refused = store.put("/v3/catalog/products/78", "{\"sku\":\"CREW-S\",\"price\":99}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).at("/errors/sku").asText()).contains("CREW-S", "product " + tee);
        JsonNode mug = store.sandbox.productBySku("MUG-15OZ").orElseThrow();
        assertThat(mug.get("price").decimalValue()).isEqualByComparingTo("14.99");
    }

    @Test
    void aVariantWithAProductsSkuIs409() throws Exception {
        int small = store.sandbox.variantBySku("CREW-S").orElseThrow().get("id").asInt();

        HttpResponse<String> update = store.put("/v3/catalog/products/" + tee + "/variants/" + small, "{\"sku\":\"POSTER-A2\"}");
        assertThat(update.statusCode()).isEqualTo(409);
        assertThat(json(update).get("title").asText()).isEqualTo("The variant sku is a duplicate");
        assertThat(json(update).at("/errors/sku").asText()).contains("product 81");

        // a product's own SKU is taken too: the shirt's is CREW
        HttpResponse<String> other = store.put("/v3/catalog/products/" + tee + "/variants/" + small, "{\"sku\":\"CREW\"}");
        assertThat(other.statusCode()).isEqualTo(409);
        // its own SKU again is no conflict
        assertThat(store.put("/v3/catalog/products/" + tee + "/variants/" + small, "{\"sku\":\"CREW-S\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aVariantsBatchWithADuplicateSkuIs422WithTheConflictPerItem() throws Exception {
        int small = store.sandbox.variantBySku("CREW-S").orElseThrow().get("id").asInt();
        int medium = store.sandbox.variantBySku("CREW-M").orElseThrow().get("id").asInt();

        HttpResponse<String> refused = store.put("/v3/catalog/variants", "[{\"id\":" + small + ",\"sku\":\"CREW-SMALL\",\"inventory_level\":1},"
                + "{\"id\":" + medium + ",\"sku\":\"CREW-SMALL\"},{\"id\":77,\"sku\":\"HOODIE-L\"}]");

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode errors = json(refused).get("batch_errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("status").asInt()).isEqualTo(409);
        assertThat(errors.get(0).at("/errors/[1].sku").asText()).contains("another item of this request");
        assertThat(errors.get(1).get("status").asInt()).isEqualTo(409);
        assertThat(errors.get(1).at("/errors/[2].sku").asText()).contains("product 95");
        // nothing was written, the good first item included
        assertThat(store.sandbox.variantBySku("CREW-S").orElseThrow().get("inventory_level").asInt()).isEqualTo(5);
        assertThat(store.sandbox.variantBySku("CREW-SMALL")).isEmpty();
    }

    @Test
    void aProductsBatchWithADuplicateSkuIs409() throws Exception {
        HttpResponse<String> refused = store.put("/v3/catalog/products", "[{\"id\":90,\"sku\":\"TEE-M\"},{\"id\":91,\"sku\":\"TEE-M\"}]");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).at("/errors/[1].sku").asText()).contains("another item of this request");
        assertThat(store.sandbox.productBySku("TEE-M-BLK")).isPresent();
    }

    @Test
    void aDuplicateProductNameIs409() throws Exception {
        HttpResponse<String> refused = store.post("/v3/catalog/products",
                "{\"name\":\"coffee mug 11oz\",\"type\":\"physical\",\"weight\":1,\"price\":3,\"sku\":\"MUG-NEW\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("title").asText()).isEqualTo("The product name is a duplicate");
    }
}
