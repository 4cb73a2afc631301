package io.commercebus.catalog;

import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.inventory.PublishedStock;
import io.commercebus.inventory.StockLevel;
import io.commercebus.ledger.MutableClock;
import io.commercebus.pricing.PriceUpdate;
import io.commercebus.pricing.PublishedPrices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bus remembers of each store (published stock and prices, the SKU cross-reference), on every database. */
abstract class PublishedStateContract {

    Database database;
    PublishedStock stock;
    PublishedPrices prices;
    SkuXref xref;

    abstract Database open();

    void dispose() {
    }

    @BeforeEach
    void setUp() {
        database = open();
        Transactions tx = new Transactions(database.dataSource());
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        stock = new PublishedStock(tx, clock);
        prices = new PublishedPrices(tx, clock);
        xref = new SkuXref(tx, clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
        dispose();
    }

    @Test
    void publishedStockIsRecordedPerStoreAndUpdatedInPlace() {
        stock.record("web", List.of(new StockLevel("MUG", "1", 5), new StockLevel("CAP", "2", 0)));
        stock.record("outlet", List.of(new StockLevel("MUG", "1", 9)));
        stock.record("web", List.of(new StockLevel("MUG", "1", 4), new StockLevel("TEE", "3", 12)));

        assertThat(stock.all("web")).containsExactlyInAnyOrderEntriesOf(Map.of("MUG", 4, "CAP", 0, "TEE", 12));
        assertThat(stock.quantities("outlet", List.of("MUG", "CAP"))).containsExactlyEntriesOf(Map.of("MUG", 9));
    }

    @Test
    void manySkusAreReadAndWrittenInChunks() {
        List<StockLevel> levels = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            levels.add(new StockLevel("SKU-" + i, Integer.toString(i), i % 7));
            skus.add("SKU-" + i);
        }
        stock.record("web", levels);

        Map<String, Integer> read = stock.quantities("web", skus);
        assertThat(read).hasSize(1_234).containsEntry("SKU-1000", 1000 % 7);
    }

    @Test
    void pricesAreKeptPerPriceListAndCurrency() {
        prices.record("web", List.of(new PriceUpdate("MUG", "1", "1", null, "USD", new BigDecimal("12.99")),
                new PriceUpdate("MUG", "1", "2", "7", "USD", new BigDecimal("10.50")),
                new PriceUpdate("MUG", "1", "1", null, "EUR", new BigDecimal("11.90"))));
        prices.record("web", List.of(new PriceUpdate("MUG", "1", "2", "7", "USD", new BigDecimal("9.75"))));

        Map<String, BigDecimal> read = prices.prices("web", List.of("MUG"));
        assertThat(read).hasSize(3);
        assertThat(read.get(PublishedPrices.key("MUG", PriceUpdate.BASE, "USD"))).isEqualByComparingTo("12.99");
        assertThat(read.get(PublishedPrices.key("MUG", "2", "USD"))).isEqualByComparingTo("9.75");
        assertThat(read.get(PublishedPrices.key("MUG", PriceUpdate.BASE, "EUR"))).isEqualByComparingTo("11.90");
    }

    @Test
    void theCrossReferenceKeepsKnownIdsWhenAnUpdateLacksThem() {
        xref.put(List.of(new SkuXref.Entry("web", "TEE-S", "77", "501", null)));
        xref.put(List.of(new SkuXref.Entry("web", "TEE-S", null, null, "1042"),
                new SkuXref.Entry("web", "TEE-M", "77", "502", "1043")));

        assertThat(xref.find("web", List.of("TEE-S")).get("TEE-S"))
                .extracting(SkuXref.Entry::productId, SkuXref.Entry::variantId, SkuXref.Entry::netsuiteItemId)
                .containsExactly("77", "501", "1042");
        assertThat(xref.ofProduct("web", "77")).extracting(SkuXref.Entry::sku).containsExactlyInAnyOrder("TEE-S", "TEE-M");
        assertThat(xref.ofNetSuiteItem("web", "1043")).extracting(SkuXref.Entry::sku).containsExactly("TEE-M");
        assertThat(xref.list(null, null, "1042", 10, 0)).extracting(SkuXref.Entry::sku).containsExactly("TEE-S");
        assertThat(xref.list("web", null, null, 1, 1)).extracting(SkuXref.Entry::sku).containsExactly("TEE-S");
    }
}
