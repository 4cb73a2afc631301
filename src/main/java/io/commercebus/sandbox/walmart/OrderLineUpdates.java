package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the bodies of Walmart's Ship Order Lines ({@code orderShipment}) and Cancel Order Lines
 * ({@code orderCancellation}) as the Orders API reference defines them (OrderShipment, ShippingLineType,
 * ShipLineStatusType, TrackingInfoType, CarrierNameType; OrderCancellation, CancelLineType, CancelLineStatusType),
 * refusing what the reference does not allow. Whether the order's lines can take them is the purchase orders'
 * business ({@link PurchaseOrders}).
 */
final class OrderLineUpdates {

    /** CarrierNameType's {@code carrier} enumeration: a carrier outside it ships as {@code otherCarrier} with a tracking URL. */
    static final List<String> CARRIERS = List.of("UPS", "USPS", "FedEx", "Airborne", "OnTrac", "DHL Ecommerce - US", "DHL", "LS",
            "UDS", "UPSMI", "FDX", "PILOT", "ESTES", "SAIA", "FDS Express", "Seko Worldwide", "HIT Delivery", "FEDEXSP",
            "RL Carriers", "Metropolitan Warehouse & Delivery", "China Post", "YunExpress", "Yellow Freight Sys",
            "AIT Worldwide Logistics", "Chukou1", "Sendle", "Landmark Global", "Sunyou", "Yanwen", "4PX", "GLS", "OSM Worldwide",
            "FIRST MILE", "AM Trucking", "CEVA", "India Post", "SF Express", "CNE", "TForce Freight", "AxleHire", "LSO",
            "Royal Mail", "ABF Freight System", "WanB", "Roadrunner Freight", "Meyer Distribution", "AAA Cooper", "Canada Post",
            "Southeastern Freight Lines", "Japan Post", "Correos de Mexico", "XPO Logistics", "JD Logistics", "YDH", "JCEX",
            "Flyt", "Deutsche Post");
    /** TrackingInfoType's {@code methodCode}. */
    static final List<String> METHOD_CODES = List.of("Standard", "Express", "OneDay", "Freight", "WhiteGlove", "Value");
    /** CancelLineStatusType's {@code cancellationReason}. */
    static final List<String> CANCELLATION_REASONS = List.of("CUSTOMER_REQUESTED_SELLER_TO_CANCEL", "SELLER_CANCEL_PRICING_ERROR",
            "SELLER_CANCEL_OUT_OF_STOCK", "SELLER_CANCEL_FRAUD_STOP_SHIPMENT", "SELLER_CANCEL_ADDRESS_NOT_SERVICEABLE");
    /** ShippingLineType's {@code sellerOrderId}: "limit of 30 characters". */
    static final int SELLER_ORDER_ID_LENGTH = 30;

    /**
     * Some of a line shipped in one package: how many, the seller's order id, the tracking as the order will show
     * it, and the return center address when given.
     */
    record Shipment(String lineNumber, String sellerOrderId, int quantity, ObjectNode trackingInfo, JsonNode returnCenterAddress) {
    }

    /** Some of a line cancelled, and why. */
    record Cancellation(String lineNumber, int quantity, String reason) {
    }

    private OrderLineUpdates() {
    }

    /** Each {@code orderLineStatus} of {@code orderShipment.orderLines.orderLine[]}, one shipment each. */
    static List<Shipment> shipments(JsonNode body) {
        JsonNode shipment = body.path("orderShipment");
        if (shipment.hasNonNull("processMode")) {
            throw new InvalidContent("processMode", "processMode (PARTIAL_UPDATE: new tracking for lines already shipped) is not "
                    + "simulated by this sandbox");
        }
        List<Shipment> out = new ArrayList<>();
        for (JsonNode line : lines(shipment, "orderShipment")) {
            String number = lineNumber(line);
            String sellerOrderId = text(line, "sellerOrderId");
            if (sellerOrderId == null) {
                throw new InvalidContent("sellerOrderId", "Seller order id is required in line number " + number);
            }
            if (sellerOrderId.length() > SELLER_ORDER_ID_LENGTH) {
                throw new InvalidContent("sellerOrderId", "Seller order id is longer than " + SELLER_ORDER_ID_LENGTH
                        + " characters in line number " + number);
            }
            if (line.has("intentToCancelOverride") && !line.get("intentToCancelOverride").isBoolean()) {
                throw new InvalidContent("intentToCancelOverride", "intentToCancelOverride must be true or false in line number " + number);
            }
            for (JsonNode status : statuses(line, number)) {
                requireStatus(status, "Shipped", number);
                int quantity = quantity(status, number);
                JsonNode address = status.get("returnCenterAddress");
                if (address != null && !address.isNull()) {
                    returnCenterAddress(address, number);
                }
                out.add(new Shipment(number, sellerOrderId, quantity, trackingInfo(status.get("trackingInfo"), number),
                        address == null || address.isNull() ? null : address));
            }
        }
        return out;
    }

