package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filter of a {@code getOrders} request, validated as SP-API does, and its paging. The query
 * selects by creation ({@code CreatedAfter}) or by last update ({@code LastUpdatedAfter}); its upper
 * bound is fixed when the first page is asked for, and a {@code NextToken} carries the query and the
 * last order returned, so paging skips no order that changes meanwhile: one that moves past the
 * bound turns up in the next poll, which starts from the bound.
 *
 * @param dateField  {@code PurchaseDate} or {@code LastUpdateDate}
 * @param after      inclusive lower bound
 * @param before     inclusive upper bound, returned as {@code CreatedBefore} or {@code LastUpdatedBefore}
 * @param afterKey   the {@link #key} of the last order of the previous page; null on the first page
 */
record OrdersQuery(String dateField, Instant after, Instant before, Set<String> statuses, Set<String> channels,
                   int pageSize, String afterKey) {

    /**
     * Reads a request's parameters. {@code latest} is the latest upper bound allowed (SP-API: two
     * minutes before now), and the bound used when the request sets none.
     */
    static OrdersQuery parse(MultiMap params, String marketplaceId, Instant latest) {
        List<String> marketplaces = list(params, "MarketplaceIds");
        if (marketplaces.isEmpty()) {
            throw new IllegalArgumentException("MarketplaceIds is required.");
        }
        for (String marketplace : marketplaces) {
            if (!marketplace.equals(marketplaceId)) {
                throw new IllegalArgumentException("Invalid MarketplaceId: " + marketplace + " (the seller sells in " + marketplaceId + ")");
            }
        }
        String token = params.get("NextToken");
        if (token != null) {
            return fromToken(token);
        }
        Instant createdAfter = instant(params, "CreatedAfter");
        Instant updatedAfter = instant(params, "LastUpdatedAfter");
        if ((createdAfter == null) == (updatedAfter == null)) {
            throw new IllegalArgumentException("Exactly one of CreatedAfter and LastUpdatedAfter must be specified.");
        }
        boolean byCreation = createdAfter != null;
        String forbidden = byCreation ? "LastUpdatedBefore" : "CreatedBefore";
        if (params.get(forbidden) != null) {
            throw new IllegalArgumentException(forbidden + " cannot be set with " + (byCreation ? "CreatedAfter." : "LastUpdatedAfter."));
        }
        String beforeName = byCreation ? "CreatedBefore" : "LastUpdatedBefore";
        Instant before = instant(params, beforeName);
        if (before == null) {
            before = latest;
        } else if (before.isAfter(latest)) {
            throw new IllegalArgumentException(beforeName + " must be no later than " + latest
                    + ": getOrders sees orders up to a short while (at Amazon two minutes) before the current time.");
        }
        Instant after = byCreation ? createdAfter : updatedAfter;
        if (before.isBefore(after)) {
            throw new IllegalArgumentException(beforeName + " must be equal to or after " + (byCreation ? "CreatedAfter." : "LastUpdatedAfter."));
        }
        return new OrdersQuery(byCreation ? "PurchaseDate" : "LastUpdateDate", after, before,
                values(params, "OrderStatuses", OrderBook.STATUSES), values(params, "FulfillmentChannels", List.of("AFN", "MFN")),
                pageSize(params.get("MaxResultsPerPage")), null);
    }

    /** The name under which the response echoes the upper bound. */
    String boundName() {
        return dateField.equals("PurchaseDate") ? "CreatedBefore" : "LastUpdatedBefore";
    }

    boolean matches(JsonNode order) {
        Instant date = Instant.parse(order.get(dateField).asText());
        return !date.isBefore(after) && !date.isAfter(before)
                && (statuses.isEmpty() || statuses.contains(order.get("OrderStatus").asText()))
                && (channels.isEmpty() || channels.contains(order.get("FulfillmentChannel").asText()))
                && (afterKey == null || key(order).compareTo(afterKey) > 0);
    }

    /**
     * Where an order comes in the results: by date, then AmazonOrderId. The dates, all ISO-8601 to the
     * second in UTC, and the 3-7-7 ids have fixed lengths, so the key sorts as text.
     */
    String key(JsonNode order) {
        return order.get(dateField).asText() + " " + order.get("AmazonOrderId").asText();
    }

    /** The NextToken for the page after {@code last}: standard Base64, so a client must URL-encode it. */
    String nextToken(JsonNode last) {
        ObjectNode token = Json.mapper().createObjectNode();
        token.put("field", dateField).put("after", after.toString()).put("before", before.toString()).put("size", pageSize);
        statuses.forEach(token.putArray("statuses")::add);
        channels.forEach(token.putArray("channels")::add);
        token.put("from", key(last));
        return Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static OrdersQuery fromToken(String nextToken) {
        try {
            JsonNode token = Json.mapper().readTree(Base64.getDecoder().decode(nextToken));
            return new OrdersQuery(token.get("field").asText(), Instant.parse(token.get("after").asText()),
                    Instant.parse(token.get("before").asText()), strings(token.get("statuses")), strings(token.get("channels")),
                    token.get("size").asInt(), token.get("from").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Invalid NextToken.");
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** An array parameter: comma-separated (Swagger's csv), possibly repeated. */
    private static List<String> list(MultiMap params, String name) {
        List<String> out = new ArrayList<>();
        for (String value : params.getAll(name)) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    private static Set<String> values(MultiMap params, String name, List<String> allowed) {
        Set<String> out = new TreeSet<>();
        for (String value : list(params, name)) {
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException("Invalid " + name + " value: " + value + ". Allowed: " + String.join(", ", allowed));
            }
            out.add(value);
        }
        return out;
    }

    private static int pageSize(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= 100) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("MaxResultsPerPage must be an integer from 1 to 100, was " + value);
    }

    /** An ISO-8601 date-time (UTC when it names no offset) or date, as SP-API accepts. */
    private static Instant instant(MultiMap params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return value.contains("T") ? LocalDateTime.parse(value).toInstant(ZoneOffset.UTC)
                        : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notIso) {
                throw new IllegalArgumentException("Invalid " + name + ": " + value + " is not an ISO 8601 date.");
            }
        }
    }
}
