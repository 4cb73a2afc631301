package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The filters and paging of {@code GET /v3/orders} and {@code GET /v3/orders/released}, read from the
 * query string, and the {@code nextCursor} that continues them. Like Walmart's, the cursor is itself a
 * query string ({@code ?limit=..&hasMoreElements=true&soIndex=..&poIndex=..&createdStartDate=..}) that
 * the client appends to the same path; {@code poIndex} is the offset of the next page. The cursor
 * pins {@code createdEndDate}, so orders placed meanwhile do not shift the pages.
 *
 * @param released only orders with a line in status Created (the released-orders endpoint)
 * @param status   for all orders: only orders with a line in this status (null: any)
 */
record OrderQuery(boolean released, Instant createdStart, Instant createdEnd, Instant modifiedStart, Instant modifiedEnd,
                  ShipNodeType shipNodeType, String status, String purchaseOrderId, String customerOrderId, String sku,
                  int limit, int offset) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 200;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    static OrderQuery parse(boolean released, Function<String, String> params, Instant now) {
        Instant end = date(params, "createdEndDate", now);
        Instant start = date(params, "createdStartDate", now.minus(DEFAULT_WINDOW));
        String status = params.apply("status");
        if (status != null && !released && !PurchaseOrders.LINE_STATUSES.contains(status)) {
            throw new InvalidParameter("status", "status must be one of " + PurchaseOrders.LINE_STATUSES + ", was '" + status + "'");
        }
        ShipNodeType node;
        try {
            node = ShipNodeType.fromWire(params.apply("shipNodeType") == null ? "SellerFulfilled" : params.apply("shipNodeType"));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("shipNodeType", e.getMessage());
        }
        int limit = number(params, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        int offset = number(params, "poIndex", 0);
        if (offset < 0) {
            throw new InvalidParameter("poIndex", "poIndex must not be negative, was " + offset);
        }
        return new OrderQuery(released, start, end, date(params, "lastModifiedStartDate", null),
                date(params, "lastModifiedEndDate", null), node, released ? null : status, params.apply("purchaseOrderId"),
                params.apply("customerOrderId"), params.apply("sku"), limit, offset);
    }

    /** The parameters of a cursor a client passed as {@code nextCursor=...} rather than appending it. */
    static Function<String, String> cursorParameters(String cursor) {
        Map<String, String> params = new HashMap<>();
        for (String pair : cursor.replaceFirst("^\\?", "").split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params::get;
    }

    boolean matches(JsonNode order, Instant modified) {
        Instant created = Instant.ofEpochMilli(order.get("orderDate").asLong());
        return !created.isBefore(createdStart) && !created.isAfter(createdEnd)
                && (modifiedStart == null || !modified.isBefore(modifiedStart))
                && (modifiedEnd == null || !modified.isAfter(modifiedEnd))
                && shipNodeType.wireName().equals(order.path("shipNode").path("type").asText())
                && (!released || PurchaseOrders.hasLineIn(order, "Created"))
                && (status == null || PurchaseOrders.hasLineIn(order, status))
                && (purchaseOrderId == null || purchaseOrderId.equals(order.get("purchaseOrderId").asText()))
                && (customerOrderId == null || customerOrderId.equals(order.get("customerOrderId").asText()))
                && (sku == null || PurchaseOrders.hasSku(order, sku));
    }

    /** The cursor of the page after this one, or null when this page is the last of {@code total}. */
    String nextCursor(int total) {
        if (offset + limit >= total) {
            return null;
        }
        StringBuilder cursor = new StringBuilder("?limit=").append(limit).append("&hasMoreElements=true&soIndex=").append(total)
                .append("&poIndex=").append(offset + limit)
                .append("&createdStartDate=").append(createdStart).append("&createdEndDate=").append(createdEnd)
                .append("&shipNodeType=").append(shipNodeType.wireName());
        append(cursor, "lastModifiedStartDate", modifiedStart);
        append(cursor, "lastModifiedEndDate", modifiedEnd);
        append(cursor, "status", status);
        append(cursor, "purchaseOrderId", purchaseOrderId);
        append(cursor, "customerOrderId", customerOrderId);
        append(cursor, "sku", sku);
        return cursor.toString();
    }

    private static void append(StringBuilder cursor, String name, Object value) {
        if (value != null) {
            cursor.append('&').append(name).append('=').append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    /** Walmart takes yyyy-MM-dd (UTC midnight) or an ISO 8601 timestamp. */
    private static Instant date(Function<String, String> params, String name, Instant fallback) {
        String value = params.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, name + " must be yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ssZ, was '" + value + "'");
        }
    }

    private static int number(Function<String, String> params, String name, int fallback) {
        String value = params.apply(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name, name + " must be a number, was '" + value + "'");
        }
    }
}