    /** Each {@code orderLineStatus} of {@code orderCancellation.orderLines.orderLine[]}. */
    static List<Cancellation> cancellations(JsonNode body) {
        List<Cancellation> out = new ArrayList<>();
        for (JsonNode line : lines(body.path("orderCancellation"), "orderCancellation")) {
            String number = lineNumber(line);
            for (JsonNode status : statuses(line, number)) {
                requireStatus(status, "Cancelled", number);
                String reason = text(status, "cancellationReason");
                if (reason == null) {
                    throw new InvalidContent("cancellationReason", "Cancellation reason is required in line number " + number);
                }
                if (!CANCELLATION_REASONS.contains(reason)) {
                    throw new InvalidContent("cancellationReason", "Cancellation reason " + reason + " is not supported in line number "
                            + number + "; use one of " + String.join(", ", CANCELLATION_REASONS));
                }
                out.add(new Cancellation(number, quantity(status, number), reason));
            }
        }
        return out;
    }

    private static JsonNode lines(JsonNode wrapper, String name) {
        JsonNode lines = wrapper.path("orderLines").path("orderLine");
        if (!lines.isArray() || lines.isEmpty()) {
            throw new InvalidContent(name, name + ".orderLines.orderLine must list at least one order line");
        }
        return lines;
    }

    private static String lineNumber(JsonNode line) {
        String number = text(line, "lineNumber");
        if (number == null) {
            throw new InvalidContent("lineNumber", "lineNumber is required for every order line");
        }
        return number;
    }

    private static JsonNode statuses(JsonNode line, String number) {
        JsonNode statuses = line.path("orderLineStatuses").path("orderLineStatus");
        if (!statuses.isArray() || statuses.isEmpty()) {
            throw new InvalidContent("orderLineStatuses", "orderLineStatuses.orderLineStatus is required in line number " + number);
        }
        return statuses;
    }

    private static void requireStatus(JsonNode status, String expected, String number) {
        if (!expected.equals(status.path("status").asText())) {
            throw new InvalidContent("status", "Status must be " + expected + " in line number " + number + ", was '"
                    + status.path("status").asText() + "'");
        }
    }

    /** QuantityType: EACH (or EA) and a whole number above 0, written as a string (a JSON number is taken too). */
    private static int quantity(JsonNode status, String number) {
        JsonNode quantity = status.path("statusQuantity");
        String unit = quantity.path("unitOfMeasurement").asText("");
        if (!unit.equals("EACH") && !unit.equals("EA")) {
            throw new InvalidContent("unitOfMeasurement", "Unit of measurement must be EACH or EA in line number " + number
                    + ", was '" + unit + "'");
        }
        JsonNode amount = quantity.path("amount");
        String text = amount.isTextual() || amount.isIntegralNumber() ? amount.asText().trim() : "";
        if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) == 0) {
            throw new InvalidContent("statusQuantity", "Quantity must be a whole number above 0 in line number " + number);
        }
        return Integer.parseInt(text);
    }

    /**
     * TrackingInfoType: {@code shipDateTime} (epoch milliseconds), {@code carrierName} with a listed {@code carrier} or
     * an {@code otherCarrier} (then {@code trackingURL} is required), {@code methodCode}, {@code trackingNumber} and the
     * optional {@code trackingURL}; answered as the order will show it.
     */
    private static ObjectNode trackingInfo(JsonNode tracking, String number) {
        if (tracking == null || !tracking.isObject()) {
            throw new InvalidContent("trackingInfo", "Tracking info is required in line number " + number);
        }
        JsonNode shipDateTime = tracking.path("shipDateTime");
        String when = shipDateTime.isIntegralNumber() || shipDateTime.isTextual() ? shipDateTime.asText().trim() : "";
        if (!when.matches("[0-9]{1,15}")) {
            throw new InvalidContent("shipDateTime", "Ship date time must be epoch milliseconds in line number " + number);
        }
        JsonNode carrierName = tracking.path("carrierName");
        String carrier = text(carrierName, "carrier");
        String otherCarrier = text(carrierName, "otherCarrier");
        String url = text(tracking, "trackingURL");
        if (carrier == null && otherCarrier == null || carrier != null && otherCarrier != null) {
            throw new InvalidContent("carrierName", "Carrier name needs either carrier or otherCarrier in line number " + number);
        }
        if (carrier != null && !CARRIERS.contains(carrier)) {
            throw new InvalidContent("carrier", "Carrier name is not supported in line number " + number
                    + "; use otherCarrier (with a trackingURL) for a carrier Walmart does not list");
        }
        if (otherCarrier != null && url == null) {
            throw new InvalidContent("trackingURL", "Tracking URL is required with otherCarrier in line number " + number);
        }
        String methodCode = tracking.path("methodCode").asText("");
        if (!METHOD_CODES.contains(methodCode)) {
            throw new InvalidContent("methodCode", "Method code is not supported in line number " + number);
        }
        String trackingNumber = text(tracking, "trackingNumber");
        if (trackingNumber == null) {
            throw new InvalidContent("trackingNumber", "Tracking number is required in line number " + number);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("shipDateTime", Long.parseLong(when));
        out.putObject("carrierName").put(carrier != null ? "carrier" : "otherCarrier", carrier != null ? carrier : otherCarrier);
        out.put("methodCode", methodCode);
        out.put("trackingNumber", trackingNumber);
        if (url != null) {
            out.put("trackingURL", url);
        }
        return out;
    }

    /** ReturnCenterAddressType: address1, city, state, postalCode and country are required. */
    private static void returnCenterAddress(JsonNode address, String number) {
        for (String field : List.of("address1", "city", "state", "postalCode", "country")) {
            if (text(address, field) == null) {
                throw new InvalidContent(field, "Return center address needs " + field + " in line number " + number);
            }
        }
    }

    /** A non-blank string (a number is taken as its text); null when absent or blank. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() && !value.isNumber()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }
}
