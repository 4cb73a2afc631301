package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordHeld;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes a marketplace refund to NetSuite against the order it refunds, in the store's chosen records
 * ({@code bus.store.<id>.refunds.records}):
 * <ul>
 *   <li>{@code return-authorization} (default): a Return Authorization created from the order's Sales Order
 *       or Cash Sale, an Item Receipt from it putting the returned items back on hand at the restock location
 *       (unless {@code refunds.restock=false}), and a Credit Memo from it;</li>
 *   <li>{@code credit-memo}: a standalone Credit Memo, which puts its items back on hand at its lines'
 *       location, referring to the order in its memo.</li>
 * </ul>
 * Then, where money went back to the customer, a Customer Refund applying the credit memo. Every record
 * is written by external id (the refund's, with -RA, -IR, -CR for the others) and looked for before it is
 * made, so a retry or a replay completes what a crash interrupted and never writes twice. A refund whose
 * order is not in NetSuite yet waits for it (HELD) and goes on once it lands.
 */
public class RefundWriter {

    public static final String AWAITING_ORDER = "AWAITING_ORDER";

    private final NetSuiteClient netsuite;
    private final Ledger ledger;
    private final BiFunction<String, String, String> settings;

    /** @param settings a store's setting by name ({@code refunds.records}, {@code refunds.restock}), or null */
    public RefundWriter(NetSuiteClient netsuite, Ledger ledger, BiFunction<String, String, String> settings) {
        this.netsuite = netsuite;
        this.ledger = ledger;
        this.settings = settings;
    }

    /** The refund's order as the ledger delivered it to NetSuite; until it is there, the refund is HELD for it. */
    public MappedRecord awaitOrder(MappedRecord refund, Exchange exchange) {
        order(refund, exchange);
        return refund;
    }

    private LedgerRecord order(MappedRecord refund, Exchange exchange) {
        if (refund.getOrigin() == null) {
            throw new PermanentFailure("MAPPING_ERROR", "refund " + refund.getExternalId() + ": its mapping names no origin,"
                    + " the order it refunds");
        }
        String marketplace = exchange.getMessage().getHeader(LedgerHeaders.MARKETPLACE, String.class);
        RecordKey orderKey = new RecordKey(marketplace, refund.getStore(), "order", refund.getOrigin());
        LedgerRecord order = ledger.find(orderKey).orElse(null);
        if (order == null || order.netsuiteId() == null) {
            throw new RecordHeld(AWAITING_ORDER, orderKey, "refund " + refund.getExternalId() + " waits for order "
                    + refund.getOrigin() + " to reach NetSuite (" + (order == null ? "the bus has not received it yet"
                    : "it is " + order.state() + (order.reason() == null ? "" : ", " + order.reason())) + ")");
        }
        return order;
    }

    public void write(MappedRecord refund, Exchange exchange) {
        LedgerRecord order = order(refund, exchange);
        JsonNode original = netsuite.get(order.netsuiteType(), order.netsuiteId()).orElseThrow(() -> new PermanentFailure(
                DeadLetterReason.NETSUITE_REJECTED, "NetSuite has no " + order.netsuiteType() + " " + order.netsuiteExternalId()
                + " any more, which refund " + refund.getExternalId() + " refunds"));
        Map<String, Object> header = header(refund, original, order);
        String creditMemo = "credit-memo".equals(setting(refund, "refunds.records", "return-authorization"))
                ? standaloneCreditMemo(refund, header)
                : viaReturnAuthorization(refund, header, order);
        if (refund.getPayment() != null) {
            customerRefund(refund, header, creditMemo);
        }
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "creditMemo");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, creditMemo);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, refund.getExternalId());
    }

    /** The body fields every record of the refund shares: the order's customer and books, then the mapping's fields. */
    private static Map<String, Object> header(MappedRecord refund, JsonNode original, LedgerRecord order) {
        Map<String, Object> header = new LinkedHashMap<>();
        for (String field : List.of("entity", "currency", "subsidiary", "class", "department")) {
            String id = original.path(field).path("id").asText("");
            if (!id.isEmpty()) {
                header.put(field, Map.of("id", id));
            }
        }
        header.put("memo", "Refund " + refund.getExternalId() + " of " + order.netsuiteExternalId());
        header.putAll(refund.getFields());
        return header;
    }

    private String standaloneCreditMemo(MappedRecord refund, Map<String, Object> header) {
        Map<String, Object> body = new LinkedHashMap<>(header);
        body.put("externalId", refund.getExternalId());
        body.put("item", Map.of("items", lines(refund.getLines(), false)));
        return netsuite.upsert("creditMemo", refund.getExternalId(), body, "item");
    }

    private String viaReturnAuthorization(MappedRecord refund, Map<String, Object> header, LedgerRecord order) {
        String authorizationId = existing("returnAuthorization", refund.getExternalId() + "-RA");
        if (authorizationId == null) {
            Map<String, Object> body = new LinkedHashMap<>(header);
            body.put("externalId", refund.getExternalId() + "-RA");
            body.put("createdFrom", Map.of("id", order.netsuiteId()));
            body.put("item", Map.of("items", lines(refund.getLines(), false)));
            authorizationId = netsuite.upsert("returnAuthorization", refund.getExternalId() + "-RA", body, "item");
        }
        boolean restock = !"false".equalsIgnoreCase(setting(refund, "refunds.restock", "true"));
        boolean returnsItems = refund.getLines().stream().anyMatch(l -> l.getKind() == MappedLine.Kind.ITEM
                && l.getQuantity() != null && l.getQuantity().signum() > 0);
        if (restock && returnsItems && existing("itemReceipt", refund.getExternalId() + "-IR") == null) {
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("externalId", refund.getExternalId() + "-IR");
            receipt.put("item", Map.of("items", lines(refund.getLines().stream().filter(l -> l.getKind() == MappedLine.Kind.ITEM)
                    .toList(), true)));
            netsuite.transform("returnAuthorization", authorizationId, "itemReceipt", receipt);
        }
        String creditMemo = existing("creditMemo", refund.getExternalId());
        if (creditMemo == null) {
            creditMemo = netsuite.transform("returnAuthorization", authorizationId, "creditMemo",
                    Map.of("externalId", refund.getExternalId()));
        }
        return creditMemo;
    }

    private void customerRefund(MappedRecord refund, Map<String, Object> header, String creditMemo) {
        String externalId = refund.getExternalId() + "-CR";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", externalId);
        body.put("customer", header.get("entity"));
        for (String field : List.of("currency", "subsidiary", "class", "department")) {
            if (header.containsKey(field)) {
                body.put(field, header.get(field));
            }
        }
        body.put("memo", header.get("memo"));
        body.putAll(refund.getPayment().fields());
        body.put("apply", Map.of("items", List.of(Map.of("doc", Map.of("id", creditMemo), "apply", true,
                "amount", refund.getPayment().amount()))));
        netsuite.upsert("customerRefund", externalId, body, "apply");
    }

    /** The NetSuite lines of the refund; for a receipt only item and quantity, at the line's location. */
    private static List<Map<String, Object>> lines(List<MappedLine> lines, boolean receipt) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MappedLine line : lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item", Map.of("id", line.getItemId()));
            if (line.getQuantity() != null) {
                item.put("quantity", line.getQuantity());
            }
            if (receipt) {
                item.put("itemReceive", true);
                if (line.getFields().containsKey("location")) {
                    item.put("location", line.getFields().get("location"));
                }
            } else {
                if (line.getRate() != null) {
                    item.put("rate", line.getRate());
                }
                item.put("amount", line.getAmount());
                if (line.getDescription() != null) {
                    item.put("description", line.getDescription());
                }
                item.putAll(line.getFields());
            }
            out.add(item);
        }
        return out;
    }

    private String existing(String type, String externalId) {
        return netsuite.get(type, "eid:" + externalId).map(r -> r.path("id").asText()).orElse(null);
    }

    private String setting(MappedRecord refund, String name, String fallback) {
        String value = settings.apply(refund.getStore(), name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
