package io.commercebus.sandbox.walmart;

/**
 * Who ships a purchase order, as Walmart's {@code shipNode.type} and {@code shipNodeType} query
 * parameter name it. Only seller-fulfilled (and 3PL) orders wait in the released list for the
 * seller's acknowledgement; Walmart acknowledges WFS orders itself, as Amazon does FBA orders.
 */
public enum ShipNodeType {
    SELLER_FULFILLED("SellerFulfilled"),
    WFS_FULFILLED("WFSFulfilled"),
    THREE_PL_FULFILLED("3PLFulfilled");

    private final String wireName;

    ShipNodeType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code WFSFulfilled}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the seller acknowledges (and ships) the order, rather than Walmart. */
    public boolean sellerAcknowledges() {
        return this != WFS_FULFILLED;
    }

    public static ShipNodeType fromWire(String name) {
        for (ShipNodeType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("shipNodeType must be SellerFulfilled, WFSFulfilled or 3PLFulfilled, was '" + name + "'");
    }
}
