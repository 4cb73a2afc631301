package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.commercebus.support.Json;

/** WooCommerce refused a request (4xx): its error code, message and data, e.g. product_invalid_sku. */
public class WooCommerceRefusal extends IllegalStateException {

    private final int status;
    private final String code;
    private final JsonNode data;

    WooCommerceRefusal(String message, int status, String code, JsonNode data) {
        super(message);
        this.status = status;
        this.code = code;
        this.data = data;
    }

    static WooCommerceRefusal of(String store, String request, int status, String body) {
        JsonNode error;
        try {
            error = Json.mapper().readTree(body);
        } catch (Exception e) {
            error = MissingNode.getInstance();
        }
        String code = error.path("code").asText("");
        return new WooCommerceRefusal("WooCommerce store " + store + " refused " + request + ": " + status + " " + code + " "
                + error.path("message").asText(body), status, code, error.path("data"));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }
}
