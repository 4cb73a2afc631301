package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.reconciliation.OrderSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon's orders for reconciliation: those placed in a period (getOrders by CreatedAfter and
 * CreatedBefore, every page, within getOrders' usage plan), each with what the buyer was charged
 * ({@code OrderTotal}) and whether the bus sends it to NetSuite, as the order mappings decide:
 * seller-fulfilled orders once paid and unless cancelled, Amazon-fulfilled ones once Amazon shipped them.
 */
public class AmazonOrderSource implements OrderSource {

    /** Seller-fulfilled orders the Sales Order mapping leaves out: unpaid, or cancelled (before import). */
    private static final Set<String> MFN_NOT_SENT = Set.of("PendingAvailability", "Pending", "Canceled");

    private final AmazonClients clients;

    public AmazonOrderSource(AmazonClients clients) {
        this.clients = clients;
    }

    @Override
    public String marketplace() {
        return AmazonSetup.MARKETPLACE;
    }

    @Override
    public List<MarketplaceOrder> ordersCreated(String store, Instant from, Instant to) {
        return clients.of(store).ordersCreated(from, to).stream().map(AmazonOrderSource::order).toList();
    }

    @Override
    public Optional<MarketplaceOrder> order(String store, String id) {
        return clients.of(store).order(id).map(AmazonOrderSource::order);
    }

    @Override
    public String externalIdPrefix(String store) {
        return "AMZ-" + store + "-";
    }

    static MarketplaceOrder order(JsonNode order) {
        String status = order.path("OrderStatus").asText();
        JsonNode total = order.path("OrderTotal");
        // a pending order shows no total yet
        return new MarketplaceOrder(order.path("AmazonOrderId").asText(), Instant.parse(order.path("PurchaseDate").asText()),
                status, expectedInNetSuite(order.path("FulfillmentChannel").asText(), status), total.path("CurrencyCode").asText(null),
                total.has("Amount") ? new BigDecimal(total.path("Amount").asText()) : BigDecimal.ZERO);
    }

    /** Mirrors the skip rules of order-to-sales-order.yaml and fba-order-to-cash-sale.yaml. */
    static boolean expectedInNetSuite(String channel, String status) {
        return "AFN".equals(channel) ? "Shipped".equals(status) : !MFN_NOT_SENT.contains(status);
    }
}
