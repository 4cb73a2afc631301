package io.commercebus.payout;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Amazon's settlement report, Flat File V2, in the layout the SP-API sandbox publishes it (and Amazon's examples show). */
class AmazonSettlementReportTest {

    static final List<String> COLUMNS = List.of("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
            "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id",
            "marketplace-name", "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
            "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id");

    /** One line of the report, every column present, the given ones filled in. */
    static String line(String... cells) {
        String[] all = new String[COLUMNS.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i < cells.length ? cells[i] : "";
        }
        return String.join("\t", all) + "\n";
    }

    /** An order row: settlement id and currency repeated, the summary's columns empty. */
    static String order(String type, String orderId, String amountType, String description, String amount) {
        return line("12043000000", "", "", "", "", "USD", type, orderId, orderId, type.equals("Refund") ? "50012345678901" : "",
                type.equals("Order") ? "DkR8nQ2wZ" : "", "Amazon.com", amountType, description, amount, "MFN", "2026-11-20",
                "2026-11-20 16:05:11 UTC", "12345678901234", "", "", "MUG-11OZ", type.equals("Order") ? "2" : "", "");
    }

    static final String REPORT = String.join("\t", COLUMNS) + "\n"
            + line("12043000000", "2026-11-16 08:00:00 UTC", "2026-11-30 08:00:00 UTC", "2026-12-02 08:00:00 UTC", "13.66", "USD")
            + order("Order", "113-1234567-1234567", "ItemPrice", "Principal", "65.98")
            + order("Order", "113-1234567-1234567", "ItemPrice", "Tax", "2.14")
            + order("Order", "113-1234567-1234567", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", "-2.14")
            + order("Order", "113-1234567-1234567", "ItemFees", "Commission", "-3.90")
            + order("Refund", "113-1234567-1234567", "ItemPrice", "Principal", "-12.99")
            + order("Refund", "113-1234567-1234567", "ItemFees", "Commission", "1.95")
            + order("Refund", "113-1234567-1234567", "ItemFees", "RefundCommission", "-0.39")
            + line("12043000000", "", "", "", "", "USD", "other-transaction", "", "", "", "", "", "Cost of Advertising",
                    "TransactionTotalAmount", "-10.00", "", "2026-11-21", "2026-11-21 09:00:00 UTC")
            + line("12043000000", "", "", "", "", "USD", "other-transaction", "", "", "", "", "", "FBA Inventory Reimbursement",
                    "WAREHOUSE_DAMAGE", "13.00", "", "2026-11-22", "2026-11-22 09:00:00 UTC", "", "", "", "MUG-11OZ", "2")
            + line("12043000000", "", "", "", "", "USD", "other-transaction", "", "", "", "", "", "other-transaction",
                    "Subscription Fee", "-39.99", "", "2026-11-16", "2026-11-16 08:00:00 UTC");

    @Test
    void theSummaryIsThePayoutAndEveryAmountALineOfItsCategory() {
        Payout payout = AmazonSettlementReport.parse(REPORT);

        assertThat(payout.id()).isEqualTo("12043000000");
        assertThat(payout.currency()).isEqualTo("USD");
        assertThat(payout.periodStart()).isEqualTo("2026-11-16");
        assertThat(payout.periodEnd()).isEqualTo("2026-11-30");
        assertThat(payout.depositDate()).isEqualTo("2026-12-02");
        assertThat(payout.deposit()).isEqualByComparingTo("13.66");
        assertThat(payout.lines()).hasSize(10);
        assertThat(payout.linesTotal()).isEqualByComparingTo(payout.deposit());
        assertThat(payout.lines().subList(0, 7)).extracting(PayoutLine::category, PayoutLine::kind, PayoutLine::orderId,
                PayoutLine::amount).containsExactly(
                tuple("Order/ItemPrice/Principal", PayoutLine.Kind.SALE, "113-1234567-1234567", new BigDecimal("65.98")),
                tuple("Order/ItemPrice/Tax", PayoutLine.Kind.SALE, "113-1234567-1234567", new BigDecimal("2.14")),
                tuple("Order/ItemWithheldTax/MarketplaceFacilitatorTax-Principal", PayoutLine.Kind.OTHER, "113-1234567-1234567",
                        new BigDecimal("-2.14")),
                tuple("Order/ItemFees/Commission", PayoutLine.Kind.FEE, "113-1234567-1234567", new BigDecimal("-3.90")),
                tuple("Refund/ItemPrice/Principal", PayoutLine.Kind.REFUND, "113-1234567-1234567", new BigDecimal("-12.99")),
                tuple("Refund/ItemFees/Commission", PayoutLine.Kind.FEE, "113-1234567-1234567", new BigDecimal("1.95")),
                tuple("Refund/ItemFees/RefundCommission", PayoutLine.Kind.FEE, "113-1234567-1234567", new BigDecimal("-0.39")));
        assertThat(payout.lines().subList(7, 10)).extracting(PayoutLine::category, PayoutLine::orderId).containsExactly(
                tuple("other-transaction/Cost of Advertising/TransactionTotalAmount", null),
                tuple("other-transaction/FBA Inventory Reimbursement/WAREHOUSE_DAMAGE", null),
                tuple("other-transaction/other-transaction/Subscription Fee", null));
    }

    @Test
    void aDateWrittenInAnotherZoneIsTheDayInUtc() {
        assertThat(AmazonSettlementReport.date("2026-12-01 23:30:00 PST")).isEqualTo("2026-12-02");
        assertThat(AmazonSettlementReport.date("2026-12-02 08:00:00 UTC")).isEqualTo("2026-12-02");
        assertThat(AmazonSettlementReport.date("02.12.2026 08:00:00 UTC")).isEqualTo("2026-12-02");
        assertThat(AmazonSettlementReport.date("2026-12-02T08:00:00+00:00")).isEqualTo("2026-12-02");
    }

    @Test
    void aFileWithoutItsSummaryIsRefused() {
        String withoutSummary = REPORT.substring(0, REPORT.indexOf('\n') + 1)
                + REPORT.substring(REPORT.indexOf("\n", REPORT.indexOf('\n') + 1) + 1);

        assertThatThrownBy(() -> AmazonSettlementReport.parse(withoutSummary)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settlement-id and total-amount");
    }
}
