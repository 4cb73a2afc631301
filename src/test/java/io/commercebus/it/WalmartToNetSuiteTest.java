package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.walmart.Purchase;
import io.commercebus.sandbox.walmart.ShipNodeType;
import io.commercebus.sandbox.walmart.WalmartSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Walmart orders through the Marketplace API sandbox: released orders are staged, then acknowledged,
 * and become Sales Orders; WFS orders become Cash Sales once Walmart ships them; cancellations after
 * import reach NetSuite through the modification poll.
 */
class WalmartToNetSuiteTest {

    static final String STORE = "walmart-demo";

    @TempDir
    static Path dir;
    static TestBus bus;
    static WalmartSandbox walmart;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.walmart-demo.poll.period", "300ms");
        bus = TestBus.start(settings);
        walmart = bus.walmart();
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void aReleasedOrderIsAcknowledgedOnceStagedAndBecomesASalesOrderForWhatTheBuyerPaid() {
        Purchase purchase = walmart.demoPurchase().withItems(Purchase.Item.of("MUG-11OZ", 2).withShipping(new BigDecimal("5.99")),
                Purchase.Item.of("CAP-ONE", 1));
        String id = walmart.placeOrder(purchase);

        bus.awaitState(key(id), RecordState.DELIVERED);
        assertThat(walmart.isAcknowledged(id)).isTrue();
        JsonNode so = salesOrder(id);
        assertThat(so.get("total").decimalValue()).isEqualByComparingTo(walmart.orderTotal(id));
        assertThat(so.get("item").get("items")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(so.get("otherRefNum").asText()).isEqualTo(walmart.order(id).get("customerOrderId").asText());
        // the acknowledgement changed the order at Walmart, not the Sales Order: one write only
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> bus.netsuite().writes("salesOrder", "WMT-" + STORE + "-" + id) == 1);
    }

    @Test
    void aLineCancelledBeforeImportIsLeftOutAndCancellingTheRestClosesTheSalesOrder() {
        String id = walmart.placeOrder(walmart.demoPurchase().withItems(Purchase.Item.of("POSTER-A2", 1),
                Purchase.Item.of("SOCKS-3PK", 2), Purchase.Item.of("HOODIE-L", 1)));
        walmart.cancelLine(id, "2");

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode so = salesOrder(id);
        assertThat(so.get("total").decimalValue()).isEqualByComparingTo(walmart.orderTotal(id));
        assertThat(so.toString()).doesNotContain("Socks");

        walmart.cancelLine(id, "1");
        walmart.cancelLine(id, "3");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(salesOrder(id).get("item").get("items"))
                .isNotEmpty().allSatisfy(line -> assertThat(line.path("isClosed").asBoolean()).isTrue()));
    }

    @Test
    void aWfsOrderBecomesACashSaleInTheWfsLocationOnceWalmartShipsIt() {
        String id = walmart.placeOrder(walmart.demoPurchase().fulfilledBy(ShipNodeType.WFS_FULFILLED)
                .withItems(Purchase.Item.of("TEE-L-BLK", 2)));
        bus.awaitReason(key(id), "AWAITING_SHIPMENT");
        assertThat(bus.netsuite().recordByExternalId("cashSale", "WMT-" + STORE + "-" + id)).isNull();

        walmart.ship(id);

        bus.awaitState(key(id), RecordState.DELIVERED);
        JsonNode cashSale = bus.netsuite().recordByExternalId("cashSale", "WMT-" + STORE + "-" + id);
        assertThat(cashSale.get("location").get("id").asText()).isEqualTo("10");
        assertThat(cashSale.get("total").decimalValue()).isEqualByComparingTo(walmart.orderTotal(id));
        assertThat(salesOrder(id)).isNull();
    }

    @Test
    void everyRelayAddressOfABuyerIsOneCustomer() {
        String relay = "a1b2c3d4e5@relay.walmart.com";
        String first = walmart.placeOrder(walmart.demoPurchase().withCustomerEmail(relay).withItems(Purchase.Item.of("MUG-15OZ", 1)));
        String second = walmart.placeOrder(walmart.demoPurchase().withCustomerEmail(relay).withItems(Purchase.Item.of("MUG-15OZ", 3)));

        bus.awaitState(key(first), RecordState.DELIVERED);
        bus.awaitState(key(second), RecordState.DELIVERED);
        assertThat(salesOrder(second).get("entity").get("id").asText()).isEqualTo(salesOrder(first).get("entity").get("id").asText());
    }

    static RecordKey key(String id) {
        return new RecordKey("walmart", STORE, "order", id);
    }

    static JsonNode salesOrder(String id) {
        return bus.netsuite().recordByExternalId("salesOrder", "WMT-" + STORE + "-" + id);
    }
}
