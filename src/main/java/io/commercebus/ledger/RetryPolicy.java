package io.commercebus.ledger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff for transient failures, persisted in the ledger as {@code next_attempt_at} so
 * that retries survive restarts. Jitter keeps retries of many records from synchronising
 * (NetSuite's guidance: "avoid creating artificial concurrency peaks").
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(15));
    }

    /** Delay before the attempt that follows the given number of failures (1 = first failure). */
    public Duration delayAfter(int failures) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double jittered = capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.round(Math.min(jittered, maxDelay.toMillis())));
    }

    public boolean exhausted(int failures) {
        return failures >= maxAttempts;
    }
}
