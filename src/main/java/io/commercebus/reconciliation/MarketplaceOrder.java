package io.commercebus.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A marketplace order as reconciliation compares it with NetSuite.
 *
 * @param expectedInNetSuite whether its status is one the bus sends to NetSuite (paid, shipped…), as
 *                           opposed to pending or cancelled before payment
 */
public record MarketplaceOrder(String id, Instant createdAt, String status, boolean expectedInNetSuite, String currency,
                               BigDecimal total) {
}
