package io.commercebus.mapping;

import io.commercebus.ledger.DeadLetterReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingsTest {

    static final String MAPPING = "bigcommerce/order-to-sales-order";

    static Map<String, Object> store() {
        return Map.of("id", "demo", "subsidiary", "1", "location", "2", "totalDriftThreshold", "0.01",
                "items", Map.of("tax", "SALES-TAX", "discount", "BC-DISCOUNT", "rounding", "BC-ROUNDING", "giftWrap", "GIFT-WRAP"));
    }

    static String order() throws IOException {
        try (var in = MappingsTest.class.getResourceAsStream("/bigcommerce/order-with-discount.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private final Mappings mappings = new Mappings(Path.of("mappings"), id -> store());

    @Test
    void mapsTheShippedBigCommerceMappingToASalesOrderThatAddsUpToTheChargedTotal() throws IOException {
        MappedRecord so = mappings.map(MAPPING, order(), "demo");

        assertThat(so.getRecordType()).isEqualTo("salesOrder");
        assertThat(so.getExternalId()).isEqualTo("BC-demo-100");
        assertThat(so.getCurrency()).isEqualTo("USD");
        assertThat(so.getCustomer().getEmail()).isEqualTo("jane.doe@example.com");
        assertThat(so.getCustomer().getFields())
                .containsEntry("firstName", "Jane")
                .containsEntry("isPerson", true)
                .containsEntry("phone", "5125550100")
                .containsEntry("subsidiary", Map.of("id", "1"));
        assertThat(so.getFields())
                // 23:05 in New York is the next day in UTC, the mapping's time zone
                .containsEntry("tranDate", "2018-01-11")
                .containsEntry("currency", Map.of("id", "1"))
                .containsEntry("shipMethod", Map.of("id", "102"))
                .containsEntry("otherRefNum", "100")
                .containsEntry("memo", "BigCommerce order 100 (Credit Card)")
                .containsEntry("shippingCost", new BigDecimal("10.00"))
                .containsEntry("handlingCost", new BigDecimal("0.00"));

        assertThat(so.getLines()).extracting(MappedLine::getKind, MappedLine::getSku, MappedLine::getQuantity,
                        MappedLine::getRate, MappedLine::getAmount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MappedLine.Kind.ITEM, "MUG-11OZ", new BigDecimal("2"), new BigDecimal("12.99"), new BigDecimal("25.98")),
                        org.assertj.core.groups.Tuple.tuple(MappedLine.Kind.DISCOUNT, "BC-DISCOUNT", null, null, new BigDecimal("-5.00")),
                        org.assertj.core.groups.Tuple.tuple(MappedLine.Kind.ITEM, "POSTER-A2", new BigDecimal("1"), new BigDecimal("49.99"), new BigDecimal("49.99")),
                        org.assertj.core.groups.Tuple.tuple(MappedLine.Kind.CHARGE, "SALES-TAX", null, null, new BigDecimal("6.68")));
        assertThat(so.getTotal()).isEqualByComparingTo("87.65");
        assertThat(so.getChargedTotal()).isEqualByComparingTo("87.65");
    }

    @Test
    void aOneCentRoundingDifferenceBecomesAnAdjustmentLineSoTheTotalStillMatches() throws IOException {
        MappedRecord so = mappings.map(MAPPING, order().replace("\"total_inc_tax\": \"87.6500\"", "\"total_inc_tax\": \"87.6600\""), "demo");

        assertThat(so.getLines()).last().satisfies(line -> {
            assertThat(line.getKind()).isEqualTo(MappedLine.Kind.ADJUSTMENT);
            assertThat(line.getSku()).isEqualTo("BC-ROUNDING");
            assertThat(line.getAmount()).isEqualByComparingTo("0.01");
        });
        assertThat(so.getTotal()).isEqualByComparingTo("87.66");
    }

    @Test
    void withoutAStoreThresholdOneCentIsAdjustedAndTwoAreDrift() throws IOException {
        Map<String, Object> store = new java.util.HashMap<>(store());
        store.remove("totalDriftThreshold");
        Mappings plain = new Mappings(Path.of("mappings"), id -> store);

        assertThat(plain.map(MAPPING, order().replace("\"total_inc_tax\": \"87.6500\"", "\"total_inc_tax\": \"87.6400\""), "demo")
                .getTotal()).isEqualByComparingTo("87.64");
        assertThatThrownBy(() -> plain.map(MAPPING, order().replace("\"total_inc_tax\": \"87.6500\"", "\"total_inc_tax\": \"87.6700\""),
                "demo")).satisfies(e -> assertThat(((MappingFailure) e).reason()).isEqualTo(DeadLetterReason.TOTAL_DRIFT));
    }

    @Test
    void aDriftBeyondTheThresholdIsRefusedAsTotalDrift() throws IOException {
        String drifted = order().replace("\"total_inc_tax\": \"87.6500\"", "\"total_inc_tax\": \"88.1500\"");

        assertThatThrownBy(() -> mappings.map(MAPPING, drifted, "demo"))
                .isInstanceOf(MappingFailure.class)
                .satisfies(e -> assertThat(((MappingFailure) e).reason()).isEqualTo(DeadLetterReason.TOTAL_DRIFT))
                .hasMessageContaining("87.65").hasMessageContaining("88.15").hasMessageContaining("0.50");
    }

    @Test
    void aCurrencyMissingFromTheLookupTableDeadLettersWithAReasonNamingTheTable() throws IOException {
        String yen = order().replace("\"currency_code\": \"USD\"", "\"currency_code\": \"JPY\"");

        assertThatThrownBy(() -> mappings.map(MAPPING, yen, "demo"))
                .isInstanceOf(MappingFailure.class)
                .satisfies(e -> assertThat(((MappingFailure) e).reason()).isEqualTo("UNMAPPED_CURRENCY"))
                .hasMessageContaining("'JPY'").hasMessageContaining("mappings/lookups/currency.csv")
                .hasMessageContaining("fields.currency");
    }

    @Test
    void aValueOfTheWrongTypeIsAMappingErrorNamingTheField() throws IOException {
        String bad = order().replace("\"shipping_cost_ex_tax\": \"10.0000\"", "\"shipping_cost_ex_tax\": \"ten\"");

        assertThatThrownBy(() -> mappings.map(MAPPING, bad, "demo"))
                .isInstanceOf(MappingFailure.class)
                .satisfies(e -> assertThat(((MappingFailure) e).reason()).isEqualTo(DeadLetterReason.MAPPING_ERROR))
                .hasMessageContaining("fields.shippingCost")
                .hasMessageContaining("order-to-sales-order.yaml:")
                .hasMessageContaining("'ten'");
    }

    @Test
    void aBrokenMappingFileIsRefusedAtLoadWithFileLineAndField(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("shop/order.yaml"), String.join("\n",
                "record: salesOrder",
                "externalId: id",
                "fields:",
                "  memo: \"'Order ' & (id\"",
                "  total: { mony: total }",
                "  currency: { ref: \"$table('currencies', code)\" }",
                "lines:",
                "  - sku: sku",
                "    quantity: qty",
                "    feilds: {}",
                ""));

        assertThatThrownBy(() -> new Mappings(dir, id -> Map.of()))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                        dir.getFileName() + "/shop/order.yaml:4:9: field 'fields.memo': JSONata S0203 at position 14 of \"'Order ' & (id\": Expected \")\" before end of expression",
                        dir.getFileName() + "/shop/order.yaml:5:10: field 'fields.total': 'mony' is not a value type; use one of [value, text, money, quantity, date, ref, boolean]",
                        dir.getFileName() + "/shop/order.yaml:6:20: field 'fields.currency': no lookup table 'currencies' (expected currencies.csv in the mapping's lookups folder); known tables: []",
                        dir.getFileName() + "/shop/order.yaml:10:5: field 'lines[0].feilds': unknown key; expected one of " + describeLineKeys(),
                        dir.getFileName() + "/shop/order.yaml:8: field 'lines[0]': needs amount, or quantity and rate"));
    }

    @Test
    void aBrokenLookupTableIsRefusedAtLoadWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lookups"));
        Files.writeString(dir.resolve("lookups/currency.csv"), "code,id\nUSD,1\nUSD,2\nEUR\n");

        assertThatThrownBy(() -> new Mappings(dir, id -> Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("/lookups/currency.csv:3: duplicate key 'USD'")
                .hasMessageContaining("/lookups/currency.csv:4: expected 2 columns");
    }

    private static String describeLineKeys() {
        try {
            var f = MappingLoader.class.getDeclaredField("LINE_KEYS");
            f.setAccessible(true);
            return f.get(null).toString();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
