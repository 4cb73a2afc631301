package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orders and the catalogue: stock reduced and restored by order statuses, the cart's stock checks, prices, restarts. */
class WooCommerceStockTest {

    @Test
    void anOrderReducesStockOnceWhenPaidOrOnHoldAndRestoresItWhenCancelled() throws Exception {
        try (TestStore store = new TestStore()) {
            int mugs = store.sandbox.stock("MUG-11OZ");
            JsonNode pending = order(store, "{\"line_items\": [{\"sku\": \"MUG-11OZ\", \"quantity\": 3}, {\"product_id\": 96, \"quantity\": 1}]}");
            int id = pending.get("id").asInt();
            assertThat(store.sandbox.stock("MUG-11OZ")).as("a pending order holds no stock").isEqualTo(mugs);

            JsonNode onHold = TestStore.json(store.send("PUT", "/orders/" + id, "{\"status\": \"on-hold\"}"));
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs - 3);
            assertThat(reducedStock(onHold.get("line_items").get(0))).isEqualTo("3");
            store.send("PUT", "/orders/" + id, "{\"status\": \"processing\"}");
            store.send("PUT", "/orders/" + id, "{\"status\": \"completed\"}");
            assertThat(store.sandbox.stock("MUG-11OZ")).as("reduced once").isEqualTo(mugs - 3);
            assertThat(store.sandbox.productBySku("MUG-11OZ").orElseThrow().get("total_sales").asInt()).isEqualTo(3);

            JsonNode cancelled = TestStore.json(store.send("PUT", "/orders/" + id, "{\"status\": \"cancelled\"}"));
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs);
            assertThat(reducedStock(cancelled.get("line_items").get(0))).isNull();
            assertThat(store.sandbox.productBySku("MUG-11OZ").orElseThrow().get("total_sales").asInt()).isZero();

