package io.commercebus.sandbox.amazon;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An SP-API usage plan: a token bucket that holds {@code burst} requests and refills at {@code rate}
 * requests per second. The defaults are the ones the Orders API v0 definition states per operation.
 */
public record UsagePlan(double rate, int burst) {

    public static final Map<String, UsagePlan> DEFAULTS = Map.of(
            "getOrders", new UsagePlan(0.0167, 20),
            "getOrder", new UsagePlan(0.5, 30),
            "getOrderItems", new UsagePlan(0.5, 30),
            "getOrderAddress", new UsagePlan(0.5, 30),
            "getOrderBuyerInfo", new UsagePlan(0.5, 30));

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
