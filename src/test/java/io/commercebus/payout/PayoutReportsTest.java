package io.commercebus.payout;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayoutReportsTest {

    static final String SETTLEMENT = String.join("\n",
            "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type"
                    + "\torder-id\tamount-type\tamount-description\tamount\tsku\tquantity-purchased",
            "11950288421\t2026-11-01 07:00:00 UTC\t2026-11-15 07:00:00 UTC\t2026-11-17 07:00:00 UTC\t77.59\tUSD\t\t\t\t\t\t\t",
            "\t\t\t\t\t\tOrder\t111-2\tItemPrice\tPrincipal\t100.00\tMUG\t2",
            "\t\t\t\t\t\tOrder\t111-2\tItemFees\tCommission\t-15.00\tMUG\t",
            "\t\t\t\t\t\tRefund\t111-2\tItemPrice\tPrincipal\t-10.00\tMUG\t",
            "\t\t\t\t\t\tother-transaction\t\tother-transaction\tSubscription Fee\t\t\t",
            "\t\t\t\t\t\tother-transaction\t\tother-transaction\tStorage Fee\t2.59\t\t") + "\n";

    @Test
    void anAmazonSettlementIsItsSummaryRowAndALinePerAmount() {
        Payout p = AmazonSettlementReport.parse(SETTLEMENT);

        assertThat(p.id()).isEqualTo("11950288421");
        assertThat(p.currency()).isEqualTo("USD");
        assertThat(p.periodStart()).isEqualTo("2026-11-01");
        assertThat(p.depositDate()).isEqualTo("2026-11-17");
        assertThat(p.deposit()).isEqualByComparingTo("77.59");
        assertThat(p.lines()).containsExactly(
                new PayoutLine("Order/ItemPrice/Principal", PayoutLine.Kind.SALE, "111-2", new BigDecimal("100.00")),
                new PayoutLine("Order/ItemFees/Commission", PayoutLine.Kind.FEE, "111-2", new BigDecimal("-15.00")),
                new PayoutLine("Refund/ItemPrice/Principal", PayoutLine.Kind.REFUND, "111-2", new BigDecimal("-10.00")),
                new PayoutLine("other-transaction/other-transaction/Storage Fee", PayoutLine.Kind.OTHER, null,
                        new BigDecimal("2.59")));
        assertThat(p.linesTotal()).isEqualByComparingTo("77.59");
    }

    @Test
    void aFileThatIsNotASettlementSaysWhatItLacks() {
        assertThatThrownBy(() -> AmazonSettlementReport.parse("order-id\tamount\n1\t2\n"))
                .hasMessageContaining("first row must carry settlement-id and total-amount");
        assertThatThrownBy(() -> AmazonSettlementReport.parse(SETTLEMENT.replace("\t-15.00\t", "\tfifteen\t")))
                .hasMessageContaining("line 4: amount 'fifteen' is not a number");
    }

    @Test
    void aProviderReportGroupsItsRowsByPayoutWithFeesAsTheirOwnLinesAndThePayoutRowAsTheDeposit() {
        String csv = """
                automatic_payout_id,automatic_payout_effective_at,balance_transaction_id,currency,gross,fee,net,reporting_category,description,payment_metadata[order_id]
                po_1,2026-11-30 00:00:00,txn_1,usd,45.00,1.61,43.39,charge,"Order 101, paid",101
                po_1,2026-11-30 00:00:00,txn_2,usd,-10.00,0.00,-10.00,refund,Refund of 101,101
                po_1,2026-11-30 00:00:00,txn_3,usd,-33.39,0.00,-33.39,payout,Payout,
                po_2,1764547200,txn_4,usd,20.00,0.88,19.12,charge,Order 102,102
                """;
        List<Payout> payouts = ProviderPayoutReport.parse(csv, null);

        assertThat(payouts).hasSize(2);
        Payout first = payouts.get(0);
        assertThat(first.id()).isEqualTo("po_1");
        assertThat(first.currency()).isEqualTo("USD");
        assertThat(first.depositDate()).isEqualTo("2026-11-30");
        assertThat(first.deposit()).isEqualByComparingTo("33.39");
        assertThat(first.lines()).containsExactly(
                new PayoutLine("charge", PayoutLine.Kind.SALE, "101", new BigDecimal("45.00")),
                new PayoutLine("fee", PayoutLine.Kind.FEE, "101", new BigDecimal("-1.61")),
                new PayoutLine("refund", PayoutLine.Kind.REFUND, "101", new BigDecimal("-10.00")));
        assertThat(first.linesTotal()).isEqualByComparingTo(first.deposit());
        // without a payout row the deposit is the sum of the nets
        assertThat(payouts.get(1).deposit()).isEqualByComparingTo("19.12");
        assertThat(payouts.get(1).depositDate()).isEqualTo("2025-12-01");
    }

    @Test
    void aProviderReportRowWithoutItsPayoutIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> ProviderPayoutReport.parse("""
                automatic_payout_id,automatic_payout_effective_at,currency,gross,fee,net,reporting_category
                po_1,2026-11-30,usd,1.00,0,1.00,charge
                ,2026-11-30,usd,1.00,0,1.00,charge
                """, null)).hasMessageContaining("line 3: automatic_payout_id is empty");
    }
}
