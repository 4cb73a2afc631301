package io.commercebus.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A difference between a marketplace and NetSuite that reconciliation found, with what it concerns and
 * by how much. One gap per store, reason and subject: found again by a later run, it is the same gap.
 *
 * @param subject     what the gap is about: the marketplace order, payout or fulfilment id
 * @param netsuiteRef the NetSuite record concerned, where there is one (tranid or external id)
 * @param expected    the amount the marketplace side says
 * @param actual      the amount NetSuite holds (zero when it holds nothing)
 * @param amount      the difference, expected − actual
 * @param occurredAt  when the subject happened (the order was placed, the payout deposited), which
 *                    places it in a reconciliation period
 */
public record Gap(String store, String marketplace, String reason, String subject, String netsuiteRef, String currency,
                  BigDecimal expected, BigDecimal actual, BigDecimal amount, String detail, Instant occurredAt) {

    /** The key of the gap as published to Kafka: store/reason/subject. */
    public String key() {
        return store + "/" + reason + "/" + subject;
    }
}
