package io.commercebus.catalog;

/** A store that NetSuite publishes something to (stock, prices, products). */
public interface StoreRef {

    String store();

    String marketplace();
}
