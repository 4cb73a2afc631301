package io.commercebus.sandbox.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the payment provider took and gave back for one store: card charges of its orders, and refunds. */
public interface CardPayments {

    /** A charge (positive) or a refund (negative) of an order, when it happened, with the provider's id of it. */
    record Payment(String id, String orderId, BigDecimal amount, String currency, Instant at) {

        public boolean refund() {
            return amount.signum() < 0;
        }
    }

    /** The charges and refunds in (from, to]. */
    List<Payment> between(Instant from, Instant to);
}
