package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BigCommerce refunds (orders v3 payment actions) for the refund routes: the refunds created since the
 * last catch-up poll, and one refund fetched with what its mapping needs of its order. A refund never
 * changes once made, so its creation time is its version.
 */
public class BigCommerceRefunds {

    private static final Logger LOG = LoggerFactory.getLogger(BigCommerceRefunds.class);
    static final String STREAM = "refunds.created";
    /** The order product fields a refund's mapping reads; the others move with shipments and refunds. */
    private static final List<String> PRODUCT_FIELDS = List.of("id", "product_id", "variant_id", "sku", "name", "quantity",
            "price_ex_tax", "total_ex_tax", "total_tax", "applied_discounts");

    private final Map<String, BigCommerceClient> clients;
    private final CatchUpWindow window;

    public BigCommerceRefunds(Map<String, BigCommerceClient> clients, Watermarks watermarks, Map<String, Instant> initialFrom,
                              Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow(BigCommerceOrders.MARKETPLACE, STREAM, watermarks, initialFrom, overlap);
    }

    /**
     * The refunds created since the store's watermark ({@code GET /v3/orders/payment_actions/refunds?created:min=},
     * every page), each as the headers {@code ledger:announce} reads; the new watermark goes in the
     * {@value BigCommerceOrders#WATERMARK} header.
     */
    public List<Map<String, Object>> changedRefunds(String store, Exchange exchange) {
        Instant since = window.watermark(store);
        // RFC 3339, to the second: rounding down keeps the filter inclusive
        String min = URLEncoder.encode(window.from(since).truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        Instant newest = since;
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode refund : client(store).allPages("/v3/orders/payment_actions/refunds?created:min=" + min)) {
            Instant created = OffsetDateTime.parse(refund.path("created").asText()).toInstant();
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(LedgerHeaders.STORE, store);
            headers.put(LedgerHeaders.EXTERNAL_ID, refund.path("id").asText());
            headers.put(LedgerHeaders.CHANGED_AT, created);
            out.add(headers);
            if (created.isAfter(newest)) {
                newest = created;
            }
        }
        exchange.getMessage().setHeader(BigCommerceOrders.WATERMARK, newest.toString());
        if (!out.isEmpty()) {
            LOG.info("BigCommerce store {}: catch-up poll found {} refund(s) created since {}", store, out.size(), since);
        }
        return out;
    }

    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
    }

    /**
     * The refund as BigCommerce returns it, with {@code order}: the order's id, currency and customer, and its
     * products (order product id, SKU, name, quantity, prices and tax), which the refund's items name by id.
     *
     * @throws PermanentFailure SOURCE_NOT_FOUND when the store has no such refund, or no longer its order
     */
    public String fetchRefund(String store, String refundId) {
        if (!refundId.matches("\\d{1,12}")) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "'" + refundId + "' is not a BigCommerce refund id");
        }
        BigCommerceClient client = client(store);
        List<JsonNode> found = client.allPages("/v3/orders/payment_actions/refunds?id:in=" + refundId);
        if (found.isEmpty()) {
            throw new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND, "BigCommerce store " + store + " has no refund " + refundId);
        }
        ObjectNode refund = (ObjectNode) found.get(0);
        String orderId = refund.path("order_id").asText();
        JsonNode order = client.order(orderId).orElseThrow(() -> new PermanentFailure(DeadLetterReason.SOURCE_NOT_FOUND,
                "BigCommerce store " + store + " has no order " + orderId + ", which refund " + refundId + " refunds"));
        ObjectNode of = refund.putObject("order");
        for (String field : List.of("id", "customer_id", "currency_code")) {
            of.set(field, order.get(field));
        }
        ArrayNode products = of.putArray("products");
        for (JsonNode product : client.orderProducts(orderId)) {
            ObjectNode p = products.addObject();
            PRODUCT_FIELDS.stream().filter(product::has).forEach(f -> p.set(f, product.get(f)));
        }
        return Json.write(refund);
    }

    private BigCommerceClient client(String store) {
        BigCommerceClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No BigCommerce store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }
}
