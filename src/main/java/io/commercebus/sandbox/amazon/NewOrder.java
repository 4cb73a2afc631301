package io.commercebus.sandbox.amazon;

import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An order as a buyer places it on amazon.com, for {@link AmazonSandbox#placeOrder}. Start from
 * {@link AmazonSandbox#demoOrder()} and change what a test needs with the {@code with...} methods.
 *
 * @param fulfillmentChannel {@code AFN} (Fulfilled by Amazon) or {@code MFN} (by the seller)
 * @param status             the order's first status, normally {@code Pending}
 * @param taxRate            the sales tax rate of the ship-to address, applied to every charge and discount
 */
public record NewOrder(String fulfillmentChannel, String status, Buyer buyer, ShipTo shipTo, List<Line> lines,
                       String shipServiceLevel, BigDecimal taxRate) {

    public NewOrder {
        Objects.requireNonNull(fulfillmentChannel, "fulfillmentChannel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(shipTo, "shipTo");
        Objects.requireNonNull(shipServiceLevel, "shipServiceLevel");
        Objects.requireNonNull(taxRate, "taxRate");
        lines = List.copyOf(lines);
    }

    /** Who buys: Amazon's relay address for the buyer and, when Amazon shares it, the buyer's name. */
    public record Buyer(String email, String name) {
    }

    /** Where the order goes, in the United States. */
    public record ShipTo(String name, String addressLine1, String city, String stateOrRegion, String postalCode,
                         String phone) {
    }

    /**
     * One order item: a SKU, its unit price and quantity, the shipping charged for it, and the
     * promotions that reduce the item price or the shipping.
     */
    public record Line(String sku, String title, BigDecimal unitPrice, int quantity, BigDecimal shippingPrice,
                       BigDecimal promotionDiscount, BigDecimal shippingDiscount, List<String> promotionIds) {

        /** A product of the shared demo catalogue, at its catalogue price. */
        public static Line of(String sku, int quantity) {
            SandboxCatalog.Product product = SandboxCatalog.PRODUCTS.stream().filter(p -> p.sku().equals(sku)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("SKU " + sku + " is not in the demo catalogue"));
            return custom(sku, product.name(), product.price(), quantity);
        }

        /** Any SKU, e.g. one the NetSuite account has no item for. */
        public static Line custom(String sku, String title, BigDecimal unitPrice, int quantity) {
            return new Line(sku, title, unitPrice, quantity, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, List.of());
        }

        public Line withShipping(BigDecimal price) {
            return new Line(sku, title, unitPrice, quantity, price, promotionDiscount, shippingDiscount, promotionIds);
        }

        /** A promotion taking {@code discount} off the item price. */
        public Line withPromotion(String promotionId, BigDecimal discount) {
            return new Line(sku, title, unitPrice, quantity, shippingPrice, discount, shippingDiscount, plus(promotionId));
        }

        /** A promotion waiving the shipping charge. */
        public Line withFreeShipping(String promotionId) {
            return new Line(sku, title, unitPrice, quantity, shippingPrice, promotionDiscount, shippingPrice, plus(promotionId));
        }

        private List<String> plus(String promotionId) {
            List<String> ids = new ArrayList<>(promotionIds);
            ids.add(promotionId);
            return List.copyOf(ids);
        }
    }

    public NewOrder withChannel(String channel) {
        return new NewOrder(channel, status, buyer, shipTo, lines, shipServiceLevel, taxRate);
    }

    public NewOrder withStatus(String firstStatus) {
        return new NewOrder(fulfillmentChannel, firstStatus, buyer, shipTo, lines, shipServiceLevel, taxRate);
    }

    public NewOrder withBuyerEmail(String email) {
        return new NewOrder(fulfillmentChannel, status, new Buyer(email, buyer.name()), shipTo, lines, shipServiceLevel, taxRate);
    }

    public NewOrder withLines(List<Line> items) {
        return new NewOrder(fulfillmentChannel, status, buyer, shipTo, items, shipServiceLevel, taxRate);
    }

    public NewOrder withTaxRate(BigDecimal rate) {
        return new NewOrder(fulfillmentChannel, status, buyer, shipTo, lines, shipServiceLevel, rate);
    }
}
