package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.OpenApiContract;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Listings Items API answers what Amazon's published listingsItems_2021-08-01 definition describes. */
class ListingsItemsContractTest {

    static final Path SPEC = Path.of("../shared/specs/amazon/listingsItems_2021-08-01.json");
    static final String ITEM = "/listings/2021-08-01/items/{sellerId}/{sku}";
    static final String ITEMS = "/listings/2021-08-01/items/" + SpApi.SELLER_ID + "/";
    static final String ALL_DATA = "?marketplaceIds=" + SpApi.MARKETPLACE + "&includedData=summaries,attributes,issues,offers,"
            + "fulfillmentAvailability,procurement,relationships,productTypes";

    static AmazonSandbox amazon;
    static SpApi api;
    static OpenApiContract contract;
    static RequestBodies requests;

    @BeforeAll
    static void start() throws Exception {
        amazon = SpApi.sandbox();
        api = new SpApi(amazon);
        contract = new OpenApiContract(SPEC);
        requests = new RequestBodies(SPEC);
    }

    @AfterAll
    static void stop() {
        amazon.close();
    }

    @Test
    void getListingsItemWithEveryDataSet() throws Exception {
        for (String sku : amazon.listingSkus()) {
            conforms(api.get(ITEMS + SpApi.encode(sku) + ALL_DATA), "GET", 200);
        }
        conforms(api.get(ITEMS + "MUG-11OZ?marketplaceIds=" + SpApi.MARKETPLACE), "GET", 200);
    }

    @Test
    void aListingWithIssuesAndAnAmazonFulfilledOne() throws Exception {
        ObjectNode noOffer = Json.mapper().createObjectNode().put("productType", "POSTER");
        noOffer.putArray("patches").addObject().put("op", "delete").put("path", "/attributes/purchasable_offer")
                .putArray("value").addObject().put("marketplace_id", SpApi.MARKETPLACE).put("audience", "ALL");
        ObjectNode afn = Json.mapper().createObjectNode().put("productType", "POSTER");
        afn.putArray("patches").addObject().put("op", "replace").put("path", "/attributes/fulfillment_availability")
                .putArray("value").addObject().put("fulfillment_channel_code", "AMAZON_NA");
        for (ObjectNode body : List.of(noOffer, afn)) {
            assertThat(requests.validate(ITEM, "PATCH", body)).isEmpty();
            assertThat(conforms(api.send("PATCH", ITEMS + "POSTER-A2?marketplaceIds=" + SpApi.MARKETPLACE, body), "PATCH", 200)
                    .get("status").asText()).isEqualTo("ACCEPTED");
        }
        JsonNode item = conforms(api.get(ITEMS + "POSTER-A2" + ALL_DATA), "GET", 200);
        assertThat(item.get("issues")).hasSize(1);
        assertThat(item.get("offers")).isEmpty();
    }

    @Test
    void patchListingsItemAnswers() throws Exception {
        ObjectNode accepted = ListingsItemsTest.patch(FeedClient.quantity(1, "CAP-ONE", 12));
        assertThat(requests.validate(ITEM, "PATCH", accepted)).isEmpty();
        conforms(api.send("PATCH", ITEMS + "CAP-ONE?marketplaceIds=" + SpApi.MARKETPLACE, accepted), "PATCH", 200);

        ObjectNode invalid = ListingsItemsTest.patch(FeedClient.price(1, "CAP-ONE", "0.001"));
        assertThat(requests.validate(ITEM, "PATCH", invalid)).isEmpty();
        JsonNode answer = conforms(api.send("PATCH", ITEMS + "CAP-ONE?marketplaceIds=" + SpApi.MARKETPLACE, invalid), "PATCH", 200);
        assertThat(answer.get("status").asText()).isEqualTo("INVALID");

        JsonNode preview = conforms(api.send("PATCH", ITEMS + "CAP-ONE?marketplaceIds=" + SpApi.MARKETPLACE
                + "&mode=VALIDATION_PREVIEW&includedData=identifiers,issues", accepted), "PATCH", 200);
        assertThat(preview.get("status").asText()).isEqualTo("VALID");
        JsonNode unknown = conforms(api.send("PATCH", ITEMS + "NO-SUCH-SKU?marketplaceIds=" + SpApi.MARKETPLACE, accepted), "PATCH", 200);
        assertThat(unknown.get("status").asText()).isEqualTo("INVALID");
    }

    @Test
    void errorsConform() throws Exception {
        conforms(api.get(ITEMS + "NO-SUCH-SKU" + ALL_DATA), "GET", 404);
        conforms(api.get(ITEMS + "MUG-11OZ"), "GET", 400);
        conforms(api.get(ITEMS + "MUG-11OZ" + ALL_DATA, null), "GET", 403);
        conforms(api.send("PATCH", ITEMS + "CAP-ONE?marketplaceIds=" + SpApi.MARKETPLACE, Map.of("patches", List.of())), "PATCH", 400);
        amazon.setUsagePlan("getListingsItem", 0.001, 1);
        try {
            api.get(ITEMS + "MUG-11OZ" + ALL_DATA);
            conforms(api.get(ITEMS + "MUG-11OZ" + ALL_DATA), "GET", 429);
        } finally {
            amazon.setUsagePlan("getListingsItem", 1000, 1000);
        }
    }

    @Test
    void theContractCheckRejectsAnItemThatBreaksTheDefinition() throws Exception {
        ObjectNode item = (ObjectNode) SpApi.json(api.get(ITEMS + "MUG-11OZ" + ALL_DATA));
        ((ObjectNode) item.at("/summaries/0")).remove("createdDate");
        ((ObjectNode) item.at("/offers/0/price")).put("amount", 12.99);
        ((ObjectNode) item.at("/fulfillmentAvailability/0")).put("quantity", -1);

        assertThat(contract.validate(ITEM, "GET", 200, "application/json", item)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.summaries[0]", "$.offers[0].price.amount", "$.fulfillmentAvailability[0].quantity");
    }

    private static JsonNode conforms(HttpResponse<String> response, String method, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = SpApi.json(response);
        assertThat(contract.validate(ITEM, method, status, "application/json", body)).as(response.body()).isEmpty();
        return body;
    }
}
