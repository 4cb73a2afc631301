package io.commercebus.reconciliation;

/** Reason codes of reconciliation gaps. */
public final class GapReason {

    /** A marketplace order that should be in NetSuite is not (never received, dead-lettered, still waiting). */
    public static final String ORDER_MISSING = "ORDER_MISSING";
    /** A NetSuite transaction of the store matches no marketplace order (deleted on the marketplace, a duplicate). */
    public static final String ORDER_EXTRA = "ORDER_EXTRA";
    /** The NetSuite transaction's total differs from the marketplace order's by more than the threshold. */
    public static final String TOTAL_MISMATCH = "TOTAL_MISMATCH";
    /** A payout's lines do not add up to its deposit. */
    public static final String PAYOUT_MISMATCH = "PAYOUT_MISMATCH";
    /** A payout pays for an order NetSuite does not have. */
    public static final String PAYOUT_ORDER_UNKNOWN = "PAYOUT_ORDER_UNKNOWN";
    /** A payout was not posted to NetSuite (dead-lettered for another reason, or still waiting). */
    public static final String PAYOUT_NOT_POSTED = "PAYOUT_NOT_POSTED";
    /** NetSuite shipped an order but the marketplace was not told. */
    public static final String FULFILLMENT_NOT_SENT = "FULFILLMENT_NOT_SENT";
    /** A marketplace refund has no credit memo in NetSuite (held for its order, dead-lettered). */
    public static final String REFUND_NOT_POSTED = "REFUND_NOT_POSTED";

    private GapReason() {
    }
}
