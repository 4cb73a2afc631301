package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.MarketplaceUnavailableException;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * SP-API access tokens from Login with Amazon: exchanged for the seller's refresh token, kept until a
 * minute before they expire, and renewed when Amazon says one is no longer valid.
 */
final class LoginWithAmazon {

    private static final Duration EARLY = Duration.ofSeconds(60);

    private final AmazonStore store;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.EPOCH;

    LoginWithAmazon(AmazonStore store, HttpClient http, Clock clock) {
        this.store = store;
        this.http = http;
        this.clock = clock;
    }

    synchronized String token() {
        if (token == null || clock.instant().isAfter(expires.minus(EARLY))) {
            refresh();
        }
        return token;
    }

    /** Amazon refused the token (expired or revoked early): the next call fetches a new one. */
    synchronized void invalidate() {
        token = null;
    }

    private void refresh() {
        String form = "grant_type=refresh_token&refresh_token=" + encode(store.refreshToken()) + "&client_id="
                + encode(store.clientId()) + "&client_secret=" + encode(store.clientSecret());
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(store.tokenUrl()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Login with Amazon unreachable for store " + store.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("Interrupted while renewing the Amazon access token", e);
        }
        if (response.statusCode() != 200) {
            // the body names the problem (invalid_client, invalid_grant) and holds no secret
            throw new MarketplaceUnavailableException("Login with Amazon refused store " + store.id() + "'s credentials ("
                    + response.statusCode() + " " + response.body() + "); check bus.store." + store.id()
                    + ".client-id, .client-secret and .refresh-token (authorisations expire after 12 months)");
        }
        try {
            JsonNode body = Json.mapper().readTree(response.body());
            token = body.path("access_token").asText();
            expires = clock.instant().plusSeconds(body.path("expires_in").asLong(3600));
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("Login with Amazon answered with something that is not JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
