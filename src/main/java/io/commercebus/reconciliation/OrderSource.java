package io.commercebus.reconciliation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A marketplace's orders, as its connector reads them for reconciliation. */
public interface OrderSource {

    /** The marketplace's name, as stores use it in {@code bus.store.<id>.marketplace}. */
    String marketplace();

    /** The store's orders created in [from, to), every page. */
    List<MarketplaceOrder> ordersCreated(String store, Instant from, Instant to);

    /** One order by its id, or empty when the marketplace has none. */
    Optional<MarketplaceOrder> order(String store, String id);

    /** How the store's mappings start the external ids of its NetSuite transactions (e.g. {@code BC-demo-}). */
    String externalIdPrefix(String store);
}
