package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Items, stock, commitments and prices survive a restart through the state file. */
class NetSuiteStateTest {

    @TempDir
    Path dir;

    @Test
    void stockPricesKitsMatrixItemsAndCommitmentsSurviveARestart() {
        Path state = dir.resolve("netsuite.json");
        String mug;
        String hat;
        List<NetSuiteSandbox.StockLevel> mugStock;
        try (NetSuiteSandbox first = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(first);
            mug = calls.itemId("MUG-11OZ");
            first.setStock("MUG-11OZ", 1, BigDecimal.valueOf(30));
            first.setPrice("MUG-11OZ", 2, 3, new BigDecimal("10.25"));
            hat = first.createMatrixItem("HAT", "Hat", Map.of("custitem_size", List.of("S", "L"))).parentId();
            first.createKit("HAT-PAIR", "Two hats", Map.of("HAT-S", BigDecimal.ONE, "HAT-L", BigDecimal.ONE));
            first.seedItems(20, List.of(2), 9);
            calls.upsert("salesOrder", "SO-KEEP", order(calls, calls.customer("keep@example.com"), mug, 4), "item")
                    .createdId();
            mugStock = first.stock("MUG-11OZ");
            assertThat(mugStock.get(0).quantityCommitted()).isEqualByComparingTo("4");
        }

        try (NetSuiteSandbox second = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(second);
            assertThat(second.stock("MUG-11OZ")).isEqualTo(mugStock);
            assertThat(calls.query("SELECT unitprice FROM pricing WHERE item = " + mug + " AND pricelevel = 2 AND currency = 3"))
                    .containsExactly(Map.of("unitprice", "10.25"));
            assertThat(calls.query("SELECT itemid, custitem_size FROM item WHERE parent = " + hat + " ORDER BY itemid"))
                    .extracting(r -> r.get("custitem_size")).containsExactly("L", "S");
        }

        // a second restart: the state written by the restored sandbox is as good
        try (NetSuiteSandbox third = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(third);
            assertThat(calls.query("SELECT COUNT(*) AS n FROM item WHERE itemid LIKE 'SEED-%'"))
                    .containsExactly(Map.of("n", "20"));
            assertThat(calls.query("SELECT itemid FROM item WHERE itemtype = 'Kit' ORDER BY itemid"))
                    .extracting(r -> r.get("itemid")).containsExactly("HAT-PAIR", "MUG-PAIR");
            // the order's commitment was kept: saving it again with other lines recomputes, not adds
            calls.upsert("salesOrder", "SO-KEEP", order(calls, calls.customer("keep@example.com"), mug, 1), "item")
                    .createdId();
            assertThat(third.stock("MUG-11OZ").get(0).quantityCommitted()).isEqualByComparingTo("1");
            assertThat(third.stock("MUG-11OZ").get(0).quantityAvailable()).isEqualByComparingTo("29");
            // new records still get new ids
            String id = third.createItem("inventoryItem", "AFTER-RESTART", "After");
            assertThat(Integer.parseInt(id)).isGreaterThan(Integer.parseInt(hat));
        }
    }

