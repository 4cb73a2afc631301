package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence-aware delivery, last step: writes the transaction as an upsert by external id, replacing
 * its item lines, so that a retry, a replay or a changed order updates the one NetSuite record
 * instead of adding another. A record mapped to {@code close} (an order cancelled after import)
 * closes every line of the transaction delivered before.
 */
public class TransactionWriter {

    private final NetSuiteClient netsuite;

    public TransactionWriter(NetSuiteClient netsuite) {
        this.netsuite = netsuite;
    }

    public void upsert(MappedRecord record, Exchange exchange) {
        String id;
        if (record.isClose()) {
            id = close(record);
        } else {
            Map<String, Object> body = body(record);
            if (record.getRecordType().equals("salesOrder")
                    && exchange.getMessage().getHeader(LedgerHeaders.NETSUITE_ID) != null) {
                keepFulfilledLines(record, body);
            }
            id = netsuite.upsert(record.getRecordType(), record.getExternalId(), body, "item");
        }
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, record.getRecordType());
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, id);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, record.getExternalId());
    }

    /**
     * A new version of a Sales Order NetSuite has already fulfilled in part keeps its lines: NetSuite refuses
     * to replace a fulfilled line, so each line of the new version is sent as an update of the existing line of
     * the same item ({@code line}), and a fulfilled line the new version lacks stays, closed.
     */
    @SuppressWarnings("unchecked")
    private void keepFulfilledLines(MappedRecord record, Map<String, Object> body) {
        JsonNode existing = netsuite.get(record.getRecordType(), "eid:" + record.getExternalId()).orElse(null);
        if (existing == null) {
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        existing.path("item").path("items").forEach(lines::add);
        if (lines.stream().noneMatch(l -> l.path("quantityFulfilled").decimalValue().signum() > 0)) {
            return;
        }
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) body.get("item")).get("items");
        List<JsonNode> unmatched = new ArrayList<>(lines);
        for (Map<String, Object> item : items) {
            String itemId = String.valueOf(((Map<String, Object>) item.get("item")).get("id"));
            for (JsonNode line : unmatched) {
                if (line.path("item").path("id").asText().equals(itemId)) {
                    item.put("line", line.path("line").asInt());
                    unmatched.remove(line);
                    break;
                }
            }
        }
        List<Map<String, Object>> kept = new ArrayList<>(items);
        for (JsonNode line : unmatched) {
            if (line.path("quantityFulfilled").decimalValue().signum() > 0) {
                kept.add(Map.of("line", line.path("line").asInt(), "item", Map.of("id", line.path("item").path("id").asText()),
                        "isClosed", true));
            }
        }
        body.put("item", Map.of("items", kept));
    }

    /** Sends the transaction's lines back with isClosed, replacing them: NetSuite closes the order. */
    private String close(MappedRecord record) {
        String eid = "eid:" + record.getExternalId();
        JsonNode transaction = netsuite.get(record.getRecordType(), eid).orElseThrow(() -> new PermanentFailure(
                DeadLetterReason.NETSUITE_REJECTED, "NetSuite has no " + record.getRecordType() + " " + record.getExternalId()
                + " to close"));
        String status = transaction.path("status").path("id").asText(transaction.path("orderStatus").path("id").asText(""));
        if (record.getRecordType().equals("salesOrder") && (status.equals("C") || status.equals("H"))) {
            // cancelled or closed in NetSuite already (e.g. the cancellation came from there): nothing left to close
            return transaction.path("id").asText();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode line : transaction.path("item").path("items")) {
            Map<String, Object> closed = Json.mapper().convertValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            closed.remove("links");
            closed.put("isClosed", true);
            items.add(closed);
        }
        netsuite.patch(record.getRecordType(), eid, Map.of("item", Map.of("items", items)), "item");
        return transaction.path("id").asText();
    }

    static Map<String, Object> body(MappedRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", record.getExternalId());
        body.putAll(record.getFields());
        List<Map<String, Object>> items = new ArrayList<>();
        for (MappedLine line : record.getLines()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item", Map.of("id", line.getItemId()));
            if (line.getQuantity() != null) {
                item.put("quantity", line.getQuantity());
            }
            if (line.getRate() != null) {
                item.put("rate", line.getRate());
            }
            item.put("amount", line.getAmount());
            if (line.getDescription() != null) {
                item.put("description", line.getDescription());
            }
            item.putAll(line.getFields());
            items.add(item);
        }
        body.put("item", Map.of("items", items));
        return body;
    }
}