            JsonNode paid = order(store, "{\"set_paid\": true, \"line_items\": [{\"sku\": \"MUG-11OZ\", \"quantity\": 2}]}");
            assertThat(paid.get("status").asText()).isEqualTo("processing");
            assertThat(reducedStock(paid.get("line_items").get(0))).isEqualTo("2");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs - 2);
            // back to pending gives the stock back too
            store.send("PUT", "/orders/" + paid.get("id").asInt(), "{\"status\": \"pending\"}");
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(mugs);
        }
    }

    @Test
    void stockMovesBothWaysBetweenPushesAndPaidOrders() throws Exception {
        try (TestStore store = new TestStore()) {
            // NetSuite pushes inventory in a batch
            store.send("POST", "/products/batch", "{\"update\": [{\"id\": 81, \"stock_quantity\": 5}, {\"id\": 95, \"stock_quantity\": 0}]}");
            assertThat(store.sandbox.stockStatus("HOODIE-L")).isEqualTo("outofstock");

            store.sandbox.placeOrder(paid("POSTER-A2", 2));
            assertThat(store.sandbox.stock("POSTER-A2")).isEqualTo(3);
            store.sandbox.placeOrder(paid("POSTER-A2", 3));
            assertThat(store.sandbox.stock("POSTER-A2")).isZero();
            assertThat(store.sandbox.stockStatus("POSTER-A2")).isEqualTo("outofstock");

            store.send("PUT", "/products/81", "{\"stock_quantity\": 40}");
            assertThat(store.sandbox.stockStatus("POSTER-A2")).isEqualTo("instock");
            store.sandbox.placeOrder(paid("POSTER-A2", 1));
            assertThat(store.sandbox.stock("POSTER-A2")).isEqualTo(39);
        }
    }

    @Test
    void theCheckoutRefusesWhatIsNotInStockTheRestApiDoesNot() throws Exception {
        try (TestStore store = new TestStore()) {
            store.send("PUT", "/products/81", "{\"stock_quantity\": 2}");

            assertThatThrownBy(() -> store.sandbox.placeOrder(paid("POSTER-A2", 3))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Sorry, we do not have enough \"Poster A2\" in stock to fulfill your order (2 available). "
                            + "We apologize for any inconvenience caused.");
            store.sandbox.placeOrder(paid("POSTER-A2", 2));
            assertThatThrownBy(() -> store.sandbox.placeOrder(paid("POSTER-A2", 1)))
                    .hasMessage("Sorry, \"Poster A2\" is not in stock. Please edit your cart and try again. "
                            + "We apologize for any inconvenience caused.");
            int orders = store.sandbox.orderCount();

            // the shop manager may sell what is not there: the stock goes below zero
            HttpResponse<String> admin = store.send("POST", "/orders",
                    "{\"set_paid\": true, \"line_items\": [{\"sku\": \"POSTER-A2\", \"quantity\": 1}]}");
            assertThat(admin.statusCode()).isEqualTo(201);
            assertThat(store.sandbox.stock("POSTER-A2")).isEqualTo(-1);
            assertThat(store.sandbox.orderCount()).isEqualTo(orders + 1);

            // demo shoppers only buy what is in stock
            for (int id : store.sandbox.placeDemoOrders(40)) {
                assertThat(store.sandbox.order(id).get("line_items")).noneMatch(l -> l.get("sku").asText().equals("POSTER-A2"));
            }
            // and nobody orders once everything has sold out
            StringBuilder updates = new StringBuilder();
            for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
                updates.append(updates.length() == 0 ? "" : ",").append("{\"id\": ").append(product.id()).append(", \"stock_quantity\": 0}");
            }
            store.send("POST", "/products/batch", "{\"update\": [" + updates + "]}");
            assertThat(store.sandbox.placeDemoOrders(3)).isEmpty();
            assertThatThrownBy(store.sandbox::demoOrderBody).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aVariationLineReducesItsOwnStockOrItsParentsAndNamesItsOptions() throws Exception {
        try (TestStore store = new TestStore()) {
            int tee = TestStore.json(store.send("POST", "/products", """
                    {"name": "Team Tee", "type": "variable", "manage_stock": true, "stock_quantity": 10,
                     "attributes": [{"name": "Size", "options": ["S", "M"], "variation": true}]}""")).get("id").asInt();
            int small = TestStore.json(store.send("POST", "/products/" + tee + "/variations", """
                    {"sku": "TEAM-S", "regular_price": "15.00", "manage_stock": true, "stock_quantity": 4,
                     "attributes": [{"name": "Size", "option": "S"}]}""")).get("id").asInt();
            JsonNode medium = TestStore.json(store.send("POST", "/products/" + tee + "/variations", """
                    {"sku": "TEAM-M", "regular_price": "16.00", "attributes": [{"name": "Size", "option": "M"}]}"""));
            assertThat(medium.get("manage_stock").asText()).isEqualTo("parent");
            assertThat(medium.get("stock_quantity").asInt()).isEqualTo(10);

            JsonNode order = order(store, """
                    {"set_paid": true, "line_items": [{"sku": "TEAM-S", "quantity": 1},
                                                      {"product_id": %d, "variation_id": %d, "quantity": 2}]}"""
                    .formatted(tee, medium.get("id").asInt()));

            JsonNode line = order.get("line_items").get(0);
            assertThat(line.get("product_id").asInt()).isEqualTo(tee);
            assertThat(line.get("variation_id").asInt()).isEqualTo(small);
            assertThat(line.get("name").asText()).isEqualTo("Team Tee - S");
            assertThat(line.get("subtotal").asText()).isEqualTo("15.00");
            assertThat(line.get("meta_data")).anySatisfy(m -> {
                assertThat(m.get("key").asText()).isEqualTo("size");
                assertThat(m.get("value").asText()).isEqualTo("S");
                assertThat(m.get("display_key").asText()).isEqualTo("Size");
            });
            assertThat(order.get("line_items").get(1).get("sku").asText()).isEqualTo("TEAM-M");
            assertThat(store.sandbox.stock("TEAM-S")).isEqualTo(3);
            assertThat(store.sandbox.stock("TEAM-M")).as("the parent's stock").isEqualTo(8);
            assertThat(TestStore.json(store.get("/products/" + tee)).get("stock_quantity").asInt()).isEqualTo(8);
            assertThat(TestStore.json(store.get("/products/" + tee)).get("total_sales").asInt()).isEqualTo(3);
        }
    }

    @Test
    void ordersBuyAtTheCurrentPriceAndTaxOnlyTaxableProducts() throws Exception {
        try (TestStore store = new TestStore()) {
            store.send("PUT", "/products/96", "{\"sale_price\": \"12.00\"}");
            int gift = TestStore.json(store.send("POST", "/products",
                    "{\"name\": \"Gift card\", \"sku\": \"GIFT-25\", \"regular_price\": \"25.00\", \"tax_status\": \"none\", \"virtual\": true}"))
                    .get("id").asInt();

            JsonNode order = order(store, "{\"line_items\": [{\"sku\": \"CAP-ONE\", \"quantity\": 2}, {\"product_id\": " + gift
                    + ", \"quantity\": 1}]}");

            JsonNode cap = order.get("line_items").get(0);
            JsonNode card = order.get("line_items").get(1);
            assertThat(cap.get("subtotal").asText()).isEqualTo("24.00");
            assertThat(cap.get("total_tax").asText()).isEqualTo("1.98");
            assertThat(card.get("subtotal").asText()).isEqualTo("25.00");
            assertThat(card.get("total_tax").asText()).isEqualTo("0.00");
            assertThat(card.get("taxes")).isEmpty();
            assertThat(order.get("total").asText()).isEqualTo("50.98");
            WooCommerceAmountsTest.assertAddsUp(order);
            assertThat(store.sandbox.price("CAP-ONE")).isEqualByComparingTo(new BigDecimal("12.00"));
        }
    }

    @Test
    void productsVariationsAndReducedStockSurviveARestart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("woocommerce.json");
        int tee;
        int orderId;
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            tee = TestStore.json(store.send("POST", "/products", """
                    {"name": "Kept Tee", "type": "variable", "sku": "KEPT",
                     "attributes": [{"name": "Size", "options": ["S"], "variation": true}]}""")).get("id").asInt();
            store.send("POST", "/products/" + tee + "/variations", """
                    {"sku": "KEPT-S", "regular_price": "11.00", "manage_stock": true, "stock_quantity": 9,
                     "attributes": [{"name": "Size", "option": "S"}]}""");
            store.send("PUT", "/products/77", "{\"regular_price\": \"13.99\", \"stock_quantity\": 50}");
            orderId = order(store, "{\"set_paid\": true, \"line_items\": [{\"sku\": \"KEPT-S\", \"quantity\": 2}, "
                    + "{\"sku\": \"MUG-11OZ\", \"quantity\": 5}]}").get("id").asInt();
        }
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            assertThat(store.sandbox.productBySku("KEPT").orElseThrow().get("variations")).hasSize(1);
            assertThat(store.sandbox.stock("KEPT-S")).isEqualTo(7);
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(45);
            assertThat(store.sandbox.price("MUG-11OZ")).isEqualByComparingTo("13.99");
            // the order still knows what it reduced
            store.send("PUT", "/orders/" + orderId, "{\"status\": \"cancelled\"}");
            assertThat(store.sandbox.stock("KEPT-S")).isEqualTo(9);
            assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(50);
            // ids go on from where they were
            int next = TestStore.json(store.send("POST", "/products", "{\"name\": \"Next\"}")).get("id").asInt();
            assertThat(next).isGreaterThan(tee + 1);
        }
    }

    @Test
    void aStateFileFromBeforeTheCatalogueKeepsItsOrdersAndGetsTheDemoCatalogue(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("woocommerce.json");
        try (TestStore store = new TestStore(List.of(), 5, state)) {
            store.sandbox.placeDemoOrders(2);
        }
        ObjectNode old = (ObjectNode) Json.mapper().readTree(state.toFile());
        old.remove("catalog");
        Files.writeString(state, old.toString());

        try (TestStore store = new TestStore(List.of(), 5, state)) {
            assertThat(store.sandbox.orderCount()).isEqualTo(2);
            assertThat(store.sandbox.productCount()).isEqualTo(SandboxCatalog.PRODUCTS.size());
            assertThat(store.sandbox.stock("SOCKS-3PK")).isEqualTo(ProductCatalog.DEMO_STOCK.get("SOCKS-3PK"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode order(TestStore store, String body) throws Exception {
        HttpResponse<String> response = store.send("POST", "/orders", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestStore.json(response);
    }

    private static ObjectNode paid(String sku, int quantity) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("set_paid", true).put("payment_method", "stripe");
        body.putObject("billing").put("email", "stock@example.com");
        body.putArray("line_items").addObject().put("sku", sku).put("quantity", quantity);
        return body;
    }

    private static String reducedStock(JsonNode line) {
        for (JsonNode meta : line.get("meta_data")) {
            if (meta.get("key").asText().equals("_reduced_stock")) {
                return meta.get("value").asText();
            }
        }
        return null;
    }
}
