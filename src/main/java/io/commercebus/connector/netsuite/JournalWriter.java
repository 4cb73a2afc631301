package io.commercebus.connector.netsuite;

import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.payout.JournalEntry;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a payout's summary journal entry as an upsert by external id, its lines replaced: posting a
 * payout again (a retry, a replay, the report read twice) updates the one entry, never adds another.
 */
public class JournalWriter {

    private final NetSuiteClient netsuite;

    public JournalWriter(NetSuiteClient netsuite) {
        this.netsuite = netsuite;
    }

    public void upsert(JournalEntry entry, Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", entry.getExternalId());
        body.putAll(entry.getFields());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JournalEntry.Line line : entry.getLines()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("account", Map.of("id", line.account()));
            if (line.debit() != null) {
                item.put("debit", line.debit());
            }
            if (line.credit() != null) {
                item.put("credit", line.credit());
            }
            item.put("memo", line.memo());
            lines.add(item);
        }
        body.put("line", Map.of("items", lines));
        String id = netsuite.upsert("journalEntry", entry.getExternalId(), body, "line");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "journalEntry");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, id);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, entry.getExternalId());
    }
}
