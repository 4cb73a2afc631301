package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.SandboxCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The seller's items (Items API) and one SKU's inventory (Inventory API), seeded from the sandbox catalogue. */
class WalmartListingTest {

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
    void allItemsPageWithTheCursorFromTheAsterisk() throws Exception {
        List<String> skus = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = "*";
        while (cursor != null) {
            JsonNode page = body(calls.get("/v3/items?limit=4&nextCursor=" + cursor, token));
            assertThat(page.get("totalItems").asInt()).isEqualTo(SandboxCatalog.PRODUCTS.size());
            page.get("ItemResponse").forEach(item -> skus.add(item.get("sku").asText()));
            pageSizes.add(page.get("ItemResponse").size());
            cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        }

        assertThat(pageSizes).containsExactly(4, 4, 2);
        assertThat(skus).containsExactlyElementsOf(SandboxCatalog.PRODUCTS.stream().map(SandboxCatalog.Product::sku).toList());
    }

    @Test
    void allItemsPageWithOffsetAndLimitTooAndTheLimitIsFifty() throws Exception {
        JsonNode first = body(calls.get("/v3/items", token));
        JsonNode last = body(calls.get("/v3/items?offset=8&limit=4", token));
        HttpResponse<String> tooMany = calls.get("/v3/items?limit=51", token);

        assertThat(first.get("ItemResponse")).hasSize(SandboxCatalog.PRODUCTS.size());
        assertThat(first.has("nextCursor")).isFalse();
        assertThat(last.get("ItemResponse")).extracting(i -> i.get("sku").asText()).containsExactly("CAP-ONE", "SOCKS-3PK");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(body(tooMany).at("/errors/error/0/code").asText()).isEqualTo("INVALID_REQUEST_PARAM.GMP_ITEM_API");
        assertThat(body(calls.get("/v3/items?publishedStatus=UNPUBLISHED", token)).get("totalItems").asInt()).isZero();
    }

