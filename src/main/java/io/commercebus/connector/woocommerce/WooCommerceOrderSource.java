package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.config.StoreSettings;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WooCommerce store's orders for reconciliation. What the buyer was charged is the order's
 * {@code total} (the Sales Order adds up to it); an order is expected in NetSuite exactly when the
 * order mapping sends it: its status is one of the store's {@code statuses}, or it is {@code refunded}
 * after it was paid (its Sales Order stands, the refunds are credit memos).
 */
public class WooCommerceOrderSource implements OrderSource {

    static final String DEFAULT_STATUSES = "processing,completed";

    private final Map<String, WooCommerceClient> clients;
    private final StoreSettings stores;

    public WooCommerceOrderSource(Map<String, WooCommerceClient> clients, StoreSettings stores) {
        this.clients = clients;
        this.stores = stores;
    }

    @Override
    public String marketplace() {
        return WooCommerceSetup.MARKETPLACE;
    }

    @Override
    public List<MarketplaceOrder> ordersCreated(String store, Instant from, Instant to) {
        List<MarketplaceOrder> out = new ArrayList<>();
        for (JsonNode order : client(store).ordersCreated(from, to)) {
            MarketplaceOrder o = order(store, order);
            if (!o.createdAt().isBefore(from) && o.createdAt().isBefore(to)) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public Optional<MarketplaceOrder> order(String store, String id) {
        try {
            return Optional.of(order(store, client(store).call("GET", "/orders/" + id, null)));
        } catch (WooCommerceRefusal e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String externalIdPrefix(String store) {
        return "WOO-" + store + "-";
    }

    private MarketplaceOrder order(String store, JsonNode order) {
        String status = order.path("status").asText();
        return new MarketplaceOrder(order.path("id").asText(), WooCommerceClient.parseGmt(order.path("date_created_gmt").asText()),
                status, expected(store, status, order), order.path("currency").asText(), new BigDecimal(order.path("total").asText("0")));
    }

    /** As order-to-sales-order.yaml's skip rule; a cancelled order is never expected (it is closed, or was never sent). */
    private boolean expected(String store, String status, JsonNode order) {
        String statuses = stores.get(store, "statuses");
        List<String> sent = Arrays.stream((statuses == null ? DEFAULT_STATUSES : statuses).split(",")).map(String::trim).toList();
        return !status.equals("cancelled") && (sent.contains(status)
                || status.equals("refunded") && !order.path("date_paid_gmt").asText("").isEmpty());
    }

    private WooCommerceClient client(String store) {
        WooCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No WooCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
