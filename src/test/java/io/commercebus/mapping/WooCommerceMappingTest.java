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
    void anOrderRefundedInFullAfterItWasPaidIsStillItsSalesOrder() throws IOException {
        String refunded = order().replace("\"status\": \"processing\"", "\"status\": \"refunded\"");
        String paidThenRefunded = refunded.replace("\"status\": \"refunded\"",
                "\"status\": \"refunded\", \"date_paid_gmt\": \"2026-11-20T10:00:00\"");

        assertThat(mappings.mapFirst(MAPPINGS, paidThenRefunded, "woo-us", "5501").getTotal()).isEqualByComparingTo("107.98");
        assertThatThrownBy(() -> mappings.mapFirst(MAPPINGS, refunded, "woo-us", null))
                .extracting(e -> ((RecordSkipped) e).reason()).isEqualTo("STATUS_NOT_SENT");
    }

    @Test
    void aRefundIsACreditMemoOfItsLinesFeesShippingTaxAndWhatWasRefundedWithoutItems() {
        stores.get("woo-us").put("items", Map.of("tax", "SALES-TAX", "rounding", "BC-ROUNDING", "fee", "GIFT-WRAP",
                "shipping", "SHIPPING", "refundAdjustment", "REFUND-ADJUSTMENT"));
        stores.get("woo-us").put("refunds", Map.of("account", "5", "location", "2"));
        // one mug of two with its tax, the gift wrapping, the shipping, and 5.00 more as a goodwill gesture
        String refund = """
                {"id": 1210, "date_created_gmt": "2026-11-24T09:30:00", "amount": "33.08", "reason": "Broken in transit",
                 "refunded_payment": true,
                 "line_items": [{"id": 88, "name": "Coffee Mug 11oz", "sku": "MUG-11OZ", "quantity": -1, "subtotal": "-12.99",
                   "total": "-12.99", "total_tax": "-1.07", "meta_data": [{"key": "_refunded_item_id", "value": "57"}]}],
                 "fee_lines": [{"id": 89, "name": "Gift wrapping", "total": "-4.95", "total_tax": "-0.41"}],
                 "shipping_lines": [{"id": 90, "method_title": "UPS Ground", "total": "-8.00", "total_tax": "-0.66"}],
                 "tax_lines": [{"id": 91, "rate_id": 1, "tax_total": "-1.48", "shipping_tax_total": "-0.66"}],
                 "order": {"id": 1203, "number": "1203", "currency": "USD"}}""";

        MappedRecord memo = mappings.map("woocommerce/refund-to-credit-memo", refund, "woo-us", null);

        assertThat(memo.getRecordType()).isEqualTo("creditMemo");
        assertThat(memo.getExternalId()).isEqualTo("WOO-woo-us-R1210");
        assertThat(memo.getOrigin()).isEqualTo("1203");
        assertThat(memo.getLines()).extracting(MappedLine::getKind, MappedLine::getSku, MappedLine::getQuantity, MappedLine::getAmount)
                .containsExactly(tuple(MappedLine.Kind.ITEM, "MUG-11OZ", new BigDecimal("1"), new BigDecimal("12.99")),
                        tuple(MappedLine.Kind.CHARGE, "GIFT-WRAP", null, new BigDecimal("4.95")),
                        tuple(MappedLine.Kind.CHARGE, "SHIPPING", null, new BigDecimal("8.00")),
                        tuple(MappedLine.Kind.CHARGE, "SALES-TAX", null, new BigDecimal("2.14")),
                        tuple(MappedLine.Kind.CHARGE, "REFUND-ADJUSTMENT", null, new BigDecimal("5.00")));
        assertThat(memo.getLines().get(0).getLineId()).isEqualTo("57");
        assertThat(memo.getLines().get(0).getFields()).containsEntry("location", Map.of("id", "2"));
        assertThat(memo.getTotal()).isEqualByComparingTo("33.08").isEqualByComparingTo(memo.getChargedTotal());
        assertThat(memo.getPayment().amount()).isEqualByComparingTo("33.08");
        assertThat(memo.getPayment().fields()).containsEntry("account", Map.of("id", "5"));

        // recorded by hand, paid back outside WooCommerce: a credit, no money out
        MappedRecord credit = mappings.map("woocommerce/refund-to-credit-memo", refund.replace("\"refunded_payment\": true",
                "\"refunded_payment\": false"), "woo-us", null);
        assertThat(credit.getPayment()).isNull();
    }

    @Test
    void aCancelledOrderClosesWhatWasDeliveredAndIsLeftOutOtherwise() throws IOException {
        String cancelled = order().replace("\"status\": \"processing\"", "\"status\": \"cancelled\"");

        assertThat(mappings.mapFirst(MAPPINGS, cancelled, "woo-us", "5501").isClose()).isTrue();
        assertThatThrownBy(() -> mappings.mapFirst(MAPPINGS, cancelled, "woo-us", null))
                .extracting(e -> ((RecordSkipped) e).reason()).isEqualTo("CANCELLED_BEFORE_IMPORT");
    }
}
