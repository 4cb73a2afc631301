package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The order and shipment webhooks the store fires, each with the {@code data} BigCommerce gives it
 * (webhooks_events.yml and the sample payloads beside it): {@code {"type":"order","id"}}, plus
 * {@code status} for a status change, {@code refund} for a refund, and {@code {"type":"shipment","id","orderId"}}
 * for shipments.
 */
final class OrderEvents {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final WebhookSender sender;

    OrderEvents(WebhookSender sender) {
        this.sender = sender;
    }

    void created(int orderId) {
        sender.publish("store/order/created", order(orderId));
    }

    /** {@code store/order/updated}, and {@code store/order/statusUpdated} when the status moved. */
    void changed(OrderBook.Change change) {
        sender.publish("store/order/updated", order(change.orderId()));
        if (change.statusChanged()) {
            ObjectNode data = order(change.orderId());
            data.putObject("status").put("previous_status_id", change.previousStatus()).put("new_status_id", change.status());
            sender.publish("store/order/statusUpdated", data);
        }
    }

    /** {@code store/shipment/created}, {@code /updated} or {@code /deleted}. */
    void shipment(String action, int shipmentId, int orderId) {
        sender.publish("store/shipment/" + action, nodes.objectNode().put("type", "shipment").put("id", shipmentId).put("orderId", orderId));
    }

    void refundCreated(int orderId, int refundId) {
        ObjectNode data = order(orderId);
        data.putObject("refund").put("refund_id", refundId);
        sender.publish("store/order/refund/created", data);
    }

    private ObjectNode order(int orderId) {
        return nodes.objectNode().put("type", "order").put("id", orderId);
    }
}