    @Test
    void anItemBySkuOrByGtinWithItsNamePriceAndIdentifiers() throws Exception {
        JsonNode item = body(calls.get("/v3/items/MUG-11OZ", token)).at("/ItemResponse/0");
        JsonNode byGtin = body(calls.get("/v3/items/" + item.get("gtin").asText() + "?productIdType=GTIN", token));
        HttpResponse<String> unknown = calls.get("/v3/items/NO-SUCH-SKU", token);

        assertThat(item.get("productName").asText()).isEqualTo("Coffee Mug 11oz");
        assertThat(item.at("/price/amount").decimalValue()).isEqualByComparingTo("12.99");
        assertThat(item.at("/price/currency").asText()).isEqualTo("USD");
        assertThat(item.get("publishedStatus").asText()).isEqualTo("PUBLISHED");
        assertThat(item.get("lifecycleStatus").asText()).isEqualTo("ACTIVE");
        assertThat(item.get("wpid").asText()).matches("[0-9][0-9A-Z]{11}");
        assertThat(item.get("gtin").asText()).isEqualTo("00" + item.get("upc").asText()).hasSize(14);
        assertThat(byGtin.at("/ItemResponse/0/sku").asText()).isEqualTo("MUG-11OZ");
        assertThat(byGtin.get("totalItems").asInt()).isEqualTo(1);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).at("/errors/error/0/code").asText()).isEqualTo("CONTENT_NOT_FOUND.GMP_ITEM_API");
        assertThat(body(calls.get("/v3/items?sku=NO-SUCH-SKU", token)).at("/errors/error/0/code").asText())
                .isEqualTo("CONTENT_NOT_FOUND.GMP_ITEM_API");
    }

    @Test
    void theIdentifiersAreTheSameOnEveryStartAndTheUpcCheckDigitHolds() {
        try (WalmartSandbox other = new WalmartSandbox(WalmartCalls.config()).start()) {
            assertThat(other.item("HOODIE-L")).isEqualTo(walmart.item("HOODIE-L"));
        }
        String upc = walmart.item("HOODIE-L").get("upc").asText();
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (upc.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        assertThat(sum % 10).isZero();
    }

    @Test
    void aSingleSkuInventoryUpdate() throws Exception {
        int initial = walmart.inventory("MUG-11OZ");
        JsonNode before = body(calls.get("/v3/inventory?sku=MUG-11OZ", token));

        HttpResponse<String> updated = calls.put("/v3/inventory?sku=MUG-11OZ", token,
                "{\"sku\":\"MUG-11OZ\",\"quantity\":{\"unit\":\"EACH\",\"amount\":42}}");

        assertThat(before.at("/quantity/amount").asInt()).isEqualTo(initial).isNotEqualTo(42);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("sku").asText()).isEqualTo("MUG-11OZ");
        assertThat(body(updated).at("/quantity/amount").asInt()).isEqualTo(42);
        assertThat(body(updated).at("/quantity/unit").asText()).isEqualTo("EACH");
        assertThat(walmart.inventory("MUG-11OZ")).isEqualTo(42);
        assertThat(body(calls.get("/v3/inventory?sku=MUG-11OZ", token)).at("/quantity/amount").asInt()).isEqualTo(42);
        assertThat(walmart.stats()).containsEntry("inventoryUpdates", 1L);
    }

    @Test
    void aQuantityWalmartWouldRefuseIs400AndChangesNothing() throws Exception {
        walmart.setInventory("CAP-ONE", 7);
        List<String> bodies = List.of(
                "{\"sku\":\"CAP-ONE\",\"quantity\":{\"unit\":\"EACH\",\"amount\":-1}}",
                "{\"sku\":\"CAP-ONE\",\"quantity\":{\"unit\":\"EACH\",\"amount\":2.5}}",
                "{\"sku\":\"CAP-ONE\",\"quantity\":{\"unit\":\"EACH\",\"amount\":\"3\"}}",
                "{\"sku\":\"CAP-ONE\",\"quantity\":{\"unit\":\"PIECE\",\"amount\":3}}",
                "{\"sku\":\"CAP-ONE\"}");
        for (String json : bodies) {
            HttpResponse<String> refused = calls.put("/v3/inventory?sku=CAP-ONE", token, json);

            assertThat(refused.statusCode()).as(json).isEqualTo(400);
            assertThat(body(refused).at("/errors/error/0/code").asText()).isEqualTo("INVALID_REQUEST_PARAM.GMP_INVENTORY_API");
            assertThat(body(refused).at("/errors/error/0/field").asText()).isEqualTo("quantity");
        }
        HttpResponse<String> otherSku = calls.put("/v3/inventory?sku=CAP-ONE", token,
                "{\"sku\":\"MUG-11OZ\",\"quantity\":{\"unit\":\"EACH\",\"amount\":3}}");
        HttpResponse<String> unknown = calls.put("/v3/inventory?sku=NOPE", token,
                "{\"sku\":\"NOPE\",\"quantity\":{\"unit\":\"EACH\",\"amount\":3}}");

        assertThat(body(otherSku).at("/errors/error/0/field").asText()).isEqualTo("sku");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(calls.get("/v3/inventory", token).statusCode()).isEqualTo(400);
        assertThat(calls.get("/v3/inventory?sku=NOPE", token).statusCode()).isEqualTo(404);
        assertThat(walmart.inventory("CAP-ONE")).isEqualTo(7);
    }

    @Test
    void inventoryIsKeptPerShipNodeAndTheDefaultNodeAnswersWhenNoneIsNamed() throws Exception {
        String second = WalmartSandbox.shipNodes().get(1);
        int atDefault = walmart.inventory("TEE-L-BLK");

        HttpResponse<String> updated = calls.put("/v3/inventory?sku=TEE-L-BLK&shipNode=" + second, token,
                "{\"sku\":\"TEE-L-BLK\",\"quantity\":{\"unit\":\"EACH\",\"amount\":13}}");
        HttpResponse<String> unknownNode = calls.get("/v3/inventory?sku=TEE-L-BLK&shipNode=999", token);

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(walmart.inventory("TEE-L-BLK", second)).isEqualTo(13);
        assertThat(walmart.inventory("TEE-L-BLK")).isEqualTo(atDefault);
        assertThat(body(calls.get("/v3/inventory?sku=TEE-L-BLK&shipNode=" + second, token)).at("/quantity/amount").asInt())
                .isEqualTo(13);
        assertThat(unknownNode.statusCode()).isEqualTo(400);
        assertThat(body(unknownNode).at("/errors/error/0/field").asText()).isEqualTo("shipNode");
    }

    @Test
    void accessorsTellAndSetPricesAndStock() {
        walmart.setPrice("POSTER-A3", new BigDecimal("27.5"));
        walmart.setInventory("POSTER-A3", 0);

        assertThat(walmart.price("POSTER-A3")).isEqualByComparingTo("27.50");
        assertThat(walmart.item("POSTER-A3").at("/price/amount").decimalValue()).isEqualByComparingTo("27.5");
        assertThat(walmart.inventory("POSTER-A3")).isZero();
    }
}
