package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.walmart.Purchase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores of different marketplaces on one NetSuite account: they share its customers as their
 * policy says, and its one concurrency limit however hard they all push at once.
 */
class SeveralStoresOneAccountTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "customer.scope={0}")
    @ValueSource(strings = {"account", "store"})
    void theSameEmailOnTwoStoresIsOneCustomerOrOnePerStoreAsTheScopeSays(String scope) {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store-defaults.customer.scope", scope);
        try (TestBus bus = TestBus.start(settings)) {
            String email = "both.stores@example.com";
            int bigcommerce = bus.store().placeOrder(Orders.order(email, "Bo", 77, 1));
            ObjectNode wooOrder = bus.woocommerce().demoOrderBody().put("status", "processing").put("set_paid", true);
            ((ObjectNode) wooOrder.get("billing")).put("email", email).put("company", "");
            int woocommerce = bus.woocommerce().placeOrder(wooOrder);
            RecordKey bcKey = new RecordKey("bigcommerce", TestBus.STORE, "order", Integer.toString(bigcommerce));
            RecordKey wooKey = new RecordKey("woocommerce", "woo-demo", "order", Integer.toString(woocommerce));

            bus.awaitSettledKeys(List.of(bcKey, wooKey), Duration.ofSeconds(30));
            assertThat(bus.record(bcKey).state()).isEqualTo(RecordState.DELIVERED);
            assertThat(bus.record(wooKey).state()).isEqualTo(RecordState.DELIVERED);
            // each store books to its own class, its sales channel
            assertThat(bus.netsuite().recordByExternalId("salesOrder", "BC-demo-" + bigcommerce).get("class").get("id").asText())
                    .isEqualTo("1");
            assertThat(bus.netsuite().recordByExternalId("salesOrder", "WOO-woo-demo-" + woocommerce).get("class").get("id")
                    .asText()).isEqualTo("2");
            String bcCustomer = entity(bus, "BC-demo-" + bigcommerce);
            String wooCustomer = entity(bus, "WOO-woo-demo-" + woocommerce);
            List<ObjectNode> withEmail = bus.netsuite().records("customer").stream()
                    .filter(c -> email.equals(c.path("email").asText())).toList();
            if (scope.equals("account")) {
                assertThat(wooCustomer).isEqualTo(bcCustomer);
                assertThat(withEmail).hasSize(1);
            } else {
                assertThat(wooCustomer).isNotEqualTo(bcCustomer);
                assertThat(withEmail).hasSize(2).extracting(c -> c.get("externalId").asText())
                        .anyMatch(eid -> eid.contains("demo-")).anyMatch(eid -> eid.contains("woo-demo-"));
            }
        }
    }

    @Test
    void fourMarketplacesFloodingAtOnceNeverExceedTheAccountsConcurrencyLimit() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.sandbox.netsuite.concurrency-limit", "3");
        settings.put("bus.sandbox.netsuite.latency", "20ms");
        settings.put("bus.store.walmart-demo.poll.period", "300ms");
        settings.put("bus.store.amazon-demo.poll.period", "300ms");
        try (TestBus bus = TestBus.start(settings)) {
            bus.amazon().setUsagePlan("getOrders", 50, 100);
            bus.amazon().setUsagePlan("getOrder", 50, 100);
            bus.amazon().setUsagePlan("getOrderItems", 50, 100);
            bus.netsuite().resetStats();
            List<RecordKey> keys = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                keys.add(new RecordKey("bigcommerce", TestBus.STORE, "order",
                        Integer.toString(bus.store().placeOrder(Orders.order("flood" + i + "@example.com", "Flo", List.of(77, 78, 81).get(i % 3), 1)))));
                ObjectNode woo = bus.woocommerce().demoOrderBody().put("status", "processing").put("set_paid", true);
                ((ObjectNode) woo.get("billing")).put("email", "flood" + i + "@example.org");
                woo.remove("coupon_lines");
                keys.add(new RecordKey("woocommerce", "woo-demo", "order", Integer.toString(bus.woocommerce().placeOrder(woo))));
                keys.add(new RecordKey("walmart", "walmart-demo", "order",
                        bus.walmart().placeOrder(bus.walmart().demoPurchase().withItems(Purchase.Item.of("CAP-ONE", 1)))));
                String amazonOrder = bus.amazon().placeOrder(bus.amazon().demoOrder().withChannel("MFN").withStatus("Unshipped"));
                keys.add(new RecordKey("amazon", "amazon-demo", "order", amazonOrder));
            }

            bus.awaitSettledKeys(keys, Duration.ofSeconds(120));

            keys.forEach(key -> assertThat(bus.record(key).state()).as(key + ": " + bus.record(key).lastError())
                    .isEqualTo(RecordState.DELIVERED));
            assertThat(bus.netsuite().concurrencyRejections()).isZero();
            // the limit was used, not merely respected by going slowly
            assertThat(bus.netsuite().maxInFlight()).isEqualTo(3);
        }
    }

    private static String entity(TestBus bus, String salesOrderExternalId) {
        JsonNode so = bus.netsuite().recordByExternalId("salesOrder", salesOrderExternalId);
        return so.get("entity").get("id").asText();
    }
}