    @Test
    void fulfilmentsReturnsCreditsRefundsAndJournalsSurviveARestartAndGoOnWhereTheyWere() {
        Path state = dir.resolve("after-order.json");
        String so;
        String cm;
        try (NetSuiteSandbox first = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(first);
            first.setStock("MUG-11OZ", 1, BigDecimal.valueOf(30));
            String customer = calls.customer("restart@example.com");
            so = calls.upsert("salesOrder", "SO-RESTART", order(calls, customer, calls.itemId("MUG-11OZ"), 5), "item")
                    .createdId();
            first.fulfill("SO-RESTART", Map.of("MUG-11OZ", BigDecimal.valueOf(2)), "103", List.of("1ZRESTART"));
            String ra = calls.send("POST", "/services/rest/record/v1/salesOrder/" + so
                    + "/!transform/returnAuthorization", Map.of("item", Map.of("items", List.of(Map.of("orderLine", 1,
                    "quantity", 1))))).createdId();
            calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + ra + "/!transform/itemReceipt", Map.of())
                    .createdId();
            cm = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + ra + "/!transform/creditMemo",
                    Map.of()).createdId();
            calls.upsert("customerRefund", "CR-RESTART", refund(calls, customer, cm, "5.00"), "apply").createdId();
            calls.upsert("journalEntry", "JE-RESTART", Map.of("subsidiary", Map.of("id", "1"), "line", Map.of("items",
                    List.of(Map.of("account", Map.of("id", "1"), "debit", 10), Map.of("account", Map.of("id", "2"),
                            "credit", 10)))), "line").createdId();
            assertThat(first.stock("MUG-11OZ").get(0).quantityOnHand()).isEqualByComparingTo("29");
            assertThat(first.stock("MUG-11OZ").get(0).quantityCommitted()).isEqualByComparingTo("3");
        }

        try (NetSuiteSandbox second = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(second);
            JsonNode order = calls.record("salesOrder", so);
            assertThat(order.at("/status/id").asText()).isEqualTo("E");
            assertThat(order.at("/item/items/0/quantityFulfilled").asInt()).isEqualTo(2);
            assertThat(calls.query("SELECT type, status FROM transaction WHERE type IN ('ItemShip', 'RtnAuth', 'ItemRcpt',"
                    + " 'CustCred', 'CustRfnd', 'Journal') ORDER BY id")).containsExactly(
                    Map.of("type", "ItemShip", "status", "C"), Map.of("type", "RtnAuth", "status", "G"),
                    Map.of("type", "ItemRcpt"), Map.of("type", "CustCred", "status", "A"), Map.of("type", "CustRfnd"),
                    Map.of("type", "Journal", "status", "B"));
            // what is left to fulfil and to refund is known after the restart
            assertThat(calls.create("itemFulfillment", Map.of("createdFrom", Map.of("id", so), "item", Map.of("items",
                    List.of(Map.of("orderLine", 1, "quantity", 4))))).status()).isEqualTo(400);
            calls.upsert("customerRefund", "CR-RESTART", refund(calls, calls.customer("restart@example.com"), cm, "7.00"),
                    "apply").createdId();
            assertThat(calls.record("creditMemo", cm).get("amountRemaining").decimalValue()).isEqualByComparingTo("5.99");
            second.fulfill("SO-RESTART", null, null, List.of());
            assertThat(calls.record("salesOrder", so).at("/status/id").asText()).isEqualTo("F");
            assertThat(second.stock("MUG-11OZ").get(0).quantityOnHand()).isEqualByComparingTo("26");
            assertThat(second.stock("MUG-11OZ").get(0).quantityCommitted()).isEqualByComparingTo("0");
        }
    }

    @Test
    void aDemoAccountFromAnOlderStateFileGetsTheSpecialItemsAddedSince() throws Exception {
        Path state = dir.resolve("older-demo.json");
        ObjectNode old = Json.mapper().createObjectNode();
        old.put("nextId", 400);
        ObjectNode tax = old.putObject("records").putArray("otherChargeSaleItem").addObject();
        tax.put("id", "310");
        tax.put("itemId", "SALES-TAX");
        tax.put("displayName", "Marketplace sales tax");
        Files.writeString(state, Json.mapper().writeValueAsString(old));

        try (NetSuiteSandbox sandbox = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(sandbox);
            assertThat(calls.query("SELECT itemid FROM item ORDER BY id")).extracting(r -> r.get("itemid"))
                    .containsExactly("SALES-TAX", "BC-DISCOUNT", "BC-ROUNDING", "GIFT-WRAP", "SHIPPING", "REFUND-ADJUSTMENT");
            assertThat(calls.query("SELECT id FROM item WHERE itemid = 'SALES-TAX'")).containsExactly(Map.of("id", "310"));
        }
    }

    @Test
    void aStateFileFromBeforeTheCatalogKeepsItsItemsAndGetsTheDemoStock() throws Exception {
        Path state = dir.resolve("old.json");
        ObjectNode old = Json.mapper().createObjectNode();
        old.put("nextId", 300);
        ObjectNode records = old.putObject("records");
        ObjectNode mug = records.putArray("inventoryItem").addObject();
        mug.put("id", "100");
        mug.put("itemId", "MUG-11OZ");
        mug.put("displayName", "Coffee Mug 11oz");
        ObjectNode custom = records.withArray("inventoryItem").addObject();
        custom.put("id", "250");
        custom.put("itemId", "OPERATOR-MADE");
        custom.put("displayName", "Made by an operator");
        ObjectNode customer = records.putArray("customer").addObject();
        customer.put("id", "251");
        customer.put("email", "old@example.com");
        Files.writeString(state, Json.mapper().writeValueAsString(old));

        try (NetSuiteSandbox sandbox = start(state)) {
            NetSuiteCalls calls = new NetSuiteCalls(sandbox);
            assertThat(calls.query("SELECT id, itemid FROM item ORDER BY id")).containsExactly(
                    Map.of("id", "100", "itemid", "MUG-11OZ"), Map.of("id", "250", "itemid", "OPERATOR-MADE"));
            assertThat(sandbox.stock("MUG-11OZ").get(0).quantityOnHand()).isNotNull();
            assertThat(sandbox.stock("OPERATOR-MADE").get(0).quantityOnHand()).isNull();
            assertThat(calls.query("SELECT email FROM customer")).containsExactly(Map.of("email", "old@example.com"));
        }
    }

    private static NetSuiteSandbox start(Path state) {
        return new NetSuiteSandbox(new NetSuiteSandbox.Config("127.0.0.1", 0, Sandboxes.ACCOUNT, Sandboxes.CONSUMER_KEY,
                Sandboxes.CONSUMER_SECRET, Sandboxes.TOKEN_ID, Sandboxes.TOKEN_SECRET, 5, Duration.ZERO,
                Duration.ofSeconds(5), state)).start();
    }

    private static ObjectNode refund(NetSuiteCalls calls, String customer, String creditMemo, String amount) {
        ObjectNode refund = calls.json.createObjectNode();
        refund.putObject("customer").put("id", customer);
        refund.putObject("account").put("id", "1");
        refund.putObject("apply").putArray("items").addObject().put("amount", new BigDecimal(amount))
                .putObject("doc").put("id", creditMemo);
        return refund;
    }

    private static ObjectNode order(NetSuiteCalls calls, String customer, String item, int quantity) {
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", "1");
        ObjectNode line = order.putObject("item").putArray("items").addObject();
        line.putObject("item").put("id", item);
        line.put("quantity", quantity);
        line.put("rate", 12.99);
        return order;
    }
}
