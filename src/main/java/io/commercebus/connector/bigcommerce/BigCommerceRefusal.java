package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.commercebus.support.Json;

/** BigCommerce refused a request (4xx): its status and error body ({@code title}, {@code errors} by field). */
public class BigCommerceRefusal extends IllegalStateException {

    private final int status;
    private final JsonNode body;

    BigCommerceRefusal(String store, String request, int status, String body) {
        super("BigCommerce store " + store + " refused " + request + ": " + status + " " + body);
        this.status = status;
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(body);
        } catch (Exception e) {
            parsed = MissingNode.getInstance();
        }
        this.body = parsed == null ? MissingNode.getInstance() : parsed;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }
}
