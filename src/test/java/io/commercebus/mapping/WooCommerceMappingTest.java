package io.commercebus.mapping;

import io.commercebus.ledger.RecordSkipped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The shipped WooCommerce mapping on a virtual guest order from the UK: totals, address, subsidiary by country, statuses. */
class WooCommerceMappingTest {

    static final String MAPPINGS = "woocommerce/cancelled-order-to-closed-sales-order, woocommerce/order-to-sales-order";

    @TempDir
    Path dir;
    Mappings mappings;
    final Map<String, Map<String, Object>> stores = new HashMap<>();

    @BeforeEach
    void copyTheShippedMappings() throws IOException {
        Path shipped = Path.of("mappings");
        try (var files = Files.walk(shipped)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = dir.resolve(shipped.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        // a store booking by country: UK customers and orders to subsidiary 2
        Files.createDirectories(dir.resolve("stores/woo-uk/lookups"));
        Files.writeString(dir.resolve("stores/woo-uk/lookups/subsidiary.csv"), "country,netsuite_subsidiary\nGB,2\n");
        stores.put("woo-us", store("woo-us", null));
        stores.put("woo-uk", store("woo-uk", null));
        mappings = new Mappings(dir, stores::get);
    }

    static Map<String, Object> store(String id, String statuses) {
        Map<String, Object> store = new HashMap<>(Map.of("id", id, "subsidiary", "1", "location", "1",
                "items", Map.of("tax", "SALES-TAX", "discount", "BC-DISCOUNT", "rounding", "BC-ROUNDING", "fee", "GIFT-WRAP")));
        if (statuses != null) {
            store.put("statuses", statuses);
        }
        return store;
    }

    static String order() throws IOException {
        try (var in = WooCommerceMappingTest.class.getResourceAsStream("/woocommerce/virtual-guest-order-gb.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCouponedVirtualOrderAddsUpToItsTotalWithTheBillingAddressAndNoShipMethod() throws IOException {
        MappedRecord so = mappings.mapFirst(MAPPINGS, order(), "woo-us", null);

        assertThat(so.getExternalId()).isEqualTo("WOO-woo-us-1201");
        assertThat(so.getCurrency()).isEqualTo("GBP");
        assertThat(so.getLines()).extracting(MappedLine::getKind, MappedLine::getSku, MappedLine::getAmount).containsExactly(
                tuple(MappedLine.Kind.ITEM, "POSTER-A2", new BigDecimal("99.98")),
                tuple(MappedLine.Kind.DISCOUNT, "BC-DISCOUNT", new BigDecimal("-10.00")),
                tuple(MappedLine.Kind.CHARGE, "SALES-TAX", new BigDecimal("18.00")));
        assertThat(so.getTotal()).isEqualByComparingTo("107.98").isEqualByComparingTo(so.getChargedTotal());
        assertThat(so.getFields()).containsEntry("currency", Map.of("id", "2")).doesNotContainKey("shipMethod")
                .containsEntry("memo", "WooCommerce order 1201 (PayPal), coupons save10");
        assertThat(so.getCustomer().isGuest()).isTrue();
        assertThat(so.getCustomer().getEmail()).isEqualTo("ada.byron@example.co.uk");
        assertThat(so.getCustomer().getAddress()).containsEntry("addr1", "12 St James's Square")
                .containsEntry("addressee", "Ada Byron").containsEntry("zip", "SW1Y 4JH").containsEntry("country", "GB");
    }

    @Test
    void theSubsidiaryFollowsTheBillingCountryWhereTheStoresTableSaysSo() throws IOException {
        MappedRecord uk = mappings.mapFirst(MAPPINGS, order(), "woo-uk", null);
        MappedRecord us = mappings.mapFirst(MAPPINGS, order(), "woo-us", null);

        assertThat(uk.getFields()).containsEntry("subsidiary", Map.of("id", "2"));
        assertThat(uk.getCustomer().getFields()).containsEntry("subsidiary", Map.of("id", "2"));
        assertThat(us.getFields()).containsEntry("subsidiary", Map.of("id", "1"));
    }

    @Test
    void onlyTheStatusesTheStoreSendsGoToNetSuite() throws IOException {
        String onHold = order().replace("\"status\": \"processing\"", "\"status\": \"on-hold\"");

        assertThatThrownBy(() -> mappings.mapFirst(MAPPINGS, onHold, "woo-us", null)).isInstanceOf(RecordSkipped.class)
                .extracting(e -> ((RecordSkipped) e).reason()).isEqualTo("STATUS_NOT_SENT");

        stores.put("woo-us", store("woo-us", "processing,completed,on-hold"));
        assertThat(mappings.mapFirst(MAPPINGS, onHold, "woo-us", null).getRecordType()).isEqualTo("salesOrder");
    }

    @Test
    void aCancelledOrderClosesWhatWasDeliveredAndIsLeftOutOtherwise() throws IOException {
        String cancelled = order().replace("\"status\": \"processing\"", "\"status\": \"cancelled\"");

        assertThat(mappings.mapFirst(MAPPINGS, cancelled, "woo-us", "5501").isClose()).isTrue();
        assertThatThrownBy(() -> mappings.mapFirst(MAPPINGS, cancelled, "woo-us", null))
                .extracting(e -> ((RecordSkipped) e).reason()).isEqualTo("CANCELLED_BEFORE_IMPORT");
    }
}
