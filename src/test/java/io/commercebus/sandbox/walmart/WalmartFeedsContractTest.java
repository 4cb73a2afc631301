package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.JsonSchemaFile;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Items, Inventory and Feeds answers conform to Walmart's references as written down in
 * orders.schema.json, and so do the feed files the tests send.
 */
class WalmartFeedsContractTest {

    static final String INVENTORY_FILE = WalmartFeedsTest.inventoryFeed("MUG-11OZ", "5", "NO-SUCH-SKU", "1", "CAP-ONE", "-1");
    static final String MULTI_NODE_FILE = "{\"inventoryHeader\":{\"version\":\"1.5\"},\"inventory\":[{\"sku\":\"MUG-15OZ\",\"shipNodes\":"
            + "[{\"shipNode\":\"" + WalmartSandbox.shipNodes().get(1) + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":4}}]}]}";
    static final String PRICE_FILE = WalmartFeedsTest.priceFeed(WalmartFeedsTest.price("MUG-11OZ", "USD", "11.99"),
            WalmartFeedsTest.price("CAP-ONE", "CAD", "20"));

    static WalmartSandbox walmart;
    static WalmartCalls calls;
    static JsonSchemaFile schema;
    static String token;
    static String inventoryFeed;
    static String priceFeed;
    static String failedFeed;

