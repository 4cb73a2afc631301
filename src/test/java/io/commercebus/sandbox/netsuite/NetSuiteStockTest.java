package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stock per location through the REST record API and SuiteQL, and how transactions move it. */
class NetSuiteStockTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    String customer;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        customer = calls.customer("stock@example.com");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void everyDemoProductHasStockInTheFirstThreeLocationsShownAsNetSuiteShowsIt() {
        String mug = calls.itemId("MUG-11OZ");
        List<NetSuiteSandbox.StockLevel> stock = sandbox.stock("MUG-11OZ");
        assertThat(stock).extracting(NetSuiteSandbox.StockLevel::location).containsExactly(1, 2, 3, 9, 10);
        assertThat(stock.subList(0, 3)).allSatisfy(level -> {
            assertThat(level.quantityOnHand()).isNotNull();
            assertThat(level.quantityCommitted()).isZero();
            assertThat(level.quantityAvailable()).isEqualByComparingTo(level.quantityOnHand());
            assertThat(level.lastQuantityAvailableChange()).isNotNull();
        });
        assertThat(stock.subList(3, 5)).allSatisfy(level -> assertThat(level.quantityOnHand()).isNull());

        // REST: the locations sublist is a link unless expanded, as NetSuite does not expand sublists by default
        JsonNode plain = calls.get("/services/rest/record/v1/inventoryItem/" + mug).body();
        assertThat(plain.get("locations").has("items")).isFalse();
        assertThat(plain.at("/locations/links/0/href").asText()).endsWith("/inventoryItem/" + mug + "/locations");
        assertThat(plain.at("/itemType/id").asText()).isEqualTo("InvtPart");
        assertThat(plain.get("upcCode").asText()).isEqualTo("081234500771");
        assertThat(plain.at("/class/refName").asText()).isEqualTo("Drinkware");
        assertThat(plain.get("lastModifiedDate").asText()).endsWith("Z");

        JsonNode locations = calls.record("inventoryItem", mug).get("locations");
        assertThat(locations.get("totalResults").asInt()).isEqualTo(5);
        JsonNode main = locations.get("items").get(0);
        assertThat(main.at("/location/id").asText()).isEqualTo("1");
        assertThat(main.at("/location/refName").asText()).isEqualTo("Main Warehouse");
        assertThat(main.get("locationId").asInt()).isEqualTo(1);
        assertThat(main.get("quantityOnHand").decimalValue()).isEqualByComparingTo(stock.get(0).quantityOnHand());
        assertThat(main.get("quantityAvailable").decimalValue()).isEqualByComparingTo(stock.get(0).quantityAvailable());
        assertThat(locations.get("items").get(3).has("quantityOnHand")).isFalse();
        BigDecimal total = stock.get(0).quantityOnHand().add(stock.get(1).quantityOnHand()).add(stock.get(2).quantityOnHand());
        assertThat(calls.record("inventoryItem", mug).get("quantityOnHand").decimalValue()).isEqualByComparingTo(total);

        // the sublist as its own resource
        NetSuiteCalls.Answer sub = calls.get("/services/rest/record/v1/inventoryitem/" + mug + "/locations");
        assertThat(sub.status()).isEqualTo(200);
        assertThat(sub.body().get("items")).hasSize(5);

