package io.commercebus.sandbox;

import java.math.BigDecimal;
import java.util.List;

/**
 * The demo catalogue both sandboxes share: the BigCommerce store sells these SKUs and the NetSuite
 * account has an item for each, so demo orders flow end to end. Special items carry what is not a
 * product (tax, discounts, rounding, gift wrap, shipping, refunds not tied to goods), named as the
 * demo store's settings expect.
 */
public final class SandboxCatalog {

    /**
     * A product of the demo store.
     *
     * @param upc      its UPC-A barcode (12 digits, valid check digit), the NetSuite item's {@code upcCode}
     * @param category its merchandise category, the NetSuite item's class (see {@link #CATEGORIES})
     */
    public record Product(int id, String sku, String name, BigDecimal price, String upc, String category) {

        /** A product without barcode or category. */
        public Product(int id, String sku, String name, BigDecimal price) {
            this(id, sku, name, price, null, null);
        }
    }

    /** The merchandise categories of the demo products, in the order NetSuite numbers their classes. */
    public static final List<String> CATEGORIES = List.of("Drinkware", "Wall Art", "Apparel", "Accessories");

    public static final List<Product> PRODUCTS = List.of(
            new Product(77, "MUG-11OZ", "Coffee Mug 11oz", new BigDecimal("12.99"), "081234500771", "Drinkware"),
            new Product(78, "MUG-15OZ", "Coffee Mug 15oz", new BigDecimal("14.99"), "081234500788", "Drinkware"),
            new Product(81, "POSTER-A2", "Poster A2", new BigDecimal("49.99"), "081234500818", "Wall Art"),
            new Product(82, "POSTER-A3", "Poster A3", new BigDecimal("29.99"), "081234500825", "Wall Art"),
            new Product(90, "TEE-M-BLK", "T-Shirt M Black", new BigDecimal("19.95"), "081234500900", "Apparel"),
            new Product(91, "TEE-L-BLK", "T-Shirt L Black", new BigDecimal("19.95"), "081234500917", "Apparel"),
            new Product(92, "TEE-M-WHT", "T-Shirt M White", new BigDecimal("19.95"), "081234500924", "Apparel"),
            new Product(95, "HOODIE-L", "Hoodie L", new BigDecimal("54.50"), "081234500955", "Apparel"),
            new Product(96, "CAP-ONE", "Cap one size", new BigDecimal("17.25"), "081234500962", "Accessories"),
            new Product(97, "SOCKS-3PK", "Socks 3-pack", new BigDecimal("9.99"), "081234500979", "Accessories"));

    /** Non-product items: NetSuite item id (itemId) and its record type. */
    public record SpecialItem(String itemId, String recordType, String displayName) {
    }

    public static final List<SpecialItem> SPECIAL_ITEMS = List.of(
            new SpecialItem("SALES-TAX", "otherChargeSaleItem", "Marketplace sales tax"),
            new SpecialItem("BC-DISCOUNT", "discountItem", "Marketplace discount"),
            new SpecialItem("BC-ROUNDING", "otherChargeSaleItem", "Rounding adjustment"),
            new SpecialItem("GIFT-WRAP", "otherChargeSaleItem", "Gift wrapping"),
            new SpecialItem("SHIPPING", "otherChargeSaleItem", "Shipping"),
            new SpecialItem("REFUND-ADJUSTMENT", "otherChargeSaleItem", "Refund not tied to goods (goodwill)"));

    private SandboxCatalog() {
    }
}
