package io.commercebus.sandbox.walmart;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens the Token API has issued and when each expires. They live in memory only: after
 * a sandbox restart every token is unknown, and a client must fetch a new one on the 401, as it must
 * when a real token expires early.
 */
final class AccessTokens {

    /** What a presented token is worth. */
    enum Check { VALID, EXPIRED, UNKNOWN }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    AccessTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    String issue() {
        Instant now = clock.instant();
        // forget long-dead tokens; recently expired ones still answer "expired" rather than "unknown"
        expiries.values().removeIf(expiry -> expiry.isBefore(now.minus(lifetime)));
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        // Walmart's tokens are JWTs; clients must treat them as opaque, so any long string will do
        String token = "eyJ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(lifetime));
        return token;
    }

    Check check(String token) {
        Instant expiry = token == null ? null : expiries.get(token);
        if (expiry == null) {
            return Check.UNKNOWN;
        }
        return clock.instant().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
    }

    /** Whole seconds, as the {@code expires_in} of the token response. */
    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }
}
