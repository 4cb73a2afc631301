package io.commercebus.sandbox.payments;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A store's REST API as the payment provider's plugin reads it: GET with the store's credentials header. */
final class StoreApi {

    private final HttpClient http;
    private final URI base;
    private final String header;
    private final String credentials;

    StoreApi(HttpClient http, URI base, String header, String credentials) {
        this.http = http;
        this.base = base;
        this.header = header;
        this.credentials = credentials;
    }

    /** The answer with its headers; empty for 204 No Content (BigCommerce's empty list). */
    Optional<HttpResponse<String>> get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header(header, credentials)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 204) {
                return Optional.empty();
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
            }
            return Optional.of(response);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body());
    }
}
