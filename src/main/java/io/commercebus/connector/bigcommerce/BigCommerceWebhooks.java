package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.WebhookRejectedException;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks a BigCommerce webhook delivery before it is staged. BigCommerce does not sign webhooks; the
 * bus registers its hooks with a secret header and refuses deliveries without it. A delivery names
 * only the order id, or for a refund the refund id: the record itself is fetched later.
 */
public class BigCommerceWebhooks {

    /** The header carrying the store's webhook secret, set on the hooks the bus registers. */
    public static final String SECRET_HEADER = "X-Commerce-Bus-Secret";
    /** The order events the bus acts on; it registers hooks for exactly these. */
    public static final List<String> ORDER_SCOPES = List.of("store/order/created", "store/order/updated",
            "store/order/statusUpdated");
    /** A refund of an order: {@code data.refund.refund_id} names it. */
    public static final String REFUND_SCOPE = "store/order/refund/created";
    /** Every scope the bus registers hooks for and accepts. */
    public static final List<String> SCOPES = Stream.concat(ORDER_SCOPES.stream(), Stream.of(REFUND_SCOPE)).toList();

    private final Map<String, BigCommerceStore> stores;

    public BigCommerceWebhooks(Map<String, BigCommerceStore> stores) {
        this.stores = stores;
    }

    /**
     * Validates the delivery and sets the headers {@code ledger:announce} needs, with the record type
     * ({@code order} or {@code refund}) in {@value LedgerHeaders#RECORD_TYPE}.
     */
    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        String storeId = in.getHeader("store", String.class);
        BigCommerceStore store = stores.get(storeId);
        if (store == null) {
            throw new WebhookRejectedException(404, "no BigCommerce store '" + storeId + "' is configured",
                    "register the hook with a destination of /webhooks/bigcommerce/<store id>, one of " + stores.keySet());
        }
        String secret = in.getHeader(SECRET_HEADER, String.class);
        // without a configured secret nothing tells a real delivery from a forged one: refuse them all
        if (store.webhookSecret() == null || !constantTimeEquals(store.webhookSecret(), secret)) {
            throw new WebhookRejectedException(401, "missing or wrong " + SECRET_HEADER + " header",
                    "the bus registers its hooks with this header; re-register them or check bus.store." + storeId + ".webhook-secret"
                            + " (the bus refuses every delivery while it is unset)");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(in.getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new WebhookRejectedException(400, "the body is not valid JSON: " + e.getMessage(),
                    "send BigCommerce's webhook payload: {\"scope\",\"store_id\",\"data\":{\"type\",\"id\"},\"hash\",\"created_at\",\"producer\"}");
        }
        if (body == null || !body.isObject()) {
            throw new WebhookRejectedException(400, "the body is not a JSON object", "send BigCommerce's webhook payload");
        }
        String scope = body.path("scope").asText("");
        if (!SCOPES.contains(scope)) {
            throw new WebhookRejectedException(422, "unknown scope '" + scope + "'",
                    "this endpoint accepts " + SCOPES);
        }
        String producer = body.path("producer").asText("");
        if (!producer.equals("stores/" + store.storeHash())) {
            throw new WebhookRejectedException(422, "producer '" + producer + "' is not store " + store.storeHash(),
                    "the hook belongs to another store; point it to that store's destination");
        }
        boolean refund = scope.equals(REFUND_SCOPE);
        JsonNode id = refund ? body.path("data").path("refund").path("refund_id") : body.path("data").path("id");
        if (!id.canConvertToLong() || id.asLong() <= 0) {
            throw new WebhookRejectedException(422, (refund ? "data.refund.refund_id must be the refund id" : "data.id must be"
                    + " the order id") + " (a positive number), was " + id, "send BigCommerce's webhook payload");
        }
        in.setHeader(LedgerHeaders.STORE, storeId);
        in.setHeader(LedgerHeaders.RECORD_TYPE, refund ? "refund" : "order");
        in.setHeader(LedgerHeaders.EXTERNAL_ID, id.asText());
        if (body.path("created_at").canConvertToLong()) {
            in.setHeader(LedgerHeaders.CHANGED_AT, body.path("created_at").asLong());
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
