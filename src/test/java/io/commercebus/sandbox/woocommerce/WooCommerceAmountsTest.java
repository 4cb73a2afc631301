package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.SandboxCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Orders are priced as WooCommerce prices them, to the cent, and their amounts add up. */
class WooCommerceAmountsTest {

    static TestStore store;

    @BeforeAll
    static void start() {
        store = new TestStore();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aCouponALineDiscountShippingAndAFeeAddUpExactly() throws Exception {
        HttpResponse<String> response = store.send("POST", "/orders", """
                {"payment_method": "bacs", "payment_method_title": "Direct bank transfer", "set_paid": true,
                 "billing": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
                 "line_items": [
                   {"sku": "MUG-11OZ", "quantity": 3},
                   {"sku": "HOODIE-L", "quantity": 1, "subtotal": "54.50", "total": "49.50"},
                   {"product_id": 97, "quantity": 2}],
                 "coupon_lines": [{"code": "SAVE10"}],
                 "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "7.50"}],
                 "fee_lines": [{"name": "Gift wrapping", "total": "4.95", "tax_status": "taxable"}]}
                """);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode order = TestStore.json(response);

        // 10% of 108.45 (38.97 + 49.50 + 19.98) = 10.85, shared 3.90 / 4.95 / 2.00 (the rest)
        assertThat(order.get("line_items")).extracting(l -> l.get("sku").asText(), l -> l.get("subtotal").asText(),
                        l -> l.get("total").asText(), l -> l.get("subtotal_tax").asText(), l -> l.get("total_tax").asText())
                .containsExactly(
                        tuple("MUG-11OZ", "38.97", "35.07", "3.22", "2.89"),
                        tuple("HOODIE-L", "54.50", "44.55", "4.50", "3.68"),
                        tuple("SOCKS-3PK", "19.98", "17.98", "1.65", "1.48"));
        assertThat(order.get("coupon_lines").get(0).get("code").asText()).isEqualTo("save10");
        assertThat(order.get("coupon_lines").get(0).get("discount").asText()).isEqualTo("10.85");
        assertThat(order.get("coupon_lines").get(0).get("discount_tax").asText()).isEqualTo("0.90");
        assertThat(order.get("discount_total").asText()).isEqualTo("15.85");
        assertThat(order.get("discount_tax").asText()).isEqualTo("1.32");
        assertThat(order.get("shipping_total").asText()).isEqualTo("7.50");
        assertThat(order.get("shipping_tax").asText()).isEqualTo("0.62");
        assertThat(order.get("fee_lines").get(0).get("total_tax").asText()).isEqualTo("0.41");
        assertThat(order.get("cart_tax").asText()).isEqualTo("8.46");
        assertThat(order.get("total_tax").asText()).isEqualTo("9.08");
        assertThat(order.get("total").asText()).isEqualTo("119.13");
        assertThat(order.get("tax_lines").get(0).get("tax_total").asText()).isEqualTo("8.46");
        assertThat(order.get("tax_lines").get(0).get("shipping_tax_total").asText()).isEqualTo("0.62");
        assertThat(order.get("line_items").get(0).get("price").decimalValue()).isEqualByComparingTo("11.69");
        assertThat(order.get("status").asText()).isEqualTo("processing");
        assertAddsUp(order);
    }

    @Test
    void everyDemoOrderAddsUp() {
        for (int id : store.sandbox.placeDemoOrders(200)) {
            JsonNode order = store.sandbox.order(id);
            assertAddsUp(order);
            // demo shoppers get discounts from coupons only
            BigDecimal coupons = BigDecimal.ZERO;
            for (JsonNode coupon : order.get("coupon_lines")) {
                coupons = coupons.add(money(coupon, "discount"));
            }
            assertThat(money(order, "discount_total")).isEqualByComparingTo(coupons);
            for (JsonNode line : order.get("line_items")) {
                BigDecimal price = SandboxCatalog.PRODUCTS.stream()
                        .filter(p -> p.sku().equals(line.get("sku").asText())).findFirst().orElseThrow().price();
                assertThat(money(line, "subtotal")).isEqualByComparingTo(price.multiply(BigDecimal.valueOf(line.get("quantity").asInt())));
            }
        }
    }

    @Test
    void anUnknownCouponOrSkuIsRefused() throws Exception {
        HttpResponse<String> coupon = store.send("POST", "/orders",
                "{\"line_items\":[{\"sku\":\"CAP-ONE\",\"quantity\":1}],\"coupon_lines\":[{\"code\":\"FREEBIE\"}]}");
        HttpResponse<String> sku = store.send("POST", "/orders", "{\"line_items\":[{\"sku\":\"NO-SUCH\",\"quantity\":1}]}");

        assertThat(coupon.statusCode()).isEqualTo(400);
        assertThat(TestStore.json(coupon).get("code").asText()).isEqualTo("woocommerce_rest_invalid_coupon");
        assertThat(TestStore.json(coupon).get("message").asText()).isEqualTo("Coupon \"freebie\" does not exist!");
        assertThat(sku.statusCode()).isEqualTo(400);
        assertThat(TestStore.json(sku).get("data").get("status").asInt()).isEqualTo(400);
    }

    /** The identities of WooCommerce's calculate_totals. */
    static void assertAddsUp(JsonNode order) {
        BigDecimal subtotals = BigDecimal.ZERO;
        BigDecimal totals = BigDecimal.ZERO;
        BigDecimal subtotalTaxes = BigDecimal.ZERO;
        BigDecimal lineTaxes = BigDecimal.ZERO;
        for (JsonNode line : order.get("line_items")) {
            subtotals = subtotals.add(money(line, "subtotal"));
            totals = totals.add(money(line, "total"));
            subtotalTaxes = subtotalTaxes.add(money(line, "subtotal_tax"));
            lineTaxes = lineTaxes.add(money(line, "total_tax"));
        }
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal feeTaxes = BigDecimal.ZERO;
        for (JsonNode fee : order.get("fee_lines")) {
            fees = fees.add(money(fee, "total"));
            feeTaxes = feeTaxes.add(money(fee, "total_tax"));
        }
        BigDecimal shipping = BigDecimal.ZERO;
        BigDecimal shippingTaxes = BigDecimal.ZERO;
        for (JsonNode line : order.get("shipping_lines")) {
            shipping = shipping.add(money(line, "total"));
            shippingTaxes = shippingTaxes.add(money(line, "total_tax"));
        }
        String id = "order " + order.get("id") + ": " + order;
        assertThat(money(order, "discount_total")).as(id).isEqualByComparingTo(subtotals.subtract(totals));
        assertThat(money(order, "discount_tax")).as(id).isEqualByComparingTo(subtotalTaxes.subtract(lineTaxes));
        assertThat(money(order, "shipping_total")).as(id).isEqualByComparingTo(shipping);
        assertThat(money(order, "shipping_tax")).as(id).isEqualByComparingTo(shippingTaxes);
        assertThat(money(order, "cart_tax")).as(id).isEqualByComparingTo(lineTaxes.add(feeTaxes));
        assertThat(money(order, "total_tax")).as(id).isEqualByComparingTo(money(order, "cart_tax").add(money(order, "shipping_tax")));
        assertThat(money(order, "total")).as(id)
                .isEqualByComparingTo(totals.add(shipping).add(fees).add(money(order, "total_tax")));
        assertThat(order.get("total").asText()).as(id).matches("-?\\d+\\.\\d{2}");
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
