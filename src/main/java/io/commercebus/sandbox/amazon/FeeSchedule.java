package io.commercebus.sandbox.amazon;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A simplified Selling on Amazon fee schedule for a Professional seller in amazon.com, one rate for
 * every category. Amazon's own rules, loosely:
 * <ul>
 *   <li>referral fee (Commission): 15 % of the total sales price, item price plus shipping less
 *       promotions, without tax, per item and shipment;</li>
 *   <li>FBA fulfilment fee (FBAPerUnitFulfillmentFee): a flat fee per unit Amazon ships, here that of
 *       a small standard-size item;</li>
 *   <li>refund administration fee (RefundCommission): on a refund Amazon credits the referral fee of
 *       what was refunded, less 20 % of that fee, at most $5.00 per item;</li>
 *   <li>the Professional selling plan's monthly subscription fee.</li>
 * </ul>
 * Every amount is rounded to the cent, half up.
 */
final class FeeSchedule {

    static final BigDecimal REFERRAL_RATE = new BigDecimal("0.15");
    static final BigDecimal FBA_PER_UNIT = new BigDecimal("3.22");
    static final BigDecimal REFUND_ADMINISTRATION_RATE = new BigDecimal("0.20");
    static final BigDecimal REFUND_ADMINISTRATION_CAP = new BigDecimal("5.00");
    static final BigDecimal SUBSCRIPTION = new BigDecimal("39.99");

    private FeeSchedule() {
    }

    /** The referral fee of a sales price (item, shipping, less promotions), positive. */
    static BigDecimal referralFee(BigDecimal salesPrice) {
        return cents(salesPrice.max(BigDecimal.ZERO).multiply(REFERRAL_RATE));
    }

    /** The FBA fulfilment fee of this many units, positive. */
    static BigDecimal fulfilmentFee(int units) {
        return FBA_PER_UNIT.multiply(BigDecimal.valueOf(units));
    }

    /** What Amazon keeps of a refunded referral fee, positive. */
    static BigDecimal refundAdministrationFee(BigDecimal refundedReferralFee) {
        return cents(refundedReferralFee.multiply(REFUND_ADMINISTRATION_RATE)).min(REFUND_ADMINISTRATION_CAP);
    }

    /**
     * The part of an item's amount that belongs to units {@code from} (exclusive) to {@code to}
     * (inclusive) of {@code ordered}: the parts of every unit add up to the amount exactly.
     */
    static BigDecimal share(BigDecimal amount, int from, int to, int ordered) {
        return upTo(amount, to, ordered).subtract(upTo(amount, from, ordered));
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal upTo(BigDecimal amount, int units, int ordered) {
        return cents(amount.multiply(BigDecimal.valueOf(units)).divide(BigDecimal.valueOf(ordered), 10, RoundingMode.HALF_UP));
    }
}
