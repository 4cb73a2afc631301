package io.commercebus.mapping;

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
import static org.assertj.core.groups.Tuple.tuple;

/** The shipped Amazon refund mapping on a RefundEvent of two items, one with a promotion and its shipping refunded. */
class AmazonRefundMappingTest {

    @TempDir
    Path dir;
    Mappings mappings;

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
        // the seller lists the poster under its own SKU: its ASIN names the NetSuite item
        Files.createDirectories(dir.resolve("stores/amz/lookups"));
        Files.writeString(dir.resolve("stores/amz/lookups/asin.csv"), "asin,netsuite_item\nB0POSTERA3,POSTER-A3\n");
        Map<String, Object> store = new HashMap<>(Map.of("id", "amz", "location", "1", "fbaLocation", "9",
                "items", Map.of("tax", "SALES-TAX", "discount", "BC-DISCOUNT", "rounding", "BC-ROUNDING", "shipping", "SHIPPING"),
                "refunds", Map.of("account", "2", "location", "3")));
        mappings = new Mappings(dir, Map.of("amz", store)::get);
    }

    static String event() throws IOException {
        try (var in = AmazonRefundMappingTest.class.getResourceAsStream("/amazon/refund-event.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theRefundedUnitsTaxAndShippingAddUpToWhatTheBuyerGotBackPaidFromAmazonClearing() throws IOException {
        MappedRecord memo = mappings.map("amazon/refund-to-credit-memo", event(), "amz");

        assertThat(memo.getRecordType()).isEqualTo("creditMemo");
        assertThat(memo.getExternalId()).isEqualTo("AMZ-amz-R113-9787686-2647002-12727570184039");
        assertThat(memo.getOrigin()).isEqualTo("113-9787686-2647002");
        assertThat(memo.getCurrency()).isEqualTo("USD");
        assertThat(memo.getLines()).extracting(MappedLine::getKind, MappedLine::getSku, MappedLine::getQuantity, MappedLine::getAmount)
                .containsExactly(
                        tuple(MappedLine.Kind.ITEM, "MUG-11OZ", new BigDecimal("1"), new BigDecimal("12.99")),
                        tuple(MappedLine.Kind.DISCOUNT, "BC-DISCOUNT", null, new BigDecimal("-1.00")),
                        tuple(MappedLine.Kind.ITEM, "POSTER-A3", new BigDecimal("2"), new BigDecimal("16.00")),
                        tuple(MappedLine.Kind.CHARGE, "SALES-TAX", null, new BigDecimal("2.09")),
                        tuple(MappedLine.Kind.CHARGE, "SHIPPING", null, new BigDecimal("2.50")));
        // 12.99 + 0.64 + 2.50 + 0.13 − 1.00 + 16.00 + 1.32
        assertThat(memo.getChargedTotal()).isEqualByComparingTo("32.58");
        assertThat(memo.getTotal()).isEqualByComparingTo(memo.getChargedTotal());
        assertThat(memo.getPayment().amount()).isEqualByComparingTo("32.58");
        assertThat(memo.getPayment().fields()).containsEntry("account", Map.of("id", "2"));
        assertThat(memo.getLines().get(0).getFields()).containsEntry("location", Map.of("id", "3"));
        assertThat(memo.getFields()).containsEntry("tranDate", "2026-12-02");
    }

    @Test
    void unitsAmazonFulfilledGoBackToTheFbaLocation() throws IOException {
        MappedRecord memo = mappings.map("amazon/refund-to-credit-memo", event().replace("\"MFN\"", "\"AFN\""), "amz");

        assertThat(memo.getLines()).filteredOn(l -> l.getKind() == MappedLine.Kind.ITEM)
                .allSatisfy(l -> assertThat(l.getFields()).containsEntry("location", Map.of("id", "9")));
    }

    @Test
    void aRefundWithoutShippingOrTaxHasNoSuchLines() throws IOException {
        String bare = event().replaceAll("\"CurrencyAmount\": -0\\.64", "\"CurrencyAmount\": 0.00")
                .replaceAll("\"CurrencyAmount\": -0\\.13", "\"CurrencyAmount\": 0.00")
                .replaceAll("\"CurrencyAmount\": -1\\.32", "\"CurrencyAmount\": 0.00")
                .replaceAll("\"CurrencyAmount\": -2\\.50", "\"CurrencyAmount\": 0.00");

        MappedRecord memo = mappings.map("amazon/refund-to-credit-memo", bare, "amz");

        assertThat(memo.getLines()).extracting(MappedLine::getSku).containsExactly("MUG-11OZ", "BC-DISCOUNT", "POSTER-A3");
        assertThat(memo.getTotal()).isEqualByComparingTo("27.99");
    }
}
