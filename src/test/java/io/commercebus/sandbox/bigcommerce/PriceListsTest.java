package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Price lists, their records per variant and currency, assignments to customer groups and channels, over HTTP. */
class PriceListsTest {

    TestStore store;
    int wholesale;

    @BeforeEach
    void start() throws Exception {
        store = new TestStore();
        HttpResponse<String> created = store.post("/v3/pricelists", "{\"name\":\"Wholesale\",\"active\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        wholesale = json(created).at("/data/id").asInt();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void priceListsAreCreatedReadRenamedAndDeleted() throws Exception {
        JsonNode list = json(store.get("/v3/pricelists/" + wholesale)).get("data");
        assertThat(list.get("name").asText()).isEqualTo("Wholesale");
        assertThat(list.get("active").asBoolean()).isTrue();
        assertThat(list.get("date_created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        HttpResponse<String> duplicate = store.post("/v3/pricelists", "{\"name\":\"wholesale\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).at("/errors/name").asText()).contains("price list " + wholesale);
        assertThat(store.post("/v3/pricelists", "{\"active\":false}").statusCode()).isEqualTo(422);

        int retail = json(store.post("/v3/pricelists", "{\"name\":\"Retail EU\",\"active\":false}")).at("/data/id").asInt();
        assertThat(json(store.get("/v3/pricelists")).get("data")).extracting(l -> l.get("name").asText())
                .containsExactly("Wholesale", "Retail EU");
        assertThat(json(store.get("/v3/pricelists?name=Retail%20EU")).get("data")).hasSize(1);
        HttpResponse<String> renamed = store.put("/v3/pricelists/" + retail, "{\"name\":\"Retail Europe\",\"active\":true}");
        assertThat(json(renamed).at("/data/name").asText()).isEqualTo("Retail Europe");
        assertThat(store.sandbox.priceList("Retail Europe").orElseThrow().get("active").asBoolean()).isTrue();

        assertThat(store.delete("/v3/pricelists/" + retail).statusCode()).isEqualTo(204);
        assertThat(store.get("/v3/pricelists/" + retail).statusCode()).isEqualTo(404);
        assertThat(store.sandbox.priceLists()).hasSize(1);
    }

    @Test
    void recordsAreUpsertedByVariantOrSkuAndReadBackPerCurrency() throws Exception {
        store.sandbox.resetOperationStats();
        HttpResponse<String> upserted = store.put("/v3/pricelists/" + wholesale + "/records", "["
                + "{\"variant_id\":77,\"currency\":\"USD\",\"price\":10.5},"
                + "{\"sku\":\"MUG-11OZ\",\"currency\":\"eur\",\"price\":9.75,\"sale_price\":8.99},"
                + "{\"sku\":\"POSTER-A2\",\"currency\":\"usd\",\"price\":\"42.00\",\"retail_price\":49.99,"
                + "\"bulk_pricing_tiers\":[{\"quantity_min\":10,\"quantity_max\":19,\"type\":\"percent\",\"amount\":5}]}]");
        assertThat(upserted.statusCode()).as(upserted.body()).isEqualTo(200);
        assertThat(store.sandbox.batchSizes("PUT /v3/pricelists/{price_list_id}/records")).containsExactly(3);

        JsonNode euros = json(store.get("/v3/pricelists/" + wholesale + "/records?currency=EUR&include=sku")).get("data");
        assertThat(euros).hasSize(1);
        JsonNode euro = euros.get(0);
        assertThat(euro.get("variant_id").asInt()).isEqualTo(77);
        assertThat(euro.get("product_id").asInt()).isEqualTo(77);
        assertThat(euro.get("sku").asText()).isEqualTo("MUG-11OZ");
        assertThat(euro.get("currency").asText()).isEqualTo("eur");
        assertThat(euro.get("price").decimalValue()).isEqualByComparingTo("9.75");
        assertThat(euro.get("calculated_price").decimalValue()).isEqualByComparingTo("8.99");
        assertThat(euro.has("retail_price")).as("a price not set is left out").isFalse();

        JsonNode dollar = json(store.get("/v3/pricelists/" + wholesale + "/records/77/usd")).get("data");
        assertThat(dollar.get("price").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(dollar.get("calculated_price").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(json(store.get("/v3/pricelists/" + wholesale + "/records/77")).get("data"))
                .extracting(r -> r.get("currency").asText()).containsExactlyInAnyOrder("usd", "eur");
        assertThat(store.get("/v3/pricelists/" + wholesale + "/records/77/gbp").statusCode()).isEqualTo(404);
        JsonNode tiers = json(store.get("/v3/pricelists/" + wholesale + "/records?variant_id=81&include=bulk_pricing_tiers"))
                .at("/data/0/bulk_pricing_tiers");
        assertThat(tiers.get(0).get("amount").asInt()).isEqualTo(5);

        // an upsert changes what it sends and keeps the rest
        store.put("/v3/pricelists/" + wholesale + "/records", "[{\"variant_id\":77,\"currency\":\"eur\",\"price\":9.25}]");
        List<com.fasterxml.jackson.databind.node.ObjectNode> records = store.sandbox.priceRecords(wholesale);
        assertThat(records).hasSize(3);
        JsonNode updated = records.stream().filter(r -> r.get("currency").asText().equals("eur")).findFirst().orElseThrow();
        assertThat(updated.get("price").decimalValue()).isEqualByComparingTo("9.25");
        assertThat(updated.get("sale_price").decimalValue()).isEqualByComparingTo("8.99");
        assertThat(store.sandbox.requests("PUT /v3/pricelists/{price_list_id}/records")).isEqualTo(2);
    }

    @Test
    void aBatchOfMoreThanAThousandRecordsIs413() throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"variant_id\":77,\"currency\":\"usd\",\"price\":").append(i).append('}');
        }

        HttpResponse<String> refused = store.put("/v3/pricelists/" + wholesale + "/records", batch + "]");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(json(refused).get("title").asText()).contains("1000");
        assertThat(store.sandbox.priceRecords(wholesale)).isEmpty();
    }

    @Test
    void badRecordsAreReportedAndTheGoodOnesWrittenUnlessInStrictMode() throws Exception {
        String batch = "[{\"variant_id\":77,\"currency\":\"usd\",\"price\":10},{\"sku\":\"NO-SUCH-SKU\",\"currency\":\"usd\",\"price\":1},"
                + "{\"variant_id\":78,\"price\":2},{\"variant_id\":78,\"currency\":\"usd\",\"price\":-1}]";

        HttpResponse<String> strict = store.send(store.request("/v3/pricelists/" + wholesale + "/records").header("X-Auth-Token", TestStore.TOKEN)
                .header("X-Strict-Mode", "1").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(batch)).build());
        assertThat(strict.statusCode()).isEqualTo(422);
        assertThat(json(strict).get("batch_errors")).hasSize(3);
        assertThat(store.sandbox.priceRecords(wholesale)).isEmpty();

        HttpResponse<String> lenient = store.put("/v3/pricelists/" + wholesale + "/records", batch);
        assertThat(lenient.statusCode()).isEqualTo(422);
        JsonNode errors = json(lenient).get("batch_errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).at("/data/sku").asText()).isEqualTo("NO-SUCH-SKU");
        assertThat(errors.get(0).at("/field_errors/sku").asText()).contains("NO-SUCH-SKU");
        assertThat(errors.get(1).at("/field_errors/currency").asText()).contains("required");
        assertThat(errors.get(2).at("/field_errors/price").asText()).contains("at least 0");
        assertThat(store.sandbox.priceRecords(wholesale)).extracting(r -> r.get("variant_id").asInt()).containsExactly(77);
    }

    @Test
    void aThirdConcurrentUpsertIs429() throws Exception {
        store.sandbox.setPriceRecordUpsertLatency(Duration.ofMillis(1500));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int price = 10 + i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return store.put("/v3/pricelists/" + wholesale + "/records",
                            "[{\"variant_id\":77,\"currency\":\"usd\",\"price\":" + price + "}]").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            Thread.sleep(100);
        }

        assertThat(calls.stream().map(CompletableFuture::join).toList()).containsExactly(200, 200, 429);
        assertThat(store.sandbox.stats()).containsEntry("refusedConcurrentUpserts", 1L);
        // once they are done, the next one is fine
        store.sandbox.setPriceRecordUpsertLatency(Duration.ZERO);
        assertThat(store.put("/v3/pricelists/" + wholesale + "/records", "[{\"variant_id\":78,\"currency\":\"usd\",\"price\":1}]")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAVariantOrAListTakesItsRecordsAndAssignments() throws Exception {
        int tee = store.sandbox.createProduct(json(TestStore.shirt("Crew Tee", "CREW", "S", "M"))).get("id").asInt();
        store.put("/v3/pricelists/" + wholesale + "/records", "[{\"sku\":\"CREW-S\",\"currency\":\"usd\",\"price\":20},"
                + "{\"sku\":\"CREW-M\",\"currency\":\"usd\",\"price\":21},{\"variant_id\":77,\"currency\":\"usd\",\"price\":9}]");
        int small = store.sandbox.variantBySku("CREW-S").orElseThrow().get("id").asInt();

        assertThat(store.delete("/v3/catalog/products/" + tee + "/variants/" + small).statusCode()).isEqualTo(204);
        assertThat(store.sandbox.priceRecords(wholesale)).extracting(r -> r.get("sku").asText()).containsExactly("MUG-11OZ", "CREW-M");
        assertThat(store.delete("/v3/pricelists/" + wholesale + "/records/77/usd").statusCode()).isEqualTo(204);
        assertThat(store.sandbox.priceRecords(wholesale)).hasSize(1);

        store.sandbox.createCustomerGroup("Trade");
        store.post("/v3/pricelists/assignments", "[{\"price_list_id\":" + wholesale + ",\"customer_group_id\":1,\"channel_id\":1}]");
        assertThat(store.delete("/v3/pricelists/" + wholesale).statusCode()).isEqualTo(204);
        assertThat(store.sandbox.priceListAssignments()).isEmpty();
        assertThat(store.sandbox.stats()).containsEntry("priceRecords", 0);
    }

    @Test
    void assignmentsGiveACustomerGroupOnAChannelOnePriceList() throws Exception {
        HttpResponse<String> group = store.post("/v2/customer_groups", "{\"name\":\"Trade\"}");
        assertThat(group.statusCode()).isEqualTo(201);
        int trade = json(group).get("id").asInt();
        assertThat(json(group).at("/category_access/type").asText()).isEqualTo("all");
        assertThat(store.post("/v2/customer_groups", "{\"name\":\"trade\"}").statusCode()).isEqualTo(409);
        assertThat(json(store.get("/v2/customer_groups")).get(0).get("name").asText()).isEqualTo("Trade");
        int retail = json(store.post("/v3/pricelists", "{\"name\":\"Retail\"}")).at("/data/id").asInt();

        HttpResponse<String> assigned = store.post("/v3/pricelists/assignments", "[{\"price_list_id\":" + wholesale
                + ",\"customer_group_id\":" + trade + ",\"channel_id\":1},{\"price_list_id\":" + retail + ",\"customer_group_id\":0,\"channel_id\":1}]");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        assertThat(store.sandbox.priceListAssignments()).hasSize(2);
        JsonNode forTrade = json(store.get("/v3/pricelists/assignments?customer_group_id=" + trade)).get("data");
        assertThat(forTrade).hasSize(1);
        assertThat(forTrade.get(0).get("price_list_id").asInt()).isEqualTo(wholesale);
        assertThat(forTrade.get(0).get("channel_id").asInt()).isEqualTo(1);

        HttpResponse<String> taken = store.post("/v3/pricelists/assignments", "[{\"price_list_id\":" + retail
                + ",\"customer_group_id\":" + trade + ",\"channel_id\":1},{\"price_list_id\":999,\"channel_id\":2}]");
        assertThat(taken.statusCode()).isEqualTo(422);
        JsonNode errors = json(taken).get("batch_errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).at("/field_errors/channel_id").asText()).contains("already has price list " + wholesale);
        assertThat(errors.get(1).at("/field_errors/price_list_id").asText()).contains("999");

        // an upsert moves the group on the channel to another list
        HttpResponse<String> moved = store.put("/v3/pricelists/" + retail + "/assignments", "{\"customer_group_id\":" + trade + ",\"channel_id\":1}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(json(moved).at("/data/price_list_id").asInt()).isEqualTo(retail);
        assertThat(json(moved).at("/data/id").asInt()).isEqualTo(forTrade.get(0).get("id").asInt());
        assertThat(store.sandbox.priceListAssignments()).hasSize(2);

        HttpResponse<String> wrongPut = store.put("/v3/pricelists/assignments", "[]");
        assertThat(wrongPut.statusCode()).isEqualTo(405);
        assertThat(json(wrongPut).get("title").asText()).contains("PUT /v3/pricelists/{price_list_id}/assignments");

        assertThat(store.delete("/v3/pricelists/assignments").statusCode()).isEqualTo(400);
        assertThat(store.delete("/v3/pricelists/assignments?customer_group_id=" + trade).statusCode()).isEqualTo(204);
        assertThat(store.sandbox.priceListAssignments()).extracting(a -> a.path("customer_group_id").asInt()).containsExactly(0);
    }
}
