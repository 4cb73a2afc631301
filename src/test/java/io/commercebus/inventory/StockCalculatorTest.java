package io.commercebus.inventory;

import io.commercebus.config.StoreSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A store's number per SKU: its locations summed, safety stock (item, category, store) held back, kits, never below zero. */
class StockCalculatorTest {

    @TempDir
    Path mappings;
    final Map<String, ItemStock> items = new HashMap<>();

    @BeforeEach
    void tables() throws IOException {
        Files.createDirectories(mappings.resolve("lookups"));
        Files.writeString(mappings.resolve("lookups/safety-stock.csv"), "sku,units\nMUG-11OZ,4\n");
        Files.writeString(mappings.resolve("lookups/safety-stock-category.csv"), "class,units\n7,10\n");
        Files.createDirectories(mappings.resolve("stores/outlet/lookups"));
        Files.writeString(mappings.resolve("stores/outlet/lookups/safety-stock.csv"), "sku,units\nMUG-11OZ,0\n");
        item("1", "MUG-11OZ", null, Map.of("1", "10", "2", "5.5", "3", "100"));
        item("2", "POSTER-A2", "7", Map.of("1", "12", "2", "1"));
        item("3", "SOCKS-3PK", null, Map.of("1", "1", "2", "0"));
        item("4", "CAP-ONE", null, Map.of("1", "-3", "2", "8"));
    }

    StockPolicy policy(String store, String... settings) {
        Map<String, String> flat = new HashMap<>();
        flat.put(store + ".marketplace", "bigcommerce");
        flat.put(store + ".inventory.locations", "1,2");
        flat.put(store + ".inventory.safety-stock", "2");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            flat.put(store + "." + settings[i], settings[i + 1]);
        }
        return StockPolicy.of(store, new StoreSettings(flat));
    }

    List<StockLevel> levels(StockPolicy policy) {
        return StockCalculator.levels(policy, SafetyStock.load(mappings, policy.store(), policy.marketplace(), policy.safetyStock()), items,
                items.keySet().stream().sorted().toList());
    }

    @Test
    void sumsTheStoresLocationsAndHoldsBackTheItemsTheCategorysOrTheStoresSafetyStock() {
        assertThat(levels(policy("web"))).extracting(StockLevel::sku, StockLevel::quantity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("MUG-11OZ", 11),   // 10 + 5.5 − 4 (its own), rounded down
                org.assertj.core.groups.Tuple.tuple("POSTER-A2", 3),   // 12 + 1 − 10 (category 7)
                org.assertj.core.groups.Tuple.tuple("SOCKS-3PK", 0),   // 1 − 2 (the store's): never below zero
                org.assertj.core.groups.Tuple.tuple("CAP-ONE", 3));    // −3 + 8 − 2
    }

    @Test
    void aStoresOwnTableAndLocationsWin() {
        List<StockLevel> outlet = levels(policy("outlet", "inventory.locations", "3"));

        assertThat(outlet).filteredOn(l -> l.sku().equals("MUG-11OZ")).extracting(StockLevel::quantity).containsExactly(100);
    }

    @Test
    void onHandCountsWhatIsCommittedToo() {
        items.put("5", new ItemStock("5", ItemStock.INVENTORY, Map.of("itemid", "TEE-M-BLK"),
                Map.of("1", new BigDecimal("3")), Map.of("1", new BigDecimal("9")), Map.of()));

        assertThat(levels(policy("web", "inventory.quantity", "on-hand"))).filteredOn(l -> l.sku().equals("TEE-M-BLK"))
                .extracting(StockLevel::quantity).containsExactly(7);
        assertThat(levels(policy("web"))).filteredOn(l -> l.sku().equals("TEE-M-BLK"))
                .extracting(StockLevel::quantity).containsExactly(1);
    }

    @Test
    void aKitShowsTheCompleteKitsItsMembersAllowOrIsLeftOutWhenSoldAsComponents() {
        // 2 mugs and 1 poster per kit: mugs allow 7, posters 13 → 7, less the store's 2
        items.put("9", new ItemStock("9", ItemStock.KIT, Map.of("itemid", "GIFT-SET"), Map.of(), Map.of(),
                Map.of("1", new BigDecimal("2"), "2", BigDecimal.ONE)));

        assertThat(levels(policy("web"))).filteredOn(l -> l.sku().equals("GIFT-SET")).extracting(StockLevel::quantity)
                .containsExactly(5);
        assertThat(levels(policy("web", "catalog.kits", "components"))).extracting(StockLevel::sku).doesNotContain("GIFT-SET");
    }

    @Test
    void matrixParentsAndItemsWithoutASkuAreNotListed() {
        items.put("20", new ItemStock("20", ItemStock.INVENTORY, Map.of("itemid", "TEE", "matrixtype", "PARENT"),
                Map.of(), Map.of(), Map.of()));
        items.put("21", new ItemStock("21", ItemStock.INVENTORY, Map.of("itemid", "TEE-S", "upccode", ""),
                Map.of("1", BigDecimal.TEN), Map.of(), Map.of()));

        assertThat(levels(policy("web"))).extracting(StockLevel::sku).doesNotContain("TEE").contains("TEE-S");
        assertThat(levels(policy("web", "catalog.sku-field", "upccode"))).extracting(StockLevel::sku).isEmpty();
    }

    @Test
    void aStoreWithoutLocationsPublishesNoStockAndBadSettingsAreRefused() {
        assertThat(StockPolicy.of("quiet", new StoreSettings(Map.of("quiet.marketplace", "walmart")))).isNull();
        assertThatThrownBy(() -> policy("web", "inventory.quantity", "all")).hasMessageContaining("available or on-hand");
        assertThatThrownBy(() -> {
            Files.writeString(mappings.resolve("lookups/safety-stock.csv"), "sku,units\nMUG-11OZ,a few\n");
            SafetyStock.load(mappings, "web", "bigcommerce", BigDecimal.ZERO);
        }).hasMessageContaining("safety-stock.csv").hasMessageContaining("a few");
    }

    private void item(String id, String sku, String category, Map<String, String> available) {
        Map<String, BigDecimal> quantities = new HashMap<>();
        available.forEach((location, q) -> quantities.put(location, new BigDecimal(q)));
        Map<String, String> fields = new HashMap<>(Map.of("itemid", sku));
        if (category != null) {
            fields.put("class", category);
        }
        items.put(id, new ItemStock(id, ItemStock.INVENTORY, fields, quantities, quantities, Map.of()));
    }
}