        // SuiteQL: a row per location, empty quantities left out
        List<Map<String, String>> rows = calls.query("SELECT item, location, quantityonhand, quantitycommitted,"
                + " quantityavailable FROM inventoryitemlocations WHERE item = " + mug + " ORDER BY location");
        assertThat(rows).extracting(r -> r.get("location")).containsExactly("1", "2", "3", "9", "10");
        assertThat(rows.get(0)).containsEntry("quantityonhand", stock.get(0).quantityOnHand().toPlainString())
                .containsEntry("quantitycommitted", "0")
                .containsEntry("quantityavailable", stock.get(0).quantityOnHand().toPlainString());
        assertThat(rows.get(3)).containsOnlyKeys("item", "location");
    }

    @Test
    void specialItemsHoldNoStockAndTheSeedIsTheSameOnEveryStart() {
        String tax = sandbox.records("otherChargeSaleItem").stream()
                .filter(i -> i.get("itemId").asText().equals("SALES-TAX")).findFirst().orElseThrow().get("id").asText();
        assertThat(calls.query("SELECT item FROM inventoryitemlocations WHERE item = " + tax)).isEmpty();
        assertThat(calls.record("otherChargeSaleItem", tax).has("locations")).isFalse();

        NetSuiteSandbox other = Sandboxes.netsuite(5, Duration.ZERO);
        try {
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                assertThat(other.stock(p.sku())).extracting(NetSuiteSandbox.StockLevel::quantityOnHand)
                        .isEqualTo(sandbox.stock(p.sku()).stream().map(NetSuiteSandbox.StockLevel::quantityOnHand).toList());
            }
        } finally {
            other.close();
        }
    }

    @Test
    void aSalesOrderCommitsItsOpenLinesAnUpsertRecomputesAndClosedLinesRelease() {
        sandbox.setStock("MUG-11OZ", 1, BigDecimal.valueOf(50));
        sandbox.setStock("MUG-11OZ", 2, BigDecimal.valueOf(10));
        sandbox.setStock("CAP-ONE", 1, BigDecimal.valueOf(5));
        String mug = calls.itemId("MUG-11OZ");
        String cap = calls.itemId("CAP-ONE");

        // header location 1; the second line ships from location 2
        String so = calls.upsert("salesOrder", "SO-1", order(1, line(mug, 3, null), line(mug, 2, 2), line(cap, 1, null)),
                "item").createdId();
        assertThat(level("MUG-11OZ", 1)).isEqualTo(new BigDecimal[] {bd(50), bd(3), bd(47)});
        assertThat(level("MUG-11OZ", 2)).isEqualTo(new BigDecimal[] {bd(10), bd(2), bd(8)});
        assertThat(level("CAP-ONE", 1)).isEqualTo(new BigDecimal[] {bd(5), bd(1), bd(4)});
        JsonNode lines = calls.record("salesOrder", so).at("/item/items");
        assertThat(lines.get(0).get("quantityCommitted").asInt()).isEqualTo(3);
        assertThat(lines.get(0).get("quantityBackOrdered").asInt()).isZero();

        // the same order again with its lines replaced: commitments are recomputed, not added
        calls.upsert("salesOrder", "SO-1", order(1, line(mug, 5, null)), "item").createdId();
        assertThat(level("MUG-11OZ", 1)).isEqualTo(new BigDecimal[] {bd(50), bd(5), bd(45)});
        assertThat(level("MUG-11OZ", 2)).isEqualTo(new BigDecimal[] {bd(10), bd(0), bd(10)});
        assertThat(level("CAP-ONE", 1)).isEqualTo(new BigDecimal[] {bd(5), bd(0), bd(5)});

        // closing the lines (what the bus does for a cancelled order) releases them
        ObjectNode closed = order(1, line(mug, 5, null));
        ((ObjectNode) closed.at("/item/items/0")).put("isClosed", true);
        calls.patch("salesOrder", so, closed, "item").createdId();
        assertThat(level("MUG-11OZ", 1)).isEqualTo(new BigDecimal[] {bd(50), bd(0), bd(50)});

        List<Map<String, String>> rows = calls.query("SELECT location, quantitycommitted, quantityavailable"
                + " FROM inventoryitemlocations WHERE item = " + mug + " AND location IN (1, 2) ORDER BY location");
        assertThat(rows).containsExactly(Map.of("location", "1", "quantitycommitted", "0", "quantityavailable", "50"),
                Map.of("location", "2", "quantitycommitted", "0", "quantityavailable", "10"));
    }

    @Test
    void whatIsNotAvailableIsBackOrderedAndCommitInventoryIsHonoured() {
        sandbox.setStock("POSTER-A2", 1, BigDecimal.valueOf(4));
        String poster = calls.itemId("POSTER-A2");

        String so = calls.upsert("salesOrder", "SO-BIG", order(1, line(poster, 6, null)), "item").createdId();
        assertThat(level("POSTER-A2", 1)).isEqualTo(new BigDecimal[] {bd(4), bd(4), bd(0)});
        assertThat(sandbox.stock("POSTER-A2").get(0).quantityBackOrdered()).isEqualByComparingTo("2");
        JsonNode line = calls.record("salesOrder", so).at("/item/items/0");
        assertThat(line.get("quantityCommitted").asInt()).isEqualTo(4);
        assertThat(line.get("quantityBackOrdered").asInt()).isEqualTo(2);

        // "Complete Qty" commits a line only whole; "Do Not Commit" never
        ObjectNode complete = line(poster, 1, null);
        complete.putObject("commitInventory").put("id", "2");
        ObjectNode none = line(poster, 1, null);
        none.putObject("commitInventory").put("id", "3");
        calls.upsert("salesOrder", "SO-MODES", order(1, complete, none), "item").createdId();
        assertThat(level("POSTER-A2", 1)).isEqualTo(new BigDecimal[] {bd(4), bd(4), bd(0)});
        assertThat(sandbox.stock("POSTER-A2").get(0).quantityBackOrdered()).isEqualByComparingTo("3");
    }

    @Test
    void aCashSaleTakesStockOffHandAtItsLocationAndKitsMoveTheirMembers() {
        sandbox.setStock("SOCKS-3PK", 1, BigDecimal.valueOf(30));
        sandbox.setStock("MUG-11OZ", 1, BigDecimal.valueOf(20));
        String socks = calls.itemId("SOCKS-3PK");
        String kit = sandbox.records("kitItem").get(0).get("id").asText();
        String gift = sandbox.records("otherChargeSaleItem").get(0).get("id").asText();

        calls.upsert("cashSale", "CS-1", order(1, line(socks, 4, null), line(gift, 1, null)), "item").createdId();
        assertThat(level("SOCKS-3PK", 1)).isEqualTo(new BigDecimal[] {bd(26), bd(0), bd(26)});
        // an FBA cash sale: the FBA location holds no stock in the sandbox, so it goes negative
        calls.upsert("cashSale", "CS-FBA", order(9, line(socks, 2, null)), "item").createdId();
        assertThat(level("SOCKS-3PK", 9)).isEqualTo(new BigDecimal[] {bd(-2), bd(0), bd(-2)});
        // saved again with the same lines: nothing more leaves
        calls.upsert("cashSale", "CS-1", order(1, line(socks, 4, null)), "item").createdId();
        assertThat(level("SOCKS-3PK", 1)).isEqualTo(new BigDecimal[] {bd(26), bd(0), bd(26)});

        // the kit MUG-PAIR is two 11oz mugs: an order of 3 kits commits 6 mugs, a cash sale of one takes 2
        calls.upsert("salesOrder", "SO-KIT", order(1, line(kit, 3, null)), "item").createdId();
        assertThat(level("MUG-11OZ", 1)).isEqualTo(new BigDecimal[] {bd(20), bd(6), bd(14)});
        calls.upsert("cashSale", "CS-KIT", order(1, line(kit, 1, null)), "item").createdId();
        assertThat(level("MUG-11OZ", 1)).isEqualTo(new BigDecimal[] {bd(18), bd(6), bd(12)});
    }

    @Test
    void unknownLocationsAreRefusedAndInventoryAdjustmentsAddToWhatIsOnHand() {
        String mug = calls.itemId("MUG-11OZ");
        NetSuiteCalls.Answer refused = calls.upsert("salesOrder", "SO-X", order(7, line(mug, 1, null)), "item");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("INVALID_CONTENT");
        assertThat(refused.detail()).contains("Invalid Field Value", "location");

        sandbox.setStock("MUG-11OZ", 3, BigDecimal.valueOf(2));
        ObjectNode adjustment = calls.json.createObjectNode();
        adjustment.putObject("account").put("id", "54");
        adjustment.putObject("adjLocation").put("id", "3");
        ObjectNode line = adjustment.putObject("inventory").putArray("items").addObject();
        line.putObject("item").put("id", mug);
        line.put("adjustQtyBy", 8);
        calls.create("inventoryAdjustment", adjustment).createdId();
        assertThat(level("MUG-11OZ", 3)).isEqualTo(new BigDecimal[] {bd(10), bd(0), bd(10)});
    }

    @Test
    void theTimeAvailabilityLastChangedMovesOnlyWhenAvailabilityChanges() {
        Instant t0 = Instant.parse("2026-11-23T16:00:00Z");
        sandbox.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        sandbox.setStock("HOODIE-L", 1, BigDecimal.valueOf(10));
        String hoodie = calls.itemId("HOODIE-L");
        assertThat(sandbox.stock("HOODIE-L").get(0).lastQuantityAvailableChange()).isEqualTo(t0);

        sandbox.setClock(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
        sandbox.setStock("HOODIE-L", 1, BigDecimal.valueOf(10));
        assertThat(sandbox.stock("HOODIE-L").get(0).lastQuantityAvailableChange()).as("same quantity").isEqualTo(t0);

        // an order that commits nothing (Do Not Commit) changes nothing either
        ObjectNode none = line(hoodie, 1, null);
        none.putObject("commitInventory").put("id", "3");
        calls.upsert("salesOrder", "SO-NONE", order(1, none), "item").createdId();
        assertThat(sandbox.stock("HOODIE-L").get(0).lastQuantityAvailableChange()).isEqualTo(t0);

        calls.upsert("salesOrder", "SO-H", order(1, line(hoodie, 1, null)), "item").createdId();
        assertThat(sandbox.stock("HOODIE-L").get(0).lastQuantityAvailableChange()).isEqualTo(t0.plusSeconds(60));
        // 08:01 in Los Angeles, the sandbox user's time zone
        assertThat(calls.query("SELECT TO_CHAR(lastquantityavailablechange, 'YYYY-MM-DD HH24:MI:SS') AS changed"
                + " FROM inventoryitemlocations WHERE item = " + hoodie + " AND location = 1"))
                .containsExactly(Map.of("changed", "2026-11-23 08:01:00"));
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode order(int location, ObjectNode... lines) {
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", Integer.toString(location));
        ArrayNode items = order.putObject("item").putArray("items");
        for (ObjectNode line : lines) {
            items.add(line);
        }
        return order;
    }

    private ObjectNode line(String item, int quantity, Integer location) {
        ObjectNode line = calls.json.createObjectNode();
        line.putObject("item").put("id", item);
        line.put("quantity", quantity);
        line.put("rate", new BigDecimal("1.00"));
        if (location != null) {
            line.putObject("location").put("id", location.toString());
        }
        return line;
    }

    /** On hand, committed, available at a location. */
    private BigDecimal[] level(String item, int location) {
        NetSuiteSandbox.StockLevel level = sandbox.stock(item).stream().filter(l -> l.location() == location)
                .findFirst().orElseThrow();
        return new BigDecimal[] {strip(level.quantityOnHand()), strip(level.quantityCommitted()),
                strip(level.quantityAvailable())};
    }

    private static BigDecimal strip(BigDecimal v) {
        return v == null ? null : bd(v.intValueExact());
    }

    private static BigDecimal bd(int v) {
        return BigDecimal.valueOf(v);
    }
}
