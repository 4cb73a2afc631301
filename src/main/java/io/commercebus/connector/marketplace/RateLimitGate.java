package io.commercebus.connector.marketplace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a client within a marketplace's per-store quota as the marketplace reports it in response
 * headers: when the remaining requests reach zero, later requests wait until the window resets
 * instead of drawing 429s. Shared by every thread calling the same store.
 */
public final class RateLimitGate {

    private final Clock clock;
    private Instant openAt = Instant.EPOCH;

    public RateLimitGate(Clock clock) {
        this.clock = clock;
    }

    /** Blocks while the quota is known to be used up. */
    public void await() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                wait = Duration.between(clock.instant(), openAt).toMillis();
            }
            if (wait <= 0) {
                return;
            }
            Thread.sleep(Math.min(wait, 1000));
        }
    }

    /** Records what a response said: requests left in the window and milliseconds until it resets. */
    public synchronized void observe(Integer requestsLeft, Long resetMillis) {
        if (requestsLeft != null && requestsLeft <= 0 && resetMillis != null) {
            Instant until = clock.instant().plusMillis(Math.max(resetMillis, 1));
            if (until.isAfter(openAt)) {
                openAt = until;
            }
        }
    }

    /** The marketplace answered 429: close the gate for the reset time it gave, or a second. */
    public synchronized void rejected(Long resetMillis) {
        Instant until = clock.instant().plusMillis(resetMillis == null ? 1000 : Math.max(resetMillis, 1));
        if (until.isAfter(openAt)) {
            openAt = until;
        }
    }
}