    @BeforeAll
    static void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config().withFeedProcessingTime(Duration.ofMillis(200))).start();
        calls = new WalmartCalls(walmart);
        schema = new JsonSchemaFile("/walmart/orders.schema.json");
        token = calls.token();
        inventoryFeed = body(calls.feed("inventory", token, INVENTORY_FILE)).get("feedId").asText();
        priceFeed = body(calls.feedUpload("price", token, "prices.json", PRICE_FILE)).get("feedId").asText();
        failedFeed = body(calls.feed("inventory", token, "{\"InventoryHeader\":{\"version\":\"1.4\"}}")).get("feedId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> walmart.feeds().stream()
                .allMatch(f -> f.feedStatus().equals("PROCESSED") || f.feedStatus().equals("ERROR")));
    }

    @AfterAll
    static void stop() {
        walmart.close();
    }

    @Test
    void items() throws Exception {
        assertConforms("items", "/v3/items?limit=3&nextCursor=*");
        assertConforms("items", "/v3/items?offset=5");
        assertConforms("items", "/v3/items/HOODIE-L");
        assertConforms("items", "/v3/items?sku=CAP-ONE");
    }

    @Test
    void inventory() throws Exception {
        assertConforms("inventory", "/v3/inventory?sku=MUG-11OZ");
        String update = "{\"sku\":\"SOCKS-3PK\",\"quantity\":{\"unit\":\"EACH\",\"amount\":12}}";
        assertThat(schema.validate("inventory", Json.mapper().readTree(update))).isEmpty();

        HttpResponse<String> response = calls.put("/v3/inventory?sku=SOCKS-3PK", token, update);

        assertThat(schema.validate("inventory", body(response))).as(response.body()).isEmpty();
    }

    @Test
    void theFeedFilesTheTestsSendAreWalmartsFormats() throws Exception {
        // an unknown SKU is the seller's mistake, not the format's; a negative amount breaks the format
        String valid = WalmartFeedsTest.inventoryFeed("MUG-11OZ", "5", "NO-SUCH-SKU", "0");
        assertThat(schema.validate("inventoryFeedFile", Json.mapper().readTree(valid))).isEmpty();
        assertThat(schema.validate("inventoryFeedFile", Json.mapper().readTree(INVENTORY_FILE))).isNotEmpty();
        assertThat(schema.validate("multiNodeInventoryFeedFile", Json.mapper().readTree(MULTI_NODE_FILE))).isEmpty();
        assertThat(schema.validate("priceFeedFile", Json.mapper().readTree(PRICE_FILE))).isEmpty();
    }

    @Test
    void aFeedSubmission() throws Exception {
        HttpResponse<String> response = calls.feed("MP_INVENTORY", token, MULTI_NODE_FILE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(schema.validate("feedId", body(response))).as(response.body()).isEmpty();
        String feedId = body(response).get("feedId").asText();
        assertThat(schema.validate("feedStatus", calls.feedStatus(feedId, token))).isEmpty();
    }

    @Test
    void theFeedList() throws Exception {
        assertConforms("feedList", "/v3/feeds");
        assertConforms("feedList", "/v3/feeds?feedId=" + priceFeed.replace("@", "%40"));
    }

    @Test
    void feedStatusesWithItemDetails() throws Exception {
        for (String feedId : new String[] {inventoryFeed, priceFeed, failedFeed}) {
            JsonNode status = calls.feedStatus(feedId, token);
            assertThat(schema.validate("feedStatus", status)).as(status.toString()).isEmpty();
        }
        assertThat(calls.feedStatus(inventoryFeed, token).at("/itemDetails/itemIngestionStatus")).hasSize(3);
        assertThat(calls.feedStatus(failedFeed, token).at("/ingestionErrors/ingestionError")).hasSize(1);
        assertConforms("feedStatus", "/v3/feeds/" + inventoryFeed.replace("@", "%40") + "?includeDetails=true&offset=1&limit=1");
    }

    @Test
    void errors() throws Exception {
        for (String path : new String[] {"/v3/items/NOPE", "/v3/items?limit=500", "/v3/inventory", "/v3/inventory?sku=NOPE",
                "/v3/feeds/NOPE", "/v3/feeds?limit=500"}) {
            HttpResponse<String> response = calls.get(path, token);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(schema.validate("errors", body(response))).as(path).isEmpty();
        }
        assertThat(schema.validate("errors", body(calls.feed("MP_ITEM", token, "{}")))).isEmpty();
    }

    @Test
    void theSchemaRejectsAnswersAndFilesThatBreakTheReference() throws Exception {
        ObjectNode status = (ObjectNode) calls.feedStatus(inventoryFeed, token);
        status.put("feedStatus", "DONE");
        status.put("itemsReceived", "3");
        ObjectNode item = (ObjectNode) status.at("/itemDetails/itemIngestionStatus/2");
        item.put("ingestionStatus", "FAILED");
        ((ObjectNode) item.at("/ingestionErrors/ingestionError/0")).put("type", "BAD_QUANTITY");

        assertThat(schema.validate("feedStatus", status)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.feedStatus", "$.itemsReceived", "$.itemDetails.itemIngestionStatus[2].ingestionStatus",
                        "$.itemDetails.itemIngestionStatus[2].ingestionErrors.ingestionError[0].type");

        ObjectNode inventory = (ObjectNode) body(calls.get("/v3/inventory?sku=MUG-11OZ", token));
        ((ObjectNode) inventory.get("quantity")).put("unit", "PIECES").put("amount", "5");
        assertThat(schema.validate("inventory", inventory)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.quantity.unit", "$.quantity.amount");

        ObjectNode items = (ObjectNode) body(calls.get("/v3/items/MUG-11OZ", token));
        ((ObjectNode) items.at("/ItemResponse/0")).remove("sku");
        ((ObjectNode) items.at("/ItemResponse/0")).put("publishedStatus", "LIVE");
        assertThat(schema.validate("items", items)).hasSizeGreaterThanOrEqualTo(2);

        // the header of spec 1.4 with the lower-case item array of spec 1.5
        JsonNode mixed = Json.mapper().readTree(INVENTORY_FILE.replace("\"Inventory\"", "\"inventory\""));
        assertThat(schema.validate("inventoryFeedFile", mixed)).isNotEmpty();
        assertThat(schema.validate("priceFeedFile", Json.mapper().readTree(PRICE_FILE.replace("11.99", "11.999")))).isNotEmpty();
        assertThat(schema.validate("feedId", Json.mapper().readTree("{\"feedId\":\"12345\"}"))).isNotEmpty();
    }

    private void assertConforms(String definition, String pathAndQuery) throws Exception {
        HttpResponse<String> response = calls.get(pathAndQuery, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(schema.validate(definition, body(response))).as(response.body()).isEmpty();
    }
}
