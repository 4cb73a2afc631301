package io.commercebus.payout;

import java.math.BigDecimal;
import java.util.List;

/**
 * One payout of a marketplace or payment provider to the merchant's bank, as every source reads into
 * it (an Amazon settlement report, a payment provider's payout report): the deposit and the lines it
 * is made of, each an amount of one category (sales, refunds, one fee type…), for one order or none.
 * The lines add up to the deposit; a payout whose lines do not is refused as PAYOUT_MISMATCH.
 *
 * @param id          the source's payout id (Amazon settlement-id, a provider's payout id)
 * @param depositDate when the money reaches the bank (ISO date), the journal entry's date
 */
public record Payout(String id, String currency, String periodStart, String periodEnd, String depositDate,
                     BigDecimal deposit, List<PayoutLine> lines) {

    /** The sum of the lines; equal to the deposit in a payout that adds up. */
    public BigDecimal linesTotal() {
        return lines.stream().map(PayoutLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
