package io.commercebus.payout;

import java.math.BigDecimal;

/**
 * An amount of a payout, from the merchant's side: positive is money for the merchant (a sale, a
 * reimbursement), negative money taken (a refund, a fee).
 *
 * @param category what the amount is, as the payout account table names it (e.g. Amazon's
 *                 {@code Order/ItemFees/Commission}, a provider's {@code charge} or {@code fee})
 * @param orderId  the marketplace order it belongs to, or null
 */
public record PayoutLine(String category, Kind kind, String orderId, BigDecimal amount) {

    /** What reconciliation compares a line with: a sale or refund of an order, a fee, anything else. */
    public enum Kind { SALE, REFUND, FEE, OTHER }
}
