package io.commercebus.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.marketplace.CatchUpWindow;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.payout.AmazonSettlementReport;
import io.commercebus.payout.Payout;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Amazon settlements → ledger records of type {@code payout}. Amazon publishes a settlement report
 * (Flat File V2) at the end of every settlement period; each poll lists those created since the store's
 * watermark (getReports), downloads each new one (getReportDocument, gunzipped when Amazon compressed
 * it) and stages it as a {@link Payout} keyed by its settlement-id. The generic payout routes turn it
 * into a journal entry. A report read again (the overlap, a restart) stages nothing new, and a report
 * already read in this run is not downloaded again: getReportDocument allows a request a minute.
 */
public class AmazonSettlements {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonSettlements.class);
    public static final String WATERMARK = AmazonOrders.WATERMARK;

    private final AmazonClients clients;
    private final CatchUpWindow window;
    private final Duration overlap;
    /** Per store, the reports read and staged within the overlap, by id, with their creation time. */
    private final Map<String, Map<String, Instant>> read = new ConcurrentHashMap<>();
    /** Per store, the reports of the last poll, read once the route has staged them. */
    private final Map<String, Map<String, Instant>> staging = new ConcurrentHashMap<>();

    public AmazonSettlements(AmazonClients clients, Watermarks watermarks, Map<String, Instant> initialFrom, Duration overlap) {
        this.clients = clients;
        this.window = new CatchUpWindow("amazon", "reports.settlement.createdTime", watermarks, initialFrom, overlap);
        this.overlap = overlap;
    }

    public List<String> stores() {
        return clients.stores();
    }

    /**
     * The settlements whose reports Amazon made since the store's watermark, each as the headers and
     * {@code payload} (the payout as JSON) the route stages; the new watermark in the {@link #WATERMARK}
     * header, saved once they are staged.
     */
    public List<Map<String, Object>> published(String store, Exchange exchange) {
        AmazonClient client = clients.of(store);
        Instant watermark = window.watermark(store);
        Instant newest = watermark;
        Map<String, Instant> seen = read.computeIfAbsent(store, s -> new ConcurrentHashMap<>());
        Map<String, Instant> polled = new HashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode report : client.settlementReports(window.from(watermark))) {
            String reportId = report.path("reportId").asText();
            Instant created = Instant.parse(report.path("createdTime").asText());
            if (created.isAfter(newest)) {
                newest = created;
            }
            if (seen.containsKey(reportId)) {
                continue;
            }
            Payout payout;
            try {
                payout = AmazonSettlementReport.parse(client.reportDocument(report.path("reportDocumentId").asText()));
            } catch (IllegalArgumentException e) {
                LOG.error("Amazon store {}: settlement report {} ({} to {}) cannot be read, so no journal entry is made for it:"
                        + " {}. Download it in Seller Central (Reports > Payments > All Statements) and post it by hand.",
                        store, reportId, report.path("dataStartTime").asText(), report.path("dataEndTime").asText(), e.getMessage());
                seen.put(reportId, created);
                continue;
            }
            Map<String, Object> item = new HashMap<>();
            item.put(LedgerHeaders.STORE, store);
            item.put(LedgerHeaders.EXTERNAL_ID, payout.id());
            item.put(LedgerHeaders.CHANGED_AT, created.toString());
            item.put("payload", Json.write(payout));
            out.add(item);
            polled.put(reportId, created);
        }
        staging.put(store, polled);
        exchange.getMessage().setHeader(WATERMARK, newest.toString());
        if (!out.isEmpty()) {
            LOG.info("Amazon store {}: {} settlement report(s) read", store, out.size());
        }
        return out;
    }

    /** The reports of the last poll are staged: the watermark moves, and they are not downloaded again. */
    public void advanceWatermark(String store, String position) {
        window.advance(store, position);
        Map<String, Instant> seen = read.computeIfAbsent(store, s -> new ConcurrentHashMap<>());
        seen.putAll(staging.getOrDefault(store, Map.of()));
        staging.remove(store);
        // the next poll reads again what is within the overlap: only those are remembered
        Instant forget = Instant.parse(position).minus(overlap);
        seen.values().removeIf(created -> created.isBefore(forget));
    }
}
