package io.commercebus.payout;

import io.commercebus.config.StoreSettings;
import io.commercebus.ledger.PermanentFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayoutJournalTest {

    @TempDir
    Path mappings;
    PayoutJournal journal;

    @BeforeEach
    void tables() throws IOException {
        Files.createDirectories(mappings.resolve("lookups"));
        Files.createDirectories(mappings.resolve("amazon/lookups"));
        Files.writeString(mappings.resolve("lookups/currency.csv"), "currency,netsuite_id\nUSD,1\n");
        Files.writeString(mappings.resolve("amazon/lookups/payout-account.csv"), """
                category,account
                Order/ItemPrice/Principal,10
                Order/ItemPrice/Tax,9
                Order/ItemFees/*,15
                Refund/*,12
                deposit,1
                """);
        journal = new PayoutJournal(mappings, new StoreSettings(Map.of("amz.marketplace", "amazon", "amz.subsidiary", "1")));
    }

    static Payout payout(BigDecimal deposit) {
        return new Payout("12345", "USD", "2026-11-01", "2026-11-15", "2026-11-17", deposit, List.of(
                new PayoutLine("Order/ItemPrice/Principal", PayoutLine.Kind.SALE, "A1", new BigDecimal("100.00")),
                new PayoutLine("Order/ItemPrice/Tax", PayoutLine.Kind.SALE, "A1", new BigDecimal("8.25")),
                new PayoutLine("Order/ItemFees/Commission", PayoutLine.Kind.FEE, "A1", new BigDecimal("-15.00")),
                new PayoutLine("Order/ItemFees/FBAPerUnitFulfillmentFee", PayoutLine.Kind.FEE, "A1", new BigDecimal("-3.22")),
                new PayoutLine("Order/ItemPrice/Principal", PayoutLine.Kind.SALE, "A2", new BigDecimal("50.00")),
                new PayoutLine("Refund/ItemPrice/Principal", PayoutLine.Kind.REFUND, "A2", new BigDecimal("-50.00")),
                new PayoutLine("Refund/ItemFees/Commission", PayoutLine.Kind.FEE, "A2", new BigDecimal("7.50"))));
    }

    @Test
    void aPayoutBecomesOneBalancedEntryWithALinePerCategoryAndTheDepositOnTheBank() {
        JournalEntry entry = journal.journal(payout(new BigDecimal("97.53")), "amz");

        assertThat(entry.getExternalId()).isEqualTo("PAYOUT-amazon-amz-12345");
        assertThat(entry.getFields()).containsEntry("tranDate", "2026-11-17").containsEntry("currency", Map.of("id", "1"));
        BigDecimal debits = entry.getLines().stream().map(JournalEntry.Line::debit).filter(d -> d != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal credits = entry.getLines().stream().map(JournalEntry.Line::credit).filter(c -> c != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(debits).isEqualByComparingTo(credits);
        assertThat(entry.getLines()).extracting(JournalEntry.Line::memo).containsExactly("Order/ItemPrice/Principal",
                "Order/ItemPrice/Tax", "Order/ItemFees/Commission", "Order/ItemFees/FBAPerUnitFulfillmentFee",
                "Refund/ItemPrice/Principal", "Refund/ItemFees/Commission", "Deposit of payout 12345");
        // sales credited, fees and refunds debited, the most specific account row winning
        assertThat(entry.getLines().get(0)).isEqualTo(new JournalEntry.Line("10", null, new BigDecimal("150.00"),
                "Order/ItemPrice/Principal"));
        assertThat(entry.getLines().get(2)).isEqualTo(new JournalEntry.Line("15", new BigDecimal("15.00"), null,
                "Order/ItemFees/Commission"));
        assertThat(entry.getLines().get(4).account()).isEqualTo("12");
        assertThat(entry.getLines().get(6)).isEqualTo(new JournalEntry.Line("1", new BigDecimal("97.53"), null,
                "Deposit of payout 12345"));
    }

    @Test
    void aPayoutWhoseLinesDoNotAddUpToItsDepositIsRefusedWithTheDifference() {
        assertThatThrownBy(() -> journal.journal(payout(new BigDecimal("100.00")), "amz"))
                .isInstanceOfSatisfying(PermanentFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(PayoutJournal.PAYOUT_MISMATCH);
                    assertThat(e.getMessage()).contains("deposits 100.00 USD", "add up to 97.53", "difference of 2.47");
                });
    }

    @Test
    void aCategoryWithoutAnAccountIsRefusedNamingTheTable() {
        Payout payout = new Payout("9", "USD", null, null, "2026-11-17", new BigDecimal("-39.99"), List.of(
                new PayoutLine("other-transaction/other-transaction/Subscription Fee", PayoutLine.Kind.OTHER, null,
                        new BigDecimal("-39.99"))));
        assertThatThrownBy(() -> journal.journal(payout, "amz")).isInstanceOfSatisfying(PermanentFailure.class, e -> {
            assertThat(e.reason()).isEqualTo(PayoutJournal.UNMAPPED_PAYOUT_ACCOUNT);
            assertThat(e.getMessage()).contains("'other-transaction/other-transaction/Subscription Fee'", "payout-account.csv",
                    "replay");
        });
    }
}
