package io.commercebus.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Walmart seller's orders for reconciliation, seller-fulfilled and WFS, read as the order mappings read
 * them. A line counts unless its first status is Cancelled; an order is expected in NetSuite when one line
 * counts, and a WFS order (a Cash Sale) only once none of those is still Created or Acknowledged, i.e.
 * Walmart shipped it. Walmart's orders carry no total: what the buyer was charged is the sum of the
 * counted lines' charges and their taxes.
 */
public class WalmartOrderSource implements OrderSource {

    static final List<String> SHIP_NODE_TYPES = List.of("SellerFulfilled", "WFSFulfilled");

    private final Map<String, WalmartClient> clients;

    public WalmartOrderSource(Map<String, WalmartClient> clients) {
        this.clients = clients;
    }

    @Override
    public String marketplace() {
        return WalmartSetup.MARKETPLACE;
    }

    @Override
    public List<MarketplaceOrder> ordersCreated(String store, Instant from, Instant to) {
        WalmartClient client = WalmartOrders.client(clients, store);
        List<MarketplaceOrder> out = new ArrayList<>();
        for (String shipNodeType : SHIP_NODE_TYPES) {
            for (JsonNode order : client.ordersCreated(from, to, shipNodeType)) {
                MarketplaceOrder o = order(order);
                if (!o.createdAt().isBefore(from) && o.createdAt().isBefore(to)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<MarketplaceOrder> order(String store, String id) {
        return Optional.ofNullable(WalmartOrders.client(clients, store).order(id)).map(WalmartOrderSource::order);
    }

    @Override
    public String externalIdPrefix(String store) {
        return "WMT-" + store + "-";
    }

    static MarketplaceOrder order(JsonNode order) {
        List<JsonNode> counted = new ArrayList<>();
        Set<String> statuses = new LinkedHashSet<>();
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            JsonNode lineStatuses = line.path("orderLineStatuses").path("orderLineStatus");
            lineStatuses.forEach(s -> statuses.add(s.path("status").asText()));
            if (!"Cancelled".equals(lineStatuses.path(0).path("status").asText())) {
                counted.add(line);
            }
        }
        boolean wfs = "WFSFulfilled".equals(order.path("shipNode").path("type").asText());
        boolean unshipped = counted.stream().anyMatch(line -> List.of("Created", "Acknowledged")
                .contains(line.path("orderLineStatuses").path("orderLineStatus").path(0).path("status").asText()));
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode line : counted) {
            for (JsonNode charge : line.path("charges").path("charge")) {
                total = total.add(charge.path("chargeAmount").path("amount").decimalValue())
                        .add(charge.path("tax").path("taxAmount").path("amount").decimalValue());
            }
        }
        return new MarketplaceOrder(order.path("purchaseOrderId").asText(), Instant.ofEpochMilli(order.path("orderDate").asLong()),
                String.join(",", statuses), !counted.isEmpty() && !(wfs && unshipped),
                order.path("orderLines").path("orderLine").path(0).path("charges").path("charge").path(0).path("chargeAmount")
                        .path("currency").asText(), total);
    }
}
