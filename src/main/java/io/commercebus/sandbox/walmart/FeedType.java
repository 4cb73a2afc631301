package io.commercebus.sandbox.walmart;

/**
 * The bulk-upload feeds this sandbox takes on {@code POST /v3/feeds?feedType=...}: inventory at one
 * ship node (spec 1.4, {@code feedType=inventory}), inventory per ship node (spec 1.5,
 * {@code feedType=MP_INVENTORY}, JSON only) and prices ({@code feedType=price}). Walmart throttles
 * and sizes each feed type separately.
 */
public enum FeedType {
    INVENTORY("inventory", "AUoBAQA"),
    MULTI_NODE_INVENTORY("MP_INVENTORY", "AUoBAgA"),
    PRICE("price", "AVMBAQA");

    private final String wireName;
    private final String idSuffix;

    FeedType(String wireName, String idSuffix) {
        this.wireName = wireName;
        this.idSuffix = idSuffix;
    }

    /** The {@code feedType} on the wire, e.g. {@code MP_INVENTORY}. */
    public String wireName() {
        return wireName;
    }

    /** What follows the '@' of this type's feed ids (Walmart's look like {@code 9A4E...15C@AUoBAgA}). */
    String idSuffix() {
        return idSuffix;
    }

    boolean isInventory() {
        return this != PRICE;
    }

    /** The feed type of a {@code feedType} parameter, or null when the sandbox does not take it. */
    public static FeedType fromWire(String name) {
        for (FeedType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
