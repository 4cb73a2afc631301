package io.commercebus.sandbox.walmart;

import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a buyer bought on Walmart.com, before Walmart turns it into a purchase order: who ships it,
 * the buyer's relay e-mail, ship-to address and shipping method, and the items with their shipping
 * charges. Sales tax is not part of it: Walmart computes it from the ship-to state.
 *
 * @param shipNode      who fulfils the order
 * @param customerEmail the {@code customerEmailId}; Walmart gives sellers a relay address per buyer
 * @param methodCode    Value, Standard, Express or OneDay
 */
public record Purchase(ShipNodeType shipNode, String customerEmail, String methodCode, ShipTo shipTo, List<Item> items) {

    public Purchase {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("a purchase needs at least one item");
        }
        items = List.copyOf(items);
    }

    /**
     * One order line.
     *
     * @param unitPrice the item's price; the line's PRODUCT charge is unitPrice × quantity
     * @param shipping  the line's SHIPPING charge (zero: the line has none)
     */
    public record Item(String sku, String productName, BigDecimal unitPrice, int quantity, BigDecimal shipping) {

        /** A line of a catalogue product at its list price, shipped free. */
        public static Item of(String sku, int quantity) {
            SandboxCatalog.Product product = SandboxCatalog.PRODUCTS.stream().filter(p -> p.sku().equals(sku)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no catalogue product with SKU " + sku));
            return new Item(product.sku(), product.name(), product.price(), quantity, BigDecimal.ZERO);
        }

        public Item withShipping(BigDecimal amount) {
            return new Item(sku, productName, unitPrice, quantity, amount);
        }
    }

    /** The buyer's shipping address and phone, as {@code shippingInfo} carries them. */
    public record ShipTo(String name, String address1, String address2, String city, String state, String postalCode,
                         String phone, String addressType) {
    }

    public Purchase fulfilledBy(ShipNodeType node) {
        return new Purchase(node, customerEmail, methodCode, shipTo, items);
    }

    public Purchase withCustomerEmail(String email) {
        return new Purchase(shipNode, email, methodCode, shipTo, items);
    }

    public Purchase withItems(Item... lines) {
        return new Purchase(shipNode, customerEmail, methodCode, shipTo, List.of(lines));
    }
}
