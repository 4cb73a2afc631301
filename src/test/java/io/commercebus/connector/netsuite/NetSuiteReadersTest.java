package io.commercebus.connector.netsuite;

import io.commercebus.catalog.CatalogItem;
import io.commercebus.catalog.CatalogPolicy;
import io.commercebus.config.StoreSettings;
import io.commercebus.inventory.ItemStock;
import io.commercebus.pricing.ItemPrices;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** NetSuite's items, stock and prices as the bus reads them with SuiteQL, against the sandbox over real HTTP. */
class NetSuiteReadersTest {

    static final ZoneId ACCOUNT_ZONE = ZoneId.of("America/Los_Angeles");

    NetSuiteSandbox sandbox;
    NetSuiteClient client;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        client = Sandboxes.client(sandbox, 5, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void stockChangesAndPriceChangesAreFoundSinceATimeInTheAccountsZone() throws InterruptedException {
        // NetSuite keeps times to the second: start a second after the demo items were seeded
        Thread.sleep(1100);
        Instant before = Instant.now();
        NetSuiteStock stock = new NetSuiteStock(client, ACCOUNT_ZONE);
        NetSuitePrices prices = new NetSuitePrices(client, ACCOUNT_ZONE);
        assertThat(stock.changedSince(before)).isEmpty();
        assertThat(prices.changedSince(before)).isEmpty();

        sandbox.setStock("CAP-ONE", 1, new BigDecimal("7"));
        sandbox.setPrice("MUG-15OZ", 2, 1, new BigDecimal("11.25"));

        String cap = id("CAP-ONE");
        String mug = id("MUG-15OZ");
        assertThat(stock.changedSince(before)).contains(cap);
        assertThat(prices.changedSince(before)).contains(mug).doesNotContain(cap);
        Map<String, ItemPrices> read = prices.read(List.of(mug), Set.of("itemid"), Set.of("1", "2"), Set.of("1"));
        assertThat(read.get(mug).prices().get(ItemPrices.key("2", "1"))).isEqualByComparingTo("11.25");
        Map<String, ItemStock> items = stock.read(List.of(cap), Set.of("itemid"), Set.of("1", "2"));
        assertThat(items.get(cap).available().get("1")).isEqualByComparingTo("7");
    }

    @Test
    void aFullPassReadsPastTheRowsOneQueryReturns() {
        NetSuiteSandbox.SeededItems seeded = sandbox.seedItems(40_000, List.of(1, 2, 3), 7);

        Map<String, ItemStock> all = new NetSuiteStock(client, ACCOUNT_ZONE).readAll(Set.of("itemid"), Set.of("1", "2", "3"));

        // 120,000 stock rows: more than one SuiteQL query returns
        assertThat(all).containsKey(Integer.toString(seeded.lastId()));
        assertThat(all.get(Integer.toString(seeded.lastId())).available()).containsKeys("1", "2", "3");
        assertThat(all.values().stream().filter(i -> i.field("itemid").startsWith("SEED-")).count()).isEqualTo(40_000);
    }

    @Test
    void aMatrixItemIsReadAsOneListingWithItsChildrenAsVariants() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("custitem_size", List.of("S", "M"));
        options.put("custitem_colour", List.of("Red"));
        NetSuiteSandbox.MatrixItem tee = sandbox.createMatrixItem("POLO", "Polo", options);
        sandbox.setPrice("POLO", 1, 1, new BigDecimal("25.00"));
        CatalogPolicy policy = CatalogPolicy.of("web", new StoreSettings(Map.of("web.marketplace", "bigcommerce",
                "web.catalog.publish", "true", "web.catalog.option-fields", "custitem_size:Size,custitem_colour:Colour")));

        NetSuiteCatalog catalog = new NetSuiteCatalog(client, ACCOUNT_ZONE);
        assertThat(catalog.changedSince(Instant.now().minusSeconds(60))).contains(tee.parentId());
        List<CatalogItem> items = catalog.read(List.of(tee.parentId()), policy, "1");

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.type()).isEqualTo(CatalogItem.MATRIX);
            assertThat(item.price()).isEqualByComparingTo("25.00");
            assertThat(item.variants()).extracting(CatalogItem.Variant::sku).containsExactlyInAnyOrder("POLO-S-Red", "POLO-M-Red");
            assertThat(item.options()).extracting(CatalogItem.Option::name).containsExactly("Size", "Colour");
        });
    }

    private String id(String itemId) {
        return client.query("SELECT id FROM item WHERE itemid = " + NetSuiteClient.literal(itemId)).get(0).get("id");
    }
}
