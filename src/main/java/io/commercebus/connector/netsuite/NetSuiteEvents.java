package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.WebhookRejectedException;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a change notice NetSuite sends the bus, from a user-event script or workflow the merchant
 * deploys on items and inventory transactions: {@code {"type":"inventory","items":["<internal id>",…]}}
 * with the shared secret in {@code X-Commerce-Bus-Secret}. The body becomes the list of item ids.
 */
public class NetSuiteEvents {

    public static final String SECRET_HEADER = "X-Commerce-Bus-Secret";
    private static final int MAX_ITEMS = 10_000;

    private final String secret;

    /** @param secret {@code bus.netsuite.webhook-secret}; null refuses every notice */
    public NetSuiteEvents(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        String given = in.getHeader(SECRET_HEADER, String.class);
        if (secret == null || given == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw new WebhookRejectedException(401, "missing or wrong " + SECRET_HEADER + " header",
                    "send the value of bus.netsuite.webhook-secret (the bus refuses every notice while it is unset)");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(in.getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new WebhookRejectedException(400, "the body is not valid JSON: " + e.getMessage(),
                    "send {\"type\":\"inventory\",\"items\":[\"<item internal id>\", ...]}");
        }
        if (body == null || !"inventory".equals(body.path("type").asText())) {
            throw new WebhookRejectedException(422, "unknown notice type '" + (body == null ? "" : body.path("type").asText())
                    + "'", "this endpoint accepts {\"type\":\"inventory\",\"items\":[...]}");
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.size() > MAX_ITEMS) {
            throw new WebhookRejectedException(422, "'items' must be a list of at most " + MAX_ITEMS + " item internal ids",
                    "send the internal ids of the items whose stock changed");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.asText();
            if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
                throw new WebhookRejectedException(422, "'" + id + "' is not an item internal id",
                        "send NetSuite internal ids, e.g. \"1042\"");
            }
            ids.add(id);
        }
        in.setBody(ids);
    }
}
