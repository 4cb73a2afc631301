package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator and test controls under /sandbox/, JSON over HTTP, and the SuiteQL counters. */
class NetSuiteControlsTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void stockIsSetAdjustedAndReadByItemNameOrInternalId() {
        String mug = calls.itemId("MUG-11OZ");
        NetSuiteCalls.Answer set = calls.control("POST", "/sandbox/stock",
                Map.of("item", "MUG-11OZ", "location", 2, "quantityOnHand", 40));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("item").asText()).isEqualTo(mug);
        assertThat(set.body().at("/locations/1/quantityOnHand").asInt()).isEqualTo(40);

        calls.control("POST", "/sandbox/stock", Map.of("item", mug, "location", 2, "adjustBy", -15));
        JsonNode read = calls.control("GET", "/sandbox/stock/MUG-11OZ", null).body();
        JsonNode east = read.at("/locations/1");
        assertThat(east.get("name").asText()).isEqualTo("East Warehouse");
        assertThat(east.get("quantityOnHand").asInt()).isEqualTo(25);
        assertThat(east.get("quantityAvailable").asInt()).isEqualTo(25);
        assertThat(east.get("lastQuantityAvailableChange").asText()).endsWith("Z");
        assertThat(read.at("/locations/4/quantityOnHand").isNull()).isTrue();
        assertThat(sandbox.stock(mug).get(1).quantityOnHand()).isEqualByComparingTo("25");

        NetSuiteCalls.Answer unknownItem = calls.control("POST", "/sandbox/stock",
                Map.of("item", "NO-SUCH-SKU", "location", 1, "quantityOnHand", 1));
        assertThat(unknownItem.status()).isEqualTo(400);
        assertThat(unknownItem.detail()).contains("NO-SUCH-SKU");
        assertThat(calls.control("POST", "/sandbox/stock", Map.of("item", "MUG-11OZ", "location", 7, "quantityOnHand", 1))
                .detail()).contains("no location 7");
        assertThat(calls.control("POST", "/sandbox/stock", Map.of("item", "SALES-TAX", "location", 1, "quantityOnHand", 1))
                .detail()).contains("only inventory items");
    }

    @Test
    void matrixItemsKitsAndPricesAreMadeByControls() {
        NetSuiteCalls.Answer matrix = calls.control("POST", "/sandbox/matrix-items", Map.of("itemId", "SCARF",
                "displayName", "Scarf", "options", Map.of("custitem_colour", List.of("Red", "Green", "Blue"))));
        assertThat(matrix.status()).isEqualTo(201);
        assertThat(matrix.body().get("children")).hasSize(3);
        String parent = matrix.body().get("parentId").asText();
        assertThat(calls.query("SELECT itemid, custitem_colour FROM item WHERE parent = " + parent + " ORDER BY id"))
                .extracting(r -> r.get("custitem_colour")).containsExactly("Red", "Green", "Blue");
        String red = matrix.body().at("/children/0/id").asText();
        calls.control("POST", "/sandbox/stock", Map.of("item", "SCARF-Red", "location", 1, "quantityOnHand", 7));
        assertThat(calls.query("SELECT quantityavailable FROM inventoryitemlocations WHERE item = " + red
                + " AND location = 1")).containsExactly(Map.of("quantityavailable", "7"));

        NetSuiteCalls.Answer kit = calls.control("POST", "/sandbox/kits", Map.of("itemId", "SCARF-DUO", "displayName",
                "Two scarves", "members", List.of(Map.of("item", "SCARF-Red", "quantity", 1),
                        Map.of("item", "SCARF-Blue", "quantity", 1))));
        assertThat(kit.status()).isEqualTo(201);
        assertThat(calls.query("SELECT item FROM itemmember WHERE parentitem = " + kit.body().get("id").asText()))
                .hasSize(2);

        assertThat(calls.control("POST", "/sandbox/prices", Map.of("item", "SCARF-Red", "priceLevel", 1,
                "currency", "EUR", "price", 24.5)).status()).isEqualTo(204);
        assertThat(calls.control("POST", "/sandbox/prices", Map.of("item", "SCARF-Red", "priceLevel", 3,
                "currency", 1, "price", 20)).status()).isEqualTo(204);
        assertThat(calls.query("SELECT pricelevel, currency, unitprice FROM pricing WHERE item = " + red))
                .containsExactly(Map.of("pricelevel", "1", "currency", "4", "unitprice", "24.5"),
                        Map.of("pricelevel", "3", "currency", "1", "unitprice", "20"));
        assertThat(calls.control("POST", "/sandbox/prices", Map.of("item", "SCARF-Red", "priceLevel", 1,
                "currency", "JPY", "price", 1)).status()).isEqualTo(400);
        assertThat(calls.control("POST", "/sandbox/kits", Map.of("itemId", "BAD", "members",
                List.of(Map.of("item", "TEE", "quantity", 1)))).status()).as("a matrix parent is no kit member")
                .isEqualTo(400);
    }

    @Test
    void theListsItemsReferToAreRecordsToo() {
        JsonNode fba = calls.get("/services/rest/record/v1/location/9").body();
        assertThat(fba.get("name").asText()).isEqualTo("Amazon FBA");
        assertThat(fba.at("/subsidiary/items/0/id").asText()).isEqualTo("1");
        assertThat(calls.get("/services/rest/record/v1/pricelevel/3").body().get("name").asText()).isEqualTo("VIP");
        assertThat(calls.get("/services/rest/record/v1/currency/2").body().get("symbol").asText()).isEqualTo("GBP");
        assertThat(calls.get("/services/rest/record/v1/location/8").status()).isEqualTo(404);
        assertThat(calls.send("POST", "/services/rest/record/v1/location", Map.of("name", "New")).status())
                .isEqualTo(405);
    }

    @Test
    void bulkSeedingAndTheSuiteQlCounters() {
        NetSuiteCalls.Answer seeded = calls.control("POST", "/sandbox/seed-items",
                Map.of("count", 250, "locations", List.of(1, 9), "seed", 5));
        assertThat(seeded.status()).isEqualTo(201);
        int first = seeded.body().get("firstId").asInt();
        assertThat(seeded.body().get("lastId").asInt()).isEqualTo(first + 249);
        assertThat(seeded.body().get("lastItemId").asText()).isEqualTo("SEED-000250");
        NetSuiteSandbox.SeededItems more = sandbox.seedItems(10, List.of(3), 6);
        assertThat(more.firstItemId()).isEqualTo("SEED-000251");
        assertThat(more.firstId()).isEqualTo(first + 250);

        sandbox.resetStats();
        assertThat(calls.query("SELECT item FROM inventoryitemlocations WHERE item >= " + first
                + " AND location IN (1, 9) AND quantityonhand IS NOT NULL")).hasSize(500);
        assertThat(calls.query("SELECT id FROM item WHERE id BETWEEN " + first + " AND " + (first + 9))).hasSize(10);
        assertThat(calls.suiteQl("SELECT id FROM nosuchtable", 10, 0).status()).isEqualTo(400);
        JsonNode stats = calls.control("GET", "/sandbox/stats", null).body();
        assertThat(stats.get("suiteQlRequests").asLong()).isEqualTo(3);
        assertThat(stats.get("suiteQlRows").asLong()).isEqualTo(510);
        assertThat(sandbox.suiteQlRequests()).isEqualTo(3);
        assertThat(sandbox.suiteQlRows()).isEqualTo(510);
    }
}
