package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seller's listings as the Listings Items API shows and patches them. */
class ListingsItemsTest {

    static final String ITEMS = "/listings/2021-08-01/items/" + SpApi.SELLER_ID + "/";
    static final String MARKET = "?marketplaceIds=" + SpApi.MARKETPLACE;

    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void everyCatalogueProductIsListedWithTheAsinItsOrdersShow() throws Exception {
        assertThat(amazon.listingSkus()).containsAll(SandboxCatalog.PRODUCTS.stream().map(SandboxCatalog.Product::sku).toList());
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            assertThat(amazon.listingPrice(product.sku())).contains(product.price());
            assertThat(amazon.listingQuantity(product.sku()).getAsInt()).isBetween(10, 100);
            assertThat(amazon.listingAsin(product.sku())).matches("B0[0-9A-Z]{8}");
        }
        String order = amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped")
                .withLines(List.of(NewOrder.Line.of("SOCKS-3PK", 1))));
        assertThat(amazon.orderItems(order).get(0).get("ASIN").asText()).isEqualTo(amazon.listingAsin("SOCKS-3PK"));

        JsonNode item = ok(api.get(ITEMS + "SOCKS-3PK" + MARKET));
        assertThat(item.get("sku").asText()).isEqualTo("SOCKS-3PK");
        assertThat(item.fieldNames()).toIterable().as("summaries by default").containsExactly("sku", "summaries");
        JsonNode summary = item.at("/summaries/0");
        assertThat(summary.get("marketplaceId").asText()).isEqualTo(SpApi.MARKETPLACE);
        assertThat(summary.get("asin").asText()).isEqualTo(amazon.listingAsin("SOCKS-3PK"));
        assertThat(summary.get("productType").asText()).isEqualTo("SOCKS");
        assertThat(summary.get("itemName").asText()).isEqualTo("Socks 3-pack");
        assertThat(summary.get("conditionType").asText()).isEqualTo("new_new");
        assertThat(summary.get("status")).extracting(JsonNode::asText).containsExactly("BUYABLE", "DISCOVERABLE");
    }

    @Test
    void includedDataChoosesTheDataSets() throws Exception {
        JsonNode item = ok(api.get(ITEMS + "MUG-11OZ" + MARKET + "&includedData=summaries,attributes,issues,offers,"
                + "fulfillmentAvailability,procurement,relationships,productTypes"));
        assertThat(item.fieldNames()).toIterable().containsExactly("sku", "summaries", "attributes", "issues", "offers",
                "fulfillmentAvailability", "procurement", "relationships", "productTypes");
        assertThat(item.get("offers")).isEqualTo(FeedClient.read("[{\"marketplaceId\":\"ATVPDKIKX0DER\",\"offerType\":\"B2C\","
                + "\"price\":{\"currencyCode\":\"USD\",\"amount\":\"12.99\"},\"audience\":{\"value\":\"ALL\",\"displayName\":\"Sell on Amazon\"}}]"));
        assertThat(item.at("/fulfillmentAvailability/0/fulfillmentChannelCode").asText()).isEqualTo("DEFAULT");
        assertThat(item.at("/attributes/item_name/0/value").asText()).isEqualTo("Coffee Mug 11oz");
        assertThat(item.get("productTypes")).isEqualTo(FeedClient.read("[{\"marketplaceId\":\"ATVPDKIKX0DER\",\"productType\":\"DRINKING_CUP\"}]"));
        assertThat(item.get("issues")).isEmpty();

        assertThat(ok(api.get(ITEMS + "MUG-11OZ" + MARKET + "&includedData=offers&includedData=issues")).fieldNames())
                .toIterable().containsExactly("sku", "issues", "offers");
    }

    @Test
    void errors() throws Exception {
        assertError(api.get(ITEMS + "NO-SUCH-SKU" + MARKET), 404, "NOT_FOUND");
        assertError(api.get(ITEMS + "MUG-11OZ"), 400, "BAD_REQUEST");
        assertError(api.get(ITEMS + "MUG-11OZ?marketplaceIds=A1F83G8C2ARO7P"), 400, "BAD_REQUEST");
        assertError(api.get(ITEMS + "MUG-11OZ" + MARKET + "&includedData=everything"), 400, "BAD_REQUEST");
        assertError(api.get("/listings/2021-08-01/items/A3OTHERSELLER/MUG-11OZ" + MARKET), 403, "Unauthorized");
        assertError(api.get(ITEMS + "MUG-11OZ" + MARKET, null), 403, "Unauthorized");
    }

    @Test
    void patchListingsItemAppliesAPatchAtOnce() throws Exception {
        ObjectNode body = patch(FeedClient.quantity(1, "CAP-ONE", 3));
        HttpResponse<String> response = api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, body);
        JsonNode answer = ok(response);
        assertThat(answer.get("sku").asText()).isEqualTo("CAP-ONE");
        assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.get("submissionId").asText()).isNotEmpty();
        assertThat(answer.get("issues")).isEmpty();
        assertThat(amazon.listingQuantity("CAP-ONE")).hasValue(3);

        // merge updates the quantity of the channel it names and keeps what else the entry holds
        ObjectNode merge = Json.mapper().createObjectNode().put("productType", "HAT");
        merge.putArray("patches").addObject().put("op", "merge").put("path", "/attributes/fulfillment_availability")
                .putArray("value").addObject().put("fulfillment_channel_code", "DEFAULT").put("lead_time_to_ship_max_days", 2);
        assertThat(ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, merge)).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(amazon.listingsItem("CAP-ONE").at("/attributes/fulfillment_availability")).isEqualTo(FeedClient.read(
                "[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":3,\"lead_time_to_ship_max_days\":2}]"));
    }

    @Test
    void aValidationPreviewChangesNothing() throws Exception {
        int before = amazon.listingQuantity("CAP-ONE").getAsInt();
        JsonNode valid = ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET + "&mode=VALIDATION_PREVIEW&includedData=identifiers,issues",
                patch(FeedClient.quantity(1, "CAP-ONE", before + 1))));
        assertThat(valid.get("status").asText()).isEqualTo("VALID");
        assertThat(valid.get("identifiers")).isEqualTo(FeedClient.read("[{\"marketplaceId\":\"ATVPDKIKX0DER\",\"asin\":\""
                + amazon.listingAsin("CAP-ONE") + "\"}]"));
        JsonNode invalid = ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET + "&mode=VALIDATION_PREVIEW",
                patch(FeedClient.price(1, "CAP-ONE", "-1"))));
        assertThat(invalid.get("status").asText()).isEqualTo("INVALID");
        assertThat(amazon.listingQuantity("CAP-ONE")).hasValue(before);
        assertError(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET + "&includedData=identifiers", patch(FeedClient.quantity(1, "CAP-ONE", 1))),
                400, "BAD_REQUEST");
    }

    @Test
    void anInvalidPatchIsInvalidWithItsIssues() throws Exception {
        JsonNode answer = ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, patch(FeedClient.price(1, "CAP-ONE", "9.999"))));
        assertThat(answer.get("status").asText()).isEqualTo("INVALID");
        JsonNode issue = answer.at("/issues/0");
        assertThat(issue.get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(issue.get("severity").asText()).isEqualTo("ERROR");
        assertThat(issue.get("attributeNames")).extracting(JsonNode::asText).containsExactly("purchasable_offer");
        assertThat(issue.get("categories")).extracting(JsonNode::asText).containsExactly("INVALID_PRICE");
        assertThat(amazon.listingPrice("CAP-ONE")).contains(new BigDecimal("17.25"));

        JsonNode unknown = ok(api.send("PATCH", ITEMS + "NO-SUCH-SKU" + MARKET, patch(FeedClient.quantity(1, "NO-SUCH-SKU", 1))));
        assertThat(unknown.get("status").asText()).isEqualTo("INVALID");
        assertThat(unknown.at("/issues/0/code").asText()).isEqualTo("NOT_FOUND");

        assertError(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, Map.of("productType", "HAT")), 400, "BAD_REQUEST");
        assertError(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, Map.of("productType", "HAT", "patches",
                List.of(Map.of("op", "move", "path", "/attributes/x")))), 400, "BAD_REQUEST");
        assertError(api.send("PATCH", ITEMS + "CAP-ONE", patch(FeedClient.quantity(1, "CAP-ONE", 1))), 400, "BAD_REQUEST");
    }

    @Test
    void withoutPriceOrStockAListingIsNotBuyable() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("productType", "HAT");
        body.putArray("patches").addObject().put("op", "delete").put("path", "/attributes/purchasable_offer")
                .putArray("value").addObject().put("marketplace_id", SpApi.MARKETPLACE);
        assertThat(ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, body)).get("status").asText()).isEqualTo("ACCEPTED");

        assertThat(amazon.listingPrice("CAP-ONE")).isEmpty();
        JsonNode item = ok(api.get(ITEMS + "CAP-ONE" + MARKET + "&includedData=summaries,issues,offers"));
        assertThat(item.get("offers")).isEmpty();
        assertThat(item.at("/summaries/0/status")).extracting(JsonNode::asText).containsExactly("DISCOVERABLE");
        assertThat(item.at("/issues/0/code").asText()).isEqualTo("90220");
        assertThat(item.at("/issues/0/message").asText()).isEqualTo("'purchasable_offer' is required but not supplied.");
        assertThat(item.at("/issues/0/categories/0").asText()).isEqualTo("MISSING_PRICE");

        ObjectNode byName = Json.mapper().createObjectNode().put("productType", "HAT");
        byName.putArray("patches").addObject().put("op", "delete").put("path", "/attributes/fulfillment_availability")
                .putArray("value").addObject();
        assertThat(ok(api.send("PATCH", ITEMS + "CAP-ONE" + MARKET, byName)).get("status").asText())
                .as("an attribute is not deleted by its name alone").isEqualTo("INVALID");

        amazon.setListing("CAP-ONE", 4, new BigDecimal("16.00"));
        assertThat(ok(api.get(ITEMS + "CAP-ONE" + MARKET)).at("/summaries/0/status")).extracting(JsonNode::asText)
                .containsExactly("BUYABLE", "DISCOVERABLE");
    }

    @Test
    void theControlApiShowsAndSetsAListing() throws Exception {
        HttpResponse<String> set = api.post("/sandbox/listings/CAP-ONE?quantity=8&price=15.5");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(SpApi.json(set).at("/fulfillmentAvailability/0/quantity").asInt()).isEqualTo(8);
        assertThat(amazon.listingPrice("CAP-ONE")).contains(new BigDecimal("15.5"));
        assertThat(api.get("/sandbox/listings/NOPE", null).statusCode()).isEqualTo(404);
        assertThat(SpApi.json(api.get("/sandbox/stats", null)).get("listings").asInt()).isEqualTo(SandboxCatalog.PRODUCTS.size());
    }

    static ObjectNode patch(ObjectNode message) {
        ObjectNode body = Json.mapper().createObjectNode().put("productType", message.get("productType").asText());
        body.set("patches", message.get("patches"));
        return body;
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        return SpApi.json(response);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(SpApi.json(response).at("/errors/0/code").asText()).isEqualTo(code);
    }
}
