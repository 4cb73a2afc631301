package io.commercebus.mapping;

import io.commercebus.ledger.RecordSkipped;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The shipped BigCommerce mappings after the order: refunds to credit memos, cancelled orders to closed Sales Orders. */
class BigCommerceAfterOrderMappingTest {

    static Map<String, Object> store() {
        return Map.of("id", "demo", "subsidiary", "1", "location", "1", "totalDriftThreshold", "0.01",
                "refunds", Map.of("location", "3", "account", "4"),
                "items", Map.of("tax", "SALES-TAX", "discount", "BC-DISCOUNT", "rounding", "BC-ROUNDING", "giftWrap", "GIFT-WRAP",
                        "shipping", "SHIPPING", "refundAdjustment", "REFUND-ADJUSTMENT"));
    }

    private final Mappings mappings = new Mappings(Path.of("mappings"), id -> store());

    /** 1 of 3 mugs (12.99 each, 5.00 off the line: 11.32 of its 33.97), 5.00 of shipping, 2.50 of goodwill, and tax. */
    static final String REFUND = """
            {"id": 7, "order_id": 250, "user_id": 0, "created": "2026-05-01T23:30:00+00:00", "reason": "Damaged",
             "total_amount": 20.17, "total_tax": 1.35, "uses_merchant_override_values": false,
             "items": [
               {"item_type": "PRODUCT", "item_id": 5, "reason": "", "quantity": 1, "requested_amount": 11.32},
               {"item_type": "SHIPPING", "item_id": 250, "reason": "", "requested_amount": 5.00},
               {"item_type": "ORDER", "item_id": 250, "reason": "sorry", "requested_amount": 2.50}],
             "payments": [
               {"id": 1, "provider_id": "testgateway", "amount": 15.17, "offline": false, "is_declined": false, "declined_message": ""},
               {"id": 2, "provider_id": "custom", "amount": 5.00, "offline": true, "is_declined": false, "declined_message": ""}],
             "order": {"id": 250, "customer_id": 0, "currency_code": "USD", "products": [
               {"id": 4, "product_id": 81, "sku": "POSTER-A2", "name": "Poster A2", "quantity": 1, "price_ex_tax": "49.9900",
                "total_ex_tax": "49.9900", "total_tax": "4.1200", "applied_discounts": []},
               {"id": 5, "product_id": 77, "sku": "MUG-11OZ", "name": "Coffee Mug 11oz", "quantity": 3, "price_ex_tax": "12.9900",
                "total_ex_tax": "38.9700", "total_tax": "2.8000", "applied_discounts": [{"id": "coupon", "amount": "5.0000"}]}]}}
            """;

    @Test
    void aRefundBecomesACreditMemoOfItsLinesAddingUpToWhatBigCommerceRefunded() {
        MappedRecord memo = mappings.map("bigcommerce/refund-to-credit-memo", REFUND, "demo");

        assertThat(memo.getRecordType()).isEqualTo("creditMemo");
        assertThat(memo.getExternalId()).isEqualTo("BC-demo-R7");
        assertThat(memo.getOrigin()).isEqualTo("250");
        assertThat(memo.getCurrency()).isEqualTo("USD");
        assertThat(memo.getFields()).containsEntry("tranDate", "2026-05-01").containsEntry("currency", Map.of("id", "1"))
                .containsEntry("memo", "BigCommerce refund 7 of order 250: Damaged");
        assertThat(memo.getLines()).extracting(MappedLine::getKind, MappedLine::getSku, MappedLine::getLineId,
                        MappedLine::getQuantity, MappedLine::getAmount)
                .containsExactly(
                        tuple(MappedLine.Kind.ITEM, "MUG-11OZ", "5", new BigDecimal("1"), new BigDecimal("12.99")),
                        tuple(MappedLine.Kind.DISCOUNT, "BC-DISCOUNT", null, null, new BigDecimal("-1.67")),
                        tuple(MappedLine.Kind.CHARGE, "SHIPPING", null, null, new BigDecimal("5.00")),
                        tuple(MappedLine.Kind.CHARGE, "REFUND-ADJUSTMENT", null, null, new BigDecimal("2.50")),
                        tuple(MappedLine.Kind.CHARGE, "SALES-TAX", null, null, new BigDecimal("1.35")));
        assertThat(memo.getLines().get(0).getFields()).containsEntry("location", Map.of("id", "3"));
        assertThat(memo.getLines().get(0).getDescription()).isEqualTo("Coffee Mug 11oz");
        assertThat(memo.getLines().get(3).getDescription()).isEqualTo("Refund not tied to goods: sorry");
        assertThat(memo.getTotal()).isEqualByComparingTo("20.17");
        assertThat(memo.getChargedTotal()).isEqualByComparingTo("20.17");
        // only the gateway's money went back through BigCommerce; the offline part stays as credit
        assertThat(memo.getPayment().amount()).isEqualByComparingTo("15.17");
        assertThat(memo.getPayment().fields()).containsEntry("account", Map.of("id", "4"));
    }

    @Test
    void aRefundToStoreCreditPaysNothingBack() {
        String storeCredit = REFUND.replace("\"provider_id\": \"testgateway\"", "\"provider_id\": \"storecredit\"");
        MappedRecord memo = mappings.map("bigcommerce/refund-to-credit-memo", storeCredit, "demo");

        assertThat(memo.getPayment()).isNull();
        assertThat(memo.getTotal()).isEqualByComparingTo("20.17");
    }

    @Test
    void aCancelledOrderClosesItsSalesOrderOnceImportedAndIsLeftOutBefore() {
        String cancelled = "{\"id\": 250, \"status_id\": 5, \"status\": \"Cancelled\"}";
        String candidates = "bigcommerce/cancelled-order-to-closed-sales-order, bigcommerce/order-to-sales-order";

        MappedRecord close = mappings.mapFirst(candidates, cancelled, "demo", "1234");
        assertThat(close.isClose()).isTrue();
        assertThat(close.getExternalId()).isEqualTo("BC-demo-250");
        assertThatThrownBy(() -> mappings.mapFirst(candidates, cancelled, "demo", null))
                .isInstanceOf(RecordSkipped.class).hasFieldOrPropertyWithValue("reason", "CANCELLED_BEFORE_IMPORT");
    }
}
