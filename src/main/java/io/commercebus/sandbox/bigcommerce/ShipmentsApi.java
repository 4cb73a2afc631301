package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.Call;
import io.commercebus.sandbox.bigcommerce.Api.Reply;
import io.commercebus.sandbox.bigcommerce.OrderBook.StoredOrder;

import java.util.List;
import java.util.Map;

/**
 * The order shipments operations of orders v2, and the webhooks they fire: {@code store/shipment/created},
 * {@code /updated}, {@code /deleted}, and {@code store/order/updated} (with {@code statusUpdated} when the
 * order's status moves) for a shipment created or deleted. Each runs under the order book's lock.
 */
final class ShipmentsApi {

    static final String SHIPMENTS = "/v2/orders/{order_id}/shipments";
    static final String SHIPMENT = SHIPMENTS + "/{shipment_id}";

    private final OrderBook orders;
    private final Shipments shipments;
    private final OrderEvents events;

    ShipmentsApi(OrderBook orders, Shipments shipments, OrderEvents events) {
        this.orders = orders;
        this.shipments = shipments;
        this.events = events;
    }

    void register(Api.Routes all) {
        all.lockedOn(orders)
                .add("GET", SHIPMENTS, c -> Api.v2Page(c, shipments.of(order(c).id())))
                .add("POST", SHIPMENTS, c -> Reply.of(201, create(order(c).id(), c.json()).deepCopy()))
                .add("DELETE", SHIPMENTS, c -> {
                    delete(order(c), null);
                    return Reply.noContent();
                })
                .add("GET", SHIPMENTS + "/count", c -> Reply.ok(Map.of("count", shipments.of(order(c).id()).size())))
                .add("GET", SHIPMENT, c -> Reply.ok(shipments.require(order(c).id(), c.v2Id("shipment_id")).deepCopy()))
                .add("PUT", SHIPMENT, c -> {
                    ObjectNode shipment = shipments.update(order(c), c.v2Id("shipment_id"), c.json());
                    events.shipment("updated", shipment.get("id").asInt(), shipment.get("order_id").asInt());
                    return Reply.ok(shipment.deepCopy());
                })
                .add("DELETE", SHIPMENT, c -> {
                    delete(order(c), c.v2Id("shipment_id"));
                    return Reply.noContent();
                });
    }

    /** Creates a shipment as {@code POST /v2/orders/{order_id}/shipments} does and fires its webhooks; the shipment. */
    ObjectNode create(int orderId, JsonNode body) {
        synchronized (orders) {
            Shipments.Result result = shipments.create(orders.get(orderId).orElseThrow(Api::v2NotFound), body);
            events.shipment("created", result.shipment().get("id").asInt(), orderId);
            events.changed(result.change());
            return result.shipment();
        }
    }

    /** The order's shipments as {@code GET /v2/orders/{order_id}/shipments} lists them, as copies. */
    List<ObjectNode> of(int orderId) {
        synchronized (orders) {
            orders.get(orderId).orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
            return shipments.of(orderId).stream().map(ObjectNode::deepCopy).toList();
        }
    }

    private void delete(StoredOrder order, Integer shipmentId) {
        List<ObjectNode> gone = shipments.delete(order, shipmentId);
        gone.forEach(s -> events.shipment("deleted", s.get("id").asInt(), order.id()));
        if (!gone.isEmpty()) {
            events.changed(new OrderBook.Change(order.id(), order.status(), order.status()));
        }
    }

    private StoredOrder order(Call c) {
        return orders.get(c.v2Id("order_id")).orElseThrow(Api::v2NotFound);
    }
}
