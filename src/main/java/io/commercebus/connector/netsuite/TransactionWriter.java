package io.commercebus.connector.netsuite;

import io.commercebus.ledger.camel.LedgerHeaders;
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
 * instead of adding another.
 */
public class TransactionWriter {

    private final NetSuiteClient netsuite;

    public TransactionWriter(NetSuiteClient netsuite) {
        this.netsuite = netsuite;
    }

    public void upsert(MappedRecord record, Exchange exchange) {
        String id = netsuite.upsert(record.getRecordType(), record.getExternalId(), body(record), "item");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, record.getRecordType());
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, id);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, record.getExternalId());
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
