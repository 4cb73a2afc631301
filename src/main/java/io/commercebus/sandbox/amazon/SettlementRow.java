package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One amount of a financial event as a settlement report's Flat File V2 lists it: what kind of
 * transaction, which order, item and SKU, and one amount with its type and description, e.g.
 * {@code Order / ItemFees / Commission / -1.95}. Fields a row does not have are null.
 */
record SettlementRow(String transactionType, String orderId, String merchantOrderId, String adjustmentId, String shipmentId,
                     String marketplaceName, String amountType, String amountDescription, BigDecimal amount,
                     String fulfillmentId, Instant posted, String orderItemCode, String sku, Integer quantity,
                     String promotionId) {

    /** A row of an order's event (Order or Refund) for one item. */
    static SettlementRow item(String transactionType, String orderId, String adjustmentId, String shipmentId, String fulfillmentId,
                              Instant posted, String orderItemCode, String sku, Integer quantity, String amountType,
                              String amountDescription, BigDecimal amount, String promotionId) {
        return new SettlementRow(transactionType, orderId, orderId, adjustmentId, shipmentId, "Amazon.com", amountType,
                amountDescription, amount, fulfillmentId, posted, orderItemCode, sku, quantity, promotionId);
    }

    /** A row of an event of the account rather than of an order (other-transaction). */
    static SettlementRow other(String amountType, String amountDescription, BigDecimal amount, Instant posted, String sku,
                               Integer quantity) {
        return new SettlementRow("other-transaction", null, null, null, null, null, amountType, amountDescription, amount,
                null, posted, null, sku, quantity, null);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("transactionType", transactionType).put("orderId", orderId).put("merchantOrderId", merchantOrderId)
                .put("adjustmentId", adjustmentId).put("shipmentId", shipmentId).put("marketplaceName", marketplaceName)
                .put("amountType", amountType).put("amountDescription", amountDescription).put("amount", amount.toPlainString())
                .put("fulfillmentId", fulfillmentId).put("posted", posted.toString()).put("orderItemCode", orderItemCode)
                .put("sku", sku).put("quantity", quantity).put("promotionId", promotionId);
        return node;
    }

    static SettlementRow fromJson(JsonNode node) {
        return new SettlementRow(text(node, "transactionType"), text(node, "orderId"), text(node, "merchantOrderId"),
                text(node, "adjustmentId"), text(node, "shipmentId"), text(node, "marketplaceName"), text(node, "amountType"),
                text(node, "amountDescription"), new BigDecimal(node.get("amount").asText()), text(node, "fulfillmentId"),
                Instant.parse(node.get("posted").asText()), text(node, "orderItemCode"), text(node, "sku"),
                node.path("quantity").isNumber() ? node.get("quantity").asInt() : null, text(node, "promotionId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
