package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of confirmShipment (Orders API v0 ConfirmShipmentRequest), checked as Amazon checks it:
 * the seller's marketplace, a package reference that is a positive number, a carrier code, a
 * tracking number, an ISO 8601 ship date and at least one order item with a positive quantity.
 *
 * @param quantities units per OrderItemId, in the request's order (an item named twice is summed)
 * @param body       the package detail as sent, kept with the order
 */
record ShipmentConfirmation(String packageReferenceId, Map<String, Integer> quantities, ObjectNode body) {

    /** Reads a request body; IllegalArgumentException (400 InvalidInput) says what is wrong. */
    static ShipmentConfirmation parse(JsonNode request, String marketplaceId) {
        JsonNode marketplace = request.get("marketplaceId");
        if (marketplace == null || !marketplace.isTextual()) {
            throw new IllegalArgumentException("marketplaceId is required.");
        }
        if (!marketplace.asText().equals(marketplaceId)) {
            throw new IllegalArgumentException("Invalid marketplaceId: the seller sells in " + marketplaceId + " only, not "
                    + marketplace.asText() + ".");
        }
        if (request.has("codCollectionMethod")) {
            throw new IllegalArgumentException("codCollectionMethod is only supported in the JP marketplace.");
        }
        JsonNode detail = request.get("packageDetail");
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("packageDetail is required.");
        }
        String reference = text(detail, "packageReferenceId", true);
        if (!reference.matches("0*[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("PackageReferenceId: is invalid, must be a positive numeric value.");
        }
        text(detail, "carrierCode", true);
        text(detail, "trackingNumber", true);
        if ("Other".equals(detail.get("carrierCode").asText()) && text(detail, "carrierName", false) == null) {
            throw new IllegalArgumentException("carrierName is required when carrierCode is Other.");
        }
        String shipDate = text(detail, "shipDate", true);
        try {
            OffsetDateTime.parse(shipDate);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid shipDate: " + shipDate + " is not an ISO 8601 date-time.");
        }
        for (String optional : new String[] {"carrierName", "shippingMethod", "shipFromSupplySourceId"}) {
            text(detail, optional, false);
        }
        JsonNode items = detail.get("orderItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw new IllegalArgumentException("packageDetail.orderItems needs at least one order item.");
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String orderItemId = text(item, "orderItemId", true);
            JsonNode quantity = item.get("quantity");
            if (quantity == null || !quantity.canConvertToInt() || !quantity.isIntegralNumber() || quantity.asInt() < 1) {
                throw new IllegalArgumentException("The quantity of OrderItemId " + orderItemId + " must be a whole number of at least 1.");
            }
            JsonNode codes = item.get("transparencyCodes");
            if (codes != null && (!codes.isArray() || !allText(codes))) {
                throw new IllegalArgumentException("transparencyCodes must be a list of strings.");
            }
            quantities.merge(orderItemId, quantity.asInt(), Integer::sum);
        }
        return new ShipmentConfirmation(String.valueOf(Long.parseLong(reference)), quantities, detail.deepCopy());
    }

    /** The units per OrderItemId of a package as stored. */
    static Map<String, Integer> quantities(JsonNode stored) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        stored.get("orderItems").forEach(item -> quantities.merge(item.get("orderItemId").asText(), item.get("quantity").asInt(),
                Integer::sum));
        return quantities;
    }

    /** The package as the order keeps it: the detail sent, its normalised reference and when it was confirmed. */
    ObjectNode toJson(Instant confirmedAt) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.setAll(body);
        stored.put("packageReferenceId", packageReferenceId);
        stored.put("confirmedAt", confirmedAt.toString());
        return stored;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required.");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw new IllegalArgumentException("The input you have submitted is not valid. Please check the fields with invalid type ["
                    + field + "].");
        }
        return value.asText();
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode value : array) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
