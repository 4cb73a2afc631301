package io.commercebus.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.WebhookRejectedException;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks a WooCommerce webhook delivery before it is staged: its {@code X-WC-Webhook-Signature} must
 * be the base64 HMAC-SHA256 of the raw body with the store's webhook secret. The ping WooCommerce
 * sends when a webhook is created carries no signature and no order; it is acknowledged and ignored.
 */
public class WooCommerceWebhooks {

    /** Header the route reads to answer a ping without staging anything. */
    public static final String PING = "CommerceBusPing";
    public static final List<String> ORDER_TOPICS = List.of("order.created", "order.updated");

    private final Map<String, WooCommerceStore> stores;

    public WooCommerceWebhooks(Map<String, WooCommerceStore> stores) {
        this.stores = stores;
    }

    /** Validates the delivery; leaves the order JSON as the body and sets the headers {@code ledger:stage} reads. */
    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        String storeId = in.getHeader("store", String.class);
        WooCommerceStore store = stores.get(storeId);
        if (store == null) {
            throw new WebhookRejectedException(404, "no WooCommerce store '" + storeId + "' is configured",
                    "point the webhook at /webhooks/woocommerce/<store id>, one of " + stores.keySet());
        }
        byte[] raw = in.getBody(byte[].class);
        String body = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        String topic = in.getHeader("X-WC-Webhook-Topic", String.class);
        // a form post: the HTTP server may have read it into the webhook_id header already
        if (topic == null && (body.matches("webhook_id=\\d+") || in.getHeader("webhook_id", String.class) != null)) {
            in.setHeader(PING, true);
            return;
        }
        String signature = in.getHeader("X-WC-Webhook-Signature", String.class);
        if (signature == null || !MessageDigest.isEqual(sign(raw == null ? new byte[0] : raw, store.webhookSecret()),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejectedException(401, "missing or wrong X-WC-Webhook-Signature",
                    "the signature is the base64 HMAC-SHA256 of the body with the webhook's secret, which must equal"
                            + " bus.store." + storeId + ".webhook-secret");
        }
        if (!ORDER_TOPICS.contains(topic)) {
            throw new WebhookRejectedException(422, "unknown topic '" + topic + "'", "this endpoint accepts " + ORDER_TOPICS);
        }
        JsonNode order;
        try {
            order = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new WebhookRejectedException(400, "the body is not valid JSON: " + e.getMessage(),
                    "send the order as WooCommerce's webhook does");
        }
        if (order == null || !order.path("id").canConvertToLong() || order.path("id").asLong() <= 0) {
            throw new WebhookRejectedException(422, "the body has no order id", "send the order as WooCommerce's webhook does");
        }
        in.setHeader(LedgerHeaders.STORE, storeId);
        in.setHeader(LedgerHeaders.EXTERNAL_ID, order.get("id").asText());
        if (order.hasNonNull("date_modified_gmt")) {
            in.setHeader(LedgerHeaders.CHANGED_AT, WooCommerceClient.parseGmt(order.get("date_modified_gmt").asText()));
        }
        // re-written as the poll writes it (PHP escapes '/' as '\/'), so the same order from either
        // source has the same payload hash and is staged once
        in.setBody(canonical(order));
    }

    private static String canonical(JsonNode order) {
        try {
            return Json.mapper().writeValueAsString(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encode(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
