package io.commercebus.sandbox.amazon;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Login with Amazon for one application and one selling partner: the refresh-token grant of
 * {@code POST /auth/o2/token}, with LWA's error bodies, and the check of the access tokens it issued.
 * An access token carries its expiry under an HMAC, so it stays valid across a sandbox restart until
 * it expires, as it would at Amazon.
 */
final class LoginWithAmazon {

    /** What an SP-API request's {@code x-amz-access-token} amounts to, with SP-API's 403 message. */
    enum Access {
        GRANTED(""),
        MISSING("Access to requested resource is denied."),
        INVALID("The access token you provided is revoked, malformed or invalid."),
        EXPIRED("The access token you provided has expired.");

        final String message;

        Access(String message) {
            this.message = message;
        }
    }

    /** An answer of the token endpoint: its status and JSON body. */
    record Answer(int status, Map<String, Object> body) {
    }

    private static final String PREFIX = "Atza|";

    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    LoginWithAmazon(String clientId, String clientSecret, String refreshToken, Duration lifetime, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Answers a token request from its form parameters. */
    Answer token(Function<String, String> form) {
        String grant = form.apply("grant_type");
        if (grant == null || grant.isBlank()) {
            return missing("grant_type");
        }
        if (!grant.equals("refresh_token")) {
            return refuse(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server");
        }
        for (String name : List.of("refresh_token", "client_id", "client_secret")) {
            String value = form.apply(name);
            if (value == null || value.isBlank()) {
                return missing(name);
            }
        }
        if (!clientId.equals(form.apply("client_id")) || !clientSecret.equals(form.apply("client_secret"))) {
            return refuse(401, "invalid_client", "Client authentication failed");
        }
        if (!refreshToken.equals(form.apply("refresh_token"))) {
            return refuse(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
        }
        issued.incrementAndGet();
        String payload = (clock.millis() + lifetime.toMillis()) + "." + Long.toHexString(random.nextLong());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", PREFIX + encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(sign(payload)));
        body.put("refresh_token", refreshToken);
        body.put("token_type", "bearer");
        body.put("expires_in", lifetime.toSeconds());
        return new Answer(200, body);
    }

    Access check(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            return Access.MISSING;
        }
        String[] parts = accessToken.startsWith(PREFIX) ? accessToken.substring(PREFIX.length()).split("\\.") : new String[0];
        try {
            if (parts.length != 2) {
                return Access.INVALID;
            }
            String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(sign(payload), Base64.getUrlDecoder().decode(parts[1]))) {
                return Access.INVALID;
            }
            long expiresAt = Long.parseLong(payload.substring(0, payload.indexOf('.')));
            return clock.millis() < expiresAt ? Access.GRANTED : Access.EXPIRED;
        } catch (IllegalArgumentException e) {
            return Access.INVALID;
        }
    }

    long issued() {
        return issued.get();
    }

    long refused() {
        return refused.get();
    }

    private Answer missing(String parameter) {
        return refuse(400, "invalid_request", "The request is missing a required parameter : " + parameter);
    }

    private Answer refuse(int status, String error, String description) {
        refused.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_description", description);
        body.put("error", error);
        return new Answer(status, body);
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((clientSecret + "&" + refreshToken).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
