package io.commercebus.sandbox.amazon;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An SP-API usage plan: a token bucket that holds {@code burst} requests and refills at {@code rate}
 * requests per second. The defaults are the ones the API definitions state per operation (Orders API
 * v0, Finances API v0, Reports API 2021-06-30, Feeds API 2021-06-30, Listings Items API 2021-08-01),
 * and the one Amazon announced for
 * JSON_LISTINGS_FEED submissions: five per five minutes.
 */
public record UsagePlan(double rate, int burst) {

    /**
     * The plan a createFeed of a JSON_LISTINGS_FEED falls under instead of createFeed's: "The rate limit
     * for the JSON_LISTINGS_FEED feed type differs from the rate limit for the createFeed operation";
     * since May 2025 it is five feed submissions per five minutes.
     */
    public static final String JSON_LISTINGS_FEED_PLAN = "createFeed/JSON_LISTINGS_FEED";

    public static final Map<String, UsagePlan> DEFAULTS = Map.ofEntries(
            Map.entry("getOrders", new UsagePlan(0.0167, 20)),
            Map.entry("getOrder", new UsagePlan(0.5, 30)),
            Map.entry("getOrderItems", new UsagePlan(0.5, 30)),
            Map.entry("getOrderAddress", new UsagePlan(0.5, 30)),
            Map.entry("getOrderBuyerInfo", new UsagePlan(0.5, 30)),
            Map.entry("confirmShipment", new UsagePlan(2, 10)),
            Map.entry("listFinancialEventGroups", new UsagePlan(0.5, 30)),
            Map.entry("listFinancialEventsByGroupId", new UsagePlan(0.5, 30)),
            Map.entry("listFinancialEventsByOrderId", new UsagePlan(0.5, 30)),
            Map.entry("listFinancialEvents", new UsagePlan(0.5, 30)),
            Map.entry("getReports", new UsagePlan(0.0222, 10)),
            Map.entry("createReport", new UsagePlan(0.0167, 15)),
            Map.entry("getReport", new UsagePlan(2, 15)),
            Map.entry("cancelReport", new UsagePlan(0.0222, 10)),
            Map.entry("getReportDocument", new UsagePlan(0.0167, 15)),
            Map.entry("createFeedDocument", new UsagePlan(0.5, 15)),
            Map.entry("createFeed", new UsagePlan(0.0083, 15)),
            Map.entry(JSON_LISTINGS_FEED_PLAN, new UsagePlan(0.0167, 5)),
            Map.entry("getFeeds", new UsagePlan(0.0222, 10)),
            Map.entry("getFeed", new UsagePlan(2, 15)),
            Map.entry("cancelFeed", new UsagePlan(2, 15)),
            Map.entry("getFeedDocument", new UsagePlan(0.0222, 10)),
            Map.entry("getListingsItem", new UsagePlan(5, 10)),
            Map.entry("patchListingsItem", new UsagePlan(5, 5)));

    public UsagePlan {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("a usage plan needs a positive rate and a burst of at least 1");
        }
    }

    /** The value of the {@code x-amzn-RateLimit-Limit} header: the rate, e.g. "0.0167" or "0.5". */
    String header() {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return header() + "/s burst " + burst;
    }
}
