package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.commercebus.sandbox.bigcommerce.TestStore.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue and price lists take the store's access token and rate limit, and survive a restart as orders do. */
class CatalogLimitsAndStateTest {

    @Test
    void catalogCallsNeedTheAccessTokenAndCarryTheRateLimitHeaders() throws Exception {
        try (TestStore store = new TestStore(3, null)) {
            HttpResponse<String> anonymous = store.send(store.request("/v3/catalog/products").GET().build());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(store.send(store.request("/v3/pricelists").header("X-Auth-Token", "wrong").GET().build()).statusCode())
                    .isEqualTo(401);

            HttpResponse<String> first = store.put("/v3/catalog/variants", "[{\"id\":77,\"inventory_level\":1}]");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-Rate-Limit-Requests-Quota")).hasValue("3");
            assertThat(first.headers().firstValue("X-Rate-Limit-Requests-Left")).hasValue("2");
            assertThat(first.headers().firstValue("X-Rate-Limit-Time-Window-Ms")).hasValue("30000");
            assertThat(first.headers().firstValue("X-Rate-Limit-Time-Reset-Ms")).isPresent();
            store.get("/v3/pricelists");
            HttpResponse<String> last = store.get("/v3/catalog/variants?sku=MUG-11OZ");
            assertThat(last.headers().firstValue("X-Rate-Limit-Requests-Left")).hasValue("0");

            HttpResponse<String> refused = store.put("/v3/catalog/variants", "[{\"id\":77,\"inventory_level\":2}]");

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json(refused).get("status").asInt()).isEqualTo(429);
            assertThat(refused.headers().firstValue("X-Rate-Limit-Time-Reset-Ms")).isPresent();
            assertThat(store.sandbox.rateLimitedRequests()).isEqualTo(1);
            // refused requests reach no operation: one PUT was served, the stock is its
            assertThat(store.sandbox.requests("PUT /v3/catalog/variants")).isEqualTo(1);
            assertThat(store.sandbox.variantBySku("MUG-11OZ").orElseThrow().get("inventory_level").asInt()).isEqualTo(1);
            assertThat(store.sandbox.stats()).containsEntry("rateLimited", 1L).containsKey("operations");
        }
    }

    @Test
    void unknownPathsAndMethodsAnswerAsBigCommerceDoes() throws Exception {
        try (TestStore store = new TestStore()) {
            HttpResponse<String> unknown = store.get("/v3/catalog/products/abc");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("status").asInt()).isEqualTo(404);
            HttpResponse<String> method = store.send("PATCH", "/v3/catalog/variants", "[]");
            assertThat(method.statusCode()).isEqualTo(405);
            assertThat(method.headers().firstValue("Allow")).hasValue("GET, PUT");
            HttpResponse<String> badJson = store.put("/v3/catalog/variants", "[{\"id\":77,");
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(json(store.get("/v2/nothing/here")).get(0).get("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void productsPriceListsAndAssignmentsSurviveARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("bigcommerce.json");
        int tee;
        int list;
        try (TestStore store = new TestStore(1000, state)) {
            tee = json(store.post("/v3/catalog/products", TestStore.shirt("Crew Tee", "CREW", "S", "M"))).at("/data/id").asInt();
            store.put("/v3/catalog/variants", "[{\"id\":77,\"inventory_level\":12,\"price\":13.5}]");
            list = json(store.post("/v3/pricelists", "{\"name\":\"Wholesale\"}")).at("/data/id").asInt();
            store.put("/v3/pricelists/" + list + "/records", "[{\"sku\":\"CREW-M\",\"currency\":\"eur\",\"price\":19}]");
            int group = json(store.post("/v2/customer_groups", "{\"name\":\"Trade\"}")).get("id").asInt();
            store.post("/v3/pricelists/assignments", "[{\"price_list_id\":" + list + ",\"customer_group_id\":" + group + ",\"channel_id\":1}]");
            store.sandbox.placeDemoOrders(1);
        }

        try (TestStore store = new TestStore(1000, state)) {
            JsonNode shirt = store.sandbox.productBySku("CREW-S").orElseThrow();
            assertThat(shirt.get("id").asInt()).isEqualTo(tee);
            assertThat(shirt.get("variants")).extracting(v -> v.get("sku").asText()).containsExactly("CREW-S", "CREW-M");
            assertThat(shirt.get("options").get(0).get("option_values")).hasSize(2);
            JsonNode mug = store.sandbox.variantBySku("MUG-11OZ").orElseThrow();
            assertThat(mug.get("inventory_level").asInt()).isEqualTo(12);
            assertThat(mug.get("price").decimalValue()).isEqualByComparingTo("13.5");
            assertThat(store.sandbox.priceRecords(list)).extracting(r -> r.get("sku").asText() + " " + r.get("currency").asText())
                    .containsExactly("CREW-M eur");
            assertThat(store.sandbox.priceListAssignments()).hasSize(1);
            assertThat(store.sandbox.customerGroups()).extracting(g -> g.get("name").asText()).containsExactly("Trade");
            assertThat(store.sandbox.orderCount()).isEqualTo(1);
            // ids go on where they stopped
            int next = json(store.post("/v3/catalog/products", "{\"name\":\"Pin\",\"type\":\"physical\",\"weight\":0,\"price\":1}"))
                    .at("/data/id").asInt();
            assertThat(next).isGreaterThan(tee);
            assertThat(json(store.post("/v3/pricelists", "{\"name\":\"Retail\"}")).at("/data/id").asInt()).isGreaterThan(list);
        }
    }
}
