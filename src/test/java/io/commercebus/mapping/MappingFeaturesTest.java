package io.commercebus.mapping;

import io.commercebus.ledger.RecordSkipped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** when / mapFirst, skip rules, exact decimals, $delivered, customer guest and address, per-store overrides. */
class MappingFeaturesTest {

    @TempDir
    Path dir;
    Mappings mappings;

    static final String SALES_ORDER = String.join("\n",
            "record: salesOrder",
            "when: \"channel != 'AFN'\"",
            "skip:",
            "  - when: \"status = 'Pending'\"",
            "    reason: AWAITING_PAYMENT",
            "  - when: \"status = 'Canceled' and $not($delivered)\"",
            "    reason: CANCELLED_BEFORE_IMPORT",
            "externalId: \"'SO-' & id\"",
            "customer:",
            "  email: email",
            "  guest: \"customer = 0\"",
            "  address:",
            "    addr1: street",
            "    zip: zip",
            "    country: country",
            "fields:",
            "  memo: \"$table('memo', $store.id)\"",
            "lines:",
            "  - each: items",
            "    sku: sku",
            "    quantity: qty",
            "    amount: subtotal",
            "    discount: \"$subtract(subtotal, total)\"",
            "    discountSku: \"'DISC'\"",
            "    fields:",
            "      isClosed: { boolean: \"$record.status = 'Canceled'\" }",
            "");

    @BeforeEach
    void write() throws IOException {
        Files.createDirectories(dir.resolve("shop/lookups"));
        Files.writeString(dir.resolve("shop/so.yaml"), SALES_ORDER);
        Files.writeString(dir.resolve("shop/cs.yaml"), String.join("\n",
                "record: cashSale",
                "when: \"channel = 'AFN'\"",
                "externalId: \"'CS-' & id\"",
                "lines:",
                "  - each: items",
                "    sku: sku",
                "    amount: \"$multiply(qty, price)\"",
                ""));
        Files.writeString(dir.resolve("shop/lookups/memo.csv"), "store,memo\n*,shared memo\n");
        Files.createDirectories(dir.resolve("stores/eu/lookups"));
        Files.writeString(dir.resolve("stores/eu/lookups/memo.csv"), "store,memo\n*,eu memo\n");
        Files.createDirectories(dir.resolve("stores/uk/shop"));
        Files.writeString(dir.resolve("stores/uk/shop/so.yaml"), SALES_ORDER.replace("'SO-' & id", "'UK-' & id"));
        mappings = new Mappings(dir, id -> Map.of("id", id));
    }

    static String order(String channel, String status) {
        return "{\"id\":7,\"channel\":\"" + channel + "\",\"status\":\"" + status + "\",\"customer\":0,\"email\":\"g@x.io\","
                + "\"street\":\"1 Main\",\"zip\":\"10001\",\"country\":\"US\",\"items\":[{\"sku\":\"A\",\"qty\":3,"
                + "\"price\":\"0.10\",\"subtotal\":\"30.00\",\"total\":\"27.35\"}]}";
    }

    @Test
    void theFirstApplicableMappingIsUsed() {
        assertThat(mappings.mapFirst("shop/cs, shop/so", order("AFN", "Shipped"), "us", null).getRecordType()).isEqualTo("cashSale");
        assertThat(mappings.mapFirst("shop/cs, shop/so", order("MFN", "Unshipped"), "us", null).getRecordType()).isEqualTo("salesOrder");
    }

    @Test
    void decimalFunctionsAreExact() {
        MappedRecord cs = mappings.mapFirst("shop/cs, shop/so", order("AFN", "Shipped"), "us", null);
        // 3 × 0.10 is 0.30000000000000004 in JSONata's own arithmetic
        assertThat(cs.getLines().get(0).getAmount()).isEqualTo(new BigDecimal("0.30"));

        MappedRecord so = mappings.map("shop/so", order("MFN", "Unshipped"), "us");
        assertThat(so.getLines()).extracting(MappedLine::getAmount)
                .containsExactly(new BigDecimal("30.00"), new BigDecimal("-2.65"));
    }

    @Test
    void skipRulesLeaveRecordsOutWithTheirReasonAndSeeWhetherTheRecordWasDelivered() {
        assertThatThrownBy(() -> mappings.map("shop/so", order("MFN", "Pending"), "us"))
                .isInstanceOf(RecordSkipped.class)
                .satisfies(e -> assertThat(((RecordSkipped) e).reason()).isEqualTo("AWAITING_PAYMENT"));
        assertThatThrownBy(() -> mappings.map("shop/so", order("MFN", "Canceled"), "us", null))
                .satisfies(e -> assertThat(((RecordSkipped) e).reason()).isEqualTo("CANCELLED_BEFORE_IMPORT"));

        // cancelled after import: mapped, with its lines closed
        MappedRecord closed = mappings.map("shop/so", order("MFN", "Canceled"), "us", "501");
        assertThat(closed.getLines().get(0).getFields()).containsEntry("isClosed", true);
    }

    @Test
    void theCustomerCarriesItsGuestStatusAndAddress() {
        CustomerDraft customer = mappings.map("shop/so", order("MFN", "Unshipped"), "us").getCustomer();
        assertThat(customer.isGuest()).isTrue();
        assertThat(customer.getAddress()).containsEntry("addr1", "1 Main").containsEntry("zip", "10001")
                .containsEntry("country", "US");
    }

    @Test
    void aStoreCanOverrideALookupTableOrAWholeMapping() {
        assertThat(mappings.map("shop/so", order("MFN", "Unshipped"), "us").getFields()).containsEntry("memo", "shared memo");
        assertThat(mappings.map("shop/so", order("MFN", "Unshipped"), "eu").getFields()).containsEntry("memo", "eu memo");
        assertThat(mappings.map("shop/so", order("MFN", "Unshipped"), "uk").getExternalId()).isEqualTo("UK-7");
        assertThat(mappings.map("shop/so", order("MFN", "Unshipped"), "uk").getStore()).isEqualTo("uk");
    }

    @Test
    void aSkipRuleNeedsAReasonCode() throws IOException {
        Files.writeString(dir.resolve("shop/so.yaml"), SALES_ORDER.replace("reason: AWAITING_PAYMENT", "reason: waiting"));

        assertThatThrownBy(() -> new Mappings(dir, id -> Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("shop/so.yaml:4: field 'skip[0].reason': a reason code in capitals");
    }
}
