package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Finances API v0: listFinancialEventGroups, listFinancialEventsByGroupId,
 * listFinancialEventsByOrderId and listFinancialEvents. Answers are the payload of the definition,
 * errors SP-API error lists (IllegalArgumentException: 400 InvalidInput). Dates must lie a while
 * before now (at Amazon two minutes, the sandbox's listing delay); a {@code NextToken} carries the
 * query and the last event of the page, so paging neither repeats nor skips an event posted meanwhile.
 */
final class FinancesApi {

    /** "If PostedAfter and PostedBefore are more than 180 days apart, the response is empty." */
    static final Duration MAX_RANGE = Duration.ofDays(180);
    private static final Pattern ORDER_ID = Pattern.compile("\\d{3}-\\d{7}-\\d{7}");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Finances finances;
    private final Clock clock;
    private final Supplier<Duration> listingDelay;

    FinancesApi(Finances finances, Clock clock, Supplier<Duration> listingDelay) {
        this.finances = finances;
        this.clock = clock;
        this.listingDelay = listingDelay;
    }

    /** GET /finances/v0/financialEvents?PostedAfter=&PostedBefore=&MaxResultsPerPage=&NextToken= */
    ObjectNode listFinancialEvents(MultiMap params) {
        return events(params, "all", e -> true, true);
    }

    /** GET /finances/v0/orders/{orderId}/financialEvents?MaxResultsPerPage=&NextToken= */
    ObjectNode listFinancialEventsByOrderId(String orderId, MultiMap params) {
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new IllegalArgumentException("Invalid AmazonOrderId: " + orderId + " is not in 3-7-7 format.");
        }
        return events(params, "order:" + orderId, e -> orderId.equals(e.orderId), false);
    }

    /** GET /finances/v0/financialEventGroups/{eventGroupId}/financialEvents?PostedAfter=&PostedBefore=&MaxResultsPerPage=&NextToken= */
    ObjectNode listFinancialEventsByGroupId(String groupId, MultiMap params) {
        return events(params, "group:" + groupId, finances.inGroup(groupId), true);
    }

    /** GET /finances/v0/financialEventGroups?FinancialEventGroupStartedAfter=&FinancialEventGroupStartedBefore=&MaxResultsPerPage=&NextToken= */
    ObjectNode listFinancialEventGroups(MultiMap params) {
        ObjectNode query;
        if (params.get("NextToken") != null) {
            query = decode(params.get("NextToken"), "groups");
        } else {
            query = nodes.objectNode().put("scope", "groups").put("size", pageSize(params, 10)).put("offset", 0);
            Instant after = instant(params, "FinancialEventGroupStartedAfter");
            Instant before = instant(params, "FinancialEventGroupStartedBefore");
            if (after != null) {
                notTooRecent(after, "FinancialEventGroupStartedAfter");
                query.put("after", after.toString());
            }
            if (before != null) {
                notTooRecent(before, "FinancialEventGroupStartedBefore");
                if (after != null && !before.isAfter(after)) {
                    throw new IllegalArgumentException("FinancialEventGroupStartedBefore must be after FinancialEventGroupStartedAfter.");
                }
                query.put("before", before.toString());
            }
        }
        Instant after = query.hasNonNull("after") ? Instant.parse(query.get("after").asText()) : null;
        Instant before = query.hasNonNull("before") ? Instant.parse(query.get("before").asText()) : null;
        List<ObjectNode> groups = new ArrayList<>();
        if (after == null || before == null || !before.isAfter(after.plus(MAX_RANGE))) {
            for (ObjectNode group : finances.groups()) {
                Instant start = Instant.parse(group.get("FinancialEventGroupStart").asText());
                if ((after == null || !start.isBefore(after)) && (before == null || start.isBefore(before))) {
                    groups.add(group);
                }
            }
        }
        int size = query.get("size").asInt();
        int offset = query.get("offset").asInt();
        ObjectNode payload = nodes.objectNode();
        ArrayNode list = payload.putArray("FinancialEventGroupList");
        groups.stream().skip(offset).limit(size).forEach(list::add);
        if (groups.size() > offset + size) {
            payload.put("NextToken", encode(query.put("offset", offset + size)));
        }
        return payload;
    }

    // ---------------------------------------------------------------- events

    private ObjectNode events(MultiMap params, String scope, Predicate<Finances.Event> selected, boolean dated) {
        ObjectNode query = params.get("NextToken") != null ? decode(params.get("NextToken"), scope) : query(params, scope, dated);
        Instant after = query.hasNonNull("after") ? Instant.parse(query.get("after").asText()) : null;
        Instant before = query.hasNonNull("before") ? Instant.parse(query.get("before").asText()) : null;
        int size = query.get("size").asInt();
        long lastSeq = query.path("lastSeq").asLong(0);
        Instant lastPosted = query.hasNonNull("lastPosted") ? Instant.parse(query.get("lastPosted").asText()) : null;

        List<Finances.Event> found = new ArrayList<>();
        if (after == null || before == null || !before.isAfter(after.plus(MAX_RANGE))) {
            found = finances.find(e -> selected.test(e) && (after == null || !e.posted.isBefore(after))
                    && (before == null || e.posted.isBefore(before))
                    && (lastPosted == null || e.posted.isAfter(lastPosted) || e.posted.equals(lastPosted) && e.seq > lastSeq));
        }
        ObjectNode payload = nodes.objectNode();
        ObjectNode lists = payload.putObject("FinancialEvents");
        Finances.LISTS.forEach(lists::putArray);
        List<Finances.Event> page = found.subList(0, Math.min(size, found.size()));
        page.forEach(e -> ((ArrayNode) lists.get(e.list)).add(e.body));
        if (found.size() > size) {
            Finances.Event last = page.get(page.size() - 1);
            payload.put("NextToken", encode(query.put("lastPosted", last.posted.toString()).put("lastSeq", last.seq)));
        }
        return payload;
    }

    private ObjectNode query(MultiMap params, String scope, boolean dated) {
        ObjectNode query = nodes.objectNode().put("scope", scope).put("size", pageSize(params, 100));
        if (!dated) {
            return query;
        }
        Instant after = instant(params, "PostedAfter");
        Instant before = instant(params, "PostedBefore");
        if (before != null && after == null) {
            throw new IllegalArgumentException("PostedAfter is required when PostedBefore is specified.");
        }
        if (after != null) {
            notTooRecent(after, "PostedAfter");
        }
        if (before != null) {
            notTooRecent(before, "PostedBefore");
            if (!before.isAfter(after)) {
                throw new IllegalArgumentException("PostedBefore must be after PostedAfter.");
            }
        }
        // the default upper bound is the latest allowed; without a lower bound, the 180 days before it
        Instant upper = before != null ? before : latest();
        if (scope.equals("all") || before != null) {
            query.put("before", upper.toString());
        }
        if (after != null || scope.equals("all")) {
            query.put("after", (after != null ? after : upper.minus(MAX_RANGE)).toString());
        }
        return query;
    }

    // ---------------------------------------------------------------- parameters

    private Instant latest() {
        return clock.instant().minus(listingDelay.get());
    }

    private void notTooRecent(Instant value, String name) {
        if (value.isAfter(latest())) {
            throw new IllegalArgumentException(name + " must be no later than " + latest()
                    + ": the date-time must be more than two minutes before the time of the request.");
        }
    }

    private static int pageSize(MultiMap params, int fallback) {
        String value = params.get("MaxResultsPerPage");
        if (value == null) {
            return fallback;
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

    /** An ISO 8601 date-time (UTC when it names no offset) or date. */
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
                throw new IllegalArgumentException("Invalid " + name + ": " + value + " is not an ISO 8601 date-time.");
            }
        }
    }

    private static String encode(ObjectNode query) {
        return Base64.getEncoder().encodeToString(query.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A NextToken of this operation (and order or group), else 400. */
    private static ObjectNode decode(String token, String scope) {
        try {
            JsonNode query = Json.mapper().readTree(Base64.getDecoder().decode(token));
            if (query instanceof ObjectNode object && scope.equals(object.path("scope").asText()) && object.path("size").isInt()) {
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid NextToken.");
    }
}
