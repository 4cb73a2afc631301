package io.commercebus.sandbox.walmart;

import io.commercebus.support.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What the sandbox's API handlers share: JSON answers, numeric parameters, path segments. */
final class Replies {

    private Replies() {
    }

    static void json(HttpServerResponse response, int status, Object body) {
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.mapper().writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole-number query parameter within bounds, its default when absent; else 400 naming it. */
    static int integer(HttpServerRequest request, String name, int fallback, int min, int max) {
        String value = request.getParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name, name + " must be a number, was '" + value + "'");
        }
        if (number < min || number > max) {
            throw new InvalidParameter(name, name + " must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    /** A percent-encoded path segment, decoded ('+' stays a plus, as in a path). */
    static String segment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
