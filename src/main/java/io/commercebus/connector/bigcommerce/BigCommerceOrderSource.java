package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BigCommerce orders as reconciliation reads them: the orders created in a period ({@code GET /v2/orders}
 * by creation date, every page), each with what the buyer was charged ({@code total_inc_tax}, the order
 * mapping's charged total) and whether the bus sends it to NetSuite. The order mapping sends every
 * status but Cancelled (5), which closes the Sales Order of an order imported before and leaves out one
 * that was not ({@code cancelled-order-to-closed-sales-order.yaml}).
 */
public class BigCommerceOrderSource implements OrderSource {

    private final Map<String, BigCommerceClient> clients;

    public BigCommerceOrderSource(Map<String, BigCommerceClient> clients) {
        this.clients = clients;
    }

    @Override
    public String marketplace() {
        return BigCommerceSetup.MARKETPLACE;
    }

    @Override
    public List<MarketplaceOrder> ordersCreated(String store, Instant from, Instant to) {
        List<MarketplaceOrder> out = new ArrayList<>();
        for (JsonNode order : client(store).ordersCreated(from, to)) {
            MarketplaceOrder o = order(order);
            // the API filters to the second and both ends inclusive; the period is [from, to)
            if (!o.createdAt().isBefore(from) && o.createdAt().isBefore(to)) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public Optional<MarketplaceOrder> order(String store, String id) {
        return client(store).order(id).map(BigCommerceOrderSource::order);
    }

    @Override
    public String externalIdPrefix(String store) {
        return "BC-" + store + "-";
    }

    static MarketplaceOrder order(JsonNode order) {
        int status = order.path("status_id").asInt();
        return new MarketplaceOrder(order.path("id").asText(), BigCommerceClient.parseDate(order.path("date_created").asText()),
                order.path("status").asText(Integer.toString(status)), status != BigCommerceOrders.CANCELLED,
                order.path("currency_code").asText(null), new BigDecimal(order.path("total_inc_tax").asText("0")));
    }

    private BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
