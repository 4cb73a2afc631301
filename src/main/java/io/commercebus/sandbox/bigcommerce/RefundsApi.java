package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.ApiException;
import io.commercebus.sandbox.bigcommerce.Api.Call;
import io.commercebus.sandbox.bigcommerce.Api.Reply;
import io.commercebus.sandbox.bigcommerce.OrderBook.StoredOrder;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The refund operations of orders v3 (payment actions): quotes and refunds of one order, their batch
 * forms, and the refunds listed per order or across orders. A refund fires {@code store/order/refund/created},
 * {@code store/order/updated} and, as its status moves, {@code store/order/statusUpdated}. Each runs under
 * the order book's lock.
 */
final class RefundsApi {

    static final String QUOTES = "/v3/orders/{order_id}/payment_actions/refund_quotes";
    static final String REFUNDS = "/v3/orders/{order_id}/payment_actions/refunds";
    static final String ALL_QUOTES = "/v3/orders/payment_actions/refund_quotes";
    static final String ALL_REFUNDS = "/v3/orders/payment_actions/refunds";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final OrderBook orders;
    private final Refunds refunds;
    private final OrderEvents events;

    RefundsApi(OrderBook orders, Refunds refunds, OrderEvents events) {
        this.orders = orders;
        this.refunds = refunds;
        this.events = events;
    }

    void register(Api.Routes all) {
        all.lockedOn(orders)
                .add("POST", QUOTES, c -> Reply.of(201, one(quote(c.id("order_id"), c.json()))))
                .add("POST", REFUNDS, c -> Reply.of(201, one(create(c.id("order_id"), c.json()).deepCopy())))
                .add("GET", REFUNDS, c -> {
                    int orderId = order(c.id("order_id")).id();
                    return CatalogApi.collection(c, refunds.of(orderId), 250, ObjectNode::deepCopy);
                })
                .add("GET", ALL_REFUNDS, c -> CatalogApi.collection(c, refunds.find(ids(c, "order_id:in"), ids(c, "id:in"),
                        time(c, "created:min"), time(c, "created:max")), 250, ObjectNode::deepCopy))
                .add("GET", ALL_REFUNDS + "/{refund_id}", c -> Reply.ok(one(refunds.require(c.id("refund_id")).deepCopy())))
                .add("POST", ALL_QUOTES, c -> batch(c.json(), this::quote))
                .add("POST", ALL_REFUNDS, c -> batch(c.json(), (orderId, body) -> create(orderId, body).deepCopy()));
    }

    /** The quote ({@code RefundQuote_Full}) for refunding these items of the order. */
    ObjectNode quote(int orderId, JsonNode body) {
        synchronized (orders) {
            StoredOrder order = order(orderId);
            return refunds.render(order, refunds.quote(order, body));
        }
    }

    /** Refunds as {@code POST /v3/orders/{order_id}/payment_actions/refunds} does and fires its webhooks; the refund. */
    ObjectNode create(int orderId, JsonNode body) {
        synchronized (orders) {
            Refunds.Result result = refunds.create(order(orderId), body);
            events.refundCreated(orderId, result.refund().get("id").asInt());
            events.changed(result.change());
            return result.refund();
        }
    }

    /** The order's refunds in id order, as copies. */
    List<ObjectNode> of(int orderId) {
        synchronized (orders) {
            return refunds.of(order(orderId).id()).stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /**
     * A batch: each element is done on its own, for the order its {@code order_id} names; 201 when all
     * succeed, else the most severe failure's status, with {@code data}, {@code errors} and
     * {@code meta: {failure, success, total}}, as the batch definitions describe.
     */
    private Reply batch(JsonNode body, BiFunction<Integer, JsonNode, ObjectNode> each) {
        if (!body.isArray() || body.isEmpty()) {
            throw Api.invalid("body", "a batch is a non-empty array of requests, each with its order_id");
        }
        ObjectNode out = nodes.objectNode();
        ArrayNode data = out.putArray("data");
        ArrayNode errors = out.putArray("errors");
        int status = 201;
        for (JsonNode request : body) {
            ObjectNode error = nodes.objectNode();
            try {
                if (!request.path("order_id").isIntegralNumber()) {
                    throw Api.invalid("order_id", "each request of a batch needs the order_id it refunds");
                }
                error.put("order_id", request.get("order_id").asInt());
                data.add(each.apply(request.get("order_id").asInt(), request));
            } catch (ApiException e) {
                errors.add(error.put("status", e.status).put("error", message((ObjectNode) e.body)));
                status = Math.max(status == 201 ? 0 : status, e.status);
            }
        }
        out.putObject("meta").put("failure", errors.size()).put("success", data.size()).put("total", body.size());
        return Reply.of(status, out);
    }

    private StoredOrder order(int orderId) {
        return orders.get(orderId).orElseThrow(() -> Api.notFound("Order with id " + orderId + " not found"));
    }

    private ObjectNode one(ObjectNode data) {
        ObjectNode out = nodes.objectNode();
        out.set("data", data);
        out.putObject("meta");
        return out;
    }

    /** An error body's title and details as one line, for a batch's {@code errors[].error}. */
    private static String message(ObjectNode error) {
        StringBuilder text = new StringBuilder(error.path("title").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = error.path("errors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            text.append("; ").append(e.getKey()).append(": ").append(e.getValue().asText());
        }
        return text.toString();
    }

    private static Set<Integer> ids(Call c, String name) {
        List<String> values = c.list(name);
        if (values == null) {
            return null;
        }
        Set<Integer> ids = new HashSet<>();
        for (String v : values) {
            try {
                ids.add(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw Api.invalid(name, "must be comma-separated integers, was '" + c.param(name) + "'");
            }
        }
        return ids;
    }

    /** An RFC 3339 date-time; a '+' its sender did not URL-encode arrives as a space and is read as the '+' it was. */
    private static Instant time(Call c, String name) {
        String value = c.param(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw Api.invalid(name, "must be an RFC 3339 date-time such as 2020-01-15T01:02:34-01:00, was '" + value + "'");
        }
    }
}
