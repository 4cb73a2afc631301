package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * NetSuite as master: its stock, prices and items reach every store through the sandboxes, in
 * batches, only what changed; low stock within seconds while the schedule is idle; SKU drift refused.
 */
class NetSuiteAsMasterTest {

    @TempDir
    static Path dir;
    static TestBus bus;
    static NetSuiteSandbox netsuite;
    static BigCommerceSandbox bigcommerce;
    static WooCommerceSandbox woo;

    @BeforeAll
    static void start() {
        Map<String, String> s = TestBus.settings(dir);
        // stock of warehouses 1 and 2 less 2 units, prices and products, for the BigCommerce and WooCommerce stores;
        // Amazon and Walmart sellers get stock and prices through feeds
        s.put("bus.store-defaults.inventory.locations", "1,2");
        s.put("bus.store-defaults.inventory.safety-stock", "2");
        s.put("bus.store-defaults.prices.publish", "true");
        s.put("bus.store.demo.catalog.publish", "true");
        s.put("bus.store.demo.catalog.option-fields", "custitem_size:Size,custitem_colour:Colour");
        s.put("bus.store.woo-demo.catalog.publish", "true");
        s.put("bus.store.woo-demo.catalog.option-fields", "custitem_size:Size,custitem_colour:Colour");
        // after the first full pass the schedule stays idle: only low stock and "sync now" move things
        s.put("bus.inventory.period", "1h");
        s.put("bus.prices.period", "1h");
        s.put("bus.catalog.period", "1h");
        s.put("bus.inventory.low-stock-check-period", "300");
        s.put("bus.walmart.inventory.single-update-max", "0");
        s.put("bus.amazon.listings.patch-max", "0");
        s.put("bus.walmart.feed-check-period", "500");
        s.put("bus.amazon.feed-check-period", "500");
        bus = TestBus.start(s);
        netsuite = bus.netsuite();
        bigcommerce = bus.store();
        woo = bus.woocommerce();
        bus.amazon().setUsagePlan("createFeed", 50, 100);
        bus.amazon().setUsagePlan("getFeedDocument", 50, 100);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    /** Warehouses 1 and 2, available, less the safety stock, never below zero. */
    static int expected(String sku) {
        BigDecimal sum = netsuite.stock(sku).stream().filter(l -> l.location() == 1 || l.location() == 2)
                .map(l -> l.quantityAvailable() == null ? BigDecimal.ZERO : l.quantityAvailable())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return Math.max(0, sum.subtract(BigDecimal.valueOf(2)).setScale(0, RoundingMode.FLOOR).intValue());
    }

    @Test
    void everyStoreShowsItsLocationsSummedLessSafetyStockAndPushesCameInBatches() {
        List<String> skus = List.of("MUG-11OZ", "POSTER-A2", "HOODIE-L", "SOCKS-3PK");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String sku : skus) {
                int want = expected(sku);
                assertThat(bigcommerce.variantBySku(sku).orElseThrow().get("inventory_level").asInt()).as("BigCommerce " + sku)
                        .isEqualTo(want);
                assertThat(woo.stock(sku)).as("WooCommerce " + sku).isEqualTo(want);
                assertThat(bus.walmart().inventory(sku)).as("Walmart " + sku).isEqualTo(want);
                assertThat(bus.amazon().listingQuantity(sku)).as("Amazon " + sku).hasValue(want);
            }
        });
        // the demo catalogue went out in one batch per store, not a request per SKU
        assertThat(bigcommerce.batchSizes("PUT /v3/catalog/variants")).isNotEmpty().allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
        assertThat(bigcommerce.requests("PUT /v3/catalog/variants")).isLessThan(bigcommerce.batchSizes("PUT /v3/catalog/variants")
                .stream().mapToInt(Integer::intValue).sum());
        assertThat(woo.operationCount("POST /products/batch")).isLessThan(woo.batchSizes("POST /products/batch").stream()
                .mapToInt(Integer::intValue).sum());
    }

    @Test
    void aSkuFallingBelowTheLowStockThresholdReachesTheStoresWithinSecondsWhileTheScheduleIsIdle() {
        awaitFirstPass("CAP-ONE");
        long variantBatches = bigcommerce.requests("PUT /v3/catalog/variants");

        netsuite.setStock("CAP-ONE", 1, new BigDecimal("4"));
        netsuite.setStock("CAP-ONE", 2, BigDecimal.ZERO);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(bigcommerce.variantBySku("CAP-ONE").orElseThrow().get("inventory_level").asInt()).isEqualTo(2);
            assertThat(woo.stock("CAP-ONE")).isEqualTo(2);
        });
        // one SKU, one small batch: not a full pass
        assertThat(bigcommerce.requests("PUT /v3/catalog/variants")).isEqualTo(variantBatches + 1);
        assertThat(bigcommerce.batchSizes("PUT /v3/catalog/variants")).last().isEqualTo(1);
    }

    @Test
    void aPriceLevelChangeLandsInItsCustomerGroupsPriceListAndABasePriceChangeInEveryStore() {
        awaitFirstPass("MUG-15OZ");
        netsuite.setPrice("MUG-15OZ", 2, 1, new BigDecimal("11.25"));
        netsuite.setPrice("MUG-15OZ", 1, 1, new BigDecimal("15.49"));
        bus.post("/api/sync/prices", "");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(bigcommerce.priceList("NetSuite price level 2")).isPresent();
            JsonNode list = bigcommerce.priceList("NetSuite price level 2").orElseThrow();
            int variant = bigcommerce.variantBySku("MUG-15OZ").orElseThrow().get("id").asInt();
            assertThat(bigcommerce.priceRecords(list.get("id").asInt())).anySatisfy(record -> {
                assertThat(record.get("variant_id").asInt()).isEqualTo(variant);
                assertThat(record.get("currency").asText()).isEqualToIgnoringCase("USD");
                assertThat(record.get("price").decimalValue()).isEqualByComparingTo("11.25");
            });
            assertThat(bigcommerce.priceListAssignments()).anySatisfy(a -> {
                assertThat(a.get("price_list_id").asInt()).isEqualTo(list.get("id").asInt());
                assertThat(a.get("customer_group_id").asInt()).isEqualTo(1);
            });
            assertThat(bigcommerce.variantBySku("MUG-15OZ").orElseThrow().get("calculated_price").decimalValue())
                    .isEqualByComparingTo("15.49");
            assertThat(woo.price("MUG-15OZ")).isEqualByComparingTo("15.49");
            assertThat(bus.walmart().price("MUG-15OZ")).isEqualByComparingTo("15.49");
            assertThat(bus.amazon().listingPrice("MUG-15OZ")).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("15.49"));
        });
    }

    @Test
    void aNewMatrixItemWithTwelveChildrenAppearsAsOneProductWithTwelveVariants() {
        NetSuiteSandbox.MatrixItem hoodie = netsuite.createMatrixItem("ZIP-HOODIE", "Zip Hoodie", Map.of(
                "custitem_size", List.of("XS", "S", "M", "L"), "custitem_colour", List.of("Black", "Grey", "Navy")));
        netsuite.setPrice("ZIP-HOODIE", 1, 1, new BigDecimal("59.00"));
        hoodie.children().forEach(child -> netsuite.setPrice(child.itemId(), 1, 1, new BigDecimal("59.00")));
        bus.post("/api/sync/catalog", "");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(bigcommerce.productBySku("ZIP-HOODIE")).hasValueSatisfying(product -> {
                assertThat(product.get("variants")).hasSize(12);
                assertThat(product.get("options")).extracting(o -> o.get("display_name").asText())
                        .containsExactlyInAnyOrder("Size", "Colour");
            });
            assertThat(woo.productBySku("ZIP-HOODIE")).hasValueSatisfying(variable -> {
                assertThat(variable.get("type").asText()).isEqualTo("variable");
                assertThat(variable.get("variations")).hasSize(12);
            });
        });
        RecordKey key = new RecordKey("bigcommerce", TestBus.STORE, "product", hoodie.parentId());
        bus.awaitState(key, RecordState.DELIVERED);
        // the cross-reference knows every SKU of it, with its NetSuite item
        NetSuiteSandbox.MatrixChild child = hoodie.children().get(5);
        JsonNode xref = bus.json(bus.get("/api/sku-xref?store=demo&sku=" + child.itemId()));
        assertThat(xref.get("count").asInt()).isEqualTo(1);
        assertThat(xref.get("skus").get(0).get("netsuiteItemId").asText()).isEqualTo(child.id());
        assertThat(xref.get("skus").get(0).get("variantId").asText()).isNotBlank();
    }

    @Test
    void aChildSkuTheStoreSellsUnderAnotherProductIsRefusedAsSkuDrift() {
        // NetSuite's TEE matrix has the T-shirts the stores sell as separate products as its children
        String tee = netsuite.record("inventoryItem", "TEE") == null ? null : netsuite.record("inventoryItem", "TEE").get("id").asText();
        bus.post("/api/sync/catalog", "");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            RecordKey key = new RecordKey("bigcommerce", TestBus.STORE, "product", teeId(tee));
            assertThat(bus.ledger().find(key)).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo(RecordState.DEAD);
                assertThat(r.reason()).isEqualTo("SKU_DRIFT");
                assertThat(r.lastError()).contains("TEE-M-BLK").contains("already belongs to BigCommerce product");
            });
        });
        assertThat(bigcommerce.productBySku("TEE")).isEmpty();
    }

    private static String teeId(String known) {
        if (known != null) {
            return known;
        }
        return netsuite.records("inventoryItem").stream().filter(i -> "TEE".equals(i.path("itemId").asText())).findFirst()
                .orElseThrow().get("id").asText();
    }

    private static void awaitFirstPass(String sku) {
        await().atMost(Duration.ofSeconds(60)).until(() -> bigcommerce.variantBySku(sku).orElseThrow().get("inventory_level")
                .asInt() == expected(sku) && woo.stock(sku) == expected(sku));
    }
}
