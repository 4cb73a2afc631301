package io.commercebus.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.NetSuiteFulfillments;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sales Orders cancelled in NetSuite → their marketplace orders cancelled, where the marketplace's API
 * allows it. Every run reads the Sales Orders cancelled since the persisted watermark; each of an order
 * the bus delivered becomes a ledger record of its store ({@code cancellation}, keyed by the marketplace
 * order id) that the marketplace's route delivers. A marketplace that cannot cancel by API skips it
 * with its reason, visible in the ledger.
 */
public class CancellationSync {

    private static final Logger LOG = LoggerFactory.getLogger(CancellationSync.class);
    static final String STREAM = "cancelled-sales-orders";

    private final NetSuiteClient netsuite;
    private final Ledger ledger;
    private final Watermarks watermarks;
    private final ZoneId netsuiteZone;
    private final Clock clock;
    private final Duration overlap;
    private final Duration lookback;

    public CancellationSync(NetSuiteClient netsuite, Ledger ledger, Watermarks watermarks, ZoneId netsuiteZone, Clock clock,
                            Duration overlap, Duration lookback) {
        this.netsuite = netsuite;
        this.ledger = ledger;
        this.watermarks = watermarks;
        this.netsuiteZone = netsuiteZone;
        this.clock = clock;
        this.overlap = overlap;
        this.lookback = lookback;
    }

    /**
     * The marketplace orders whose Sales Orders were cancelled since the watermark, as maps the route
     * stages ({@code CommerceBusStore}, {@code CommerceBusMarketplace}, {@code CommerceBusExternalId},
     * {@code payload}), and the watermark to advance to once they are staged ({@code CommerceBusWatermark}).
     */
    public Map<String, Object> changed() {
        Instant start = clock.instant();
        Instant since = watermarks.get(FulfillmentSync.WATERMARK_SCOPE, "*", STREAM).map(Instant::parse)
                .orElse(start.minus(lookback));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, String> row : netsuite.query("SELECT id, tranid, externalid, status FROM transaction WHERE type = 'SalesOrd'"
                + " AND status = 'SalesOrd:C' AND lastmodifieddate >= " + NetSuiteFulfillments.timestamp(since.minus(overlap),
                netsuiteZone) + " ORDER BY id")) {
            LedgerRecord order = ledger.findByNetSuiteId("order", row.get("id")).orElse(null);
            if (order == null) {
                continue;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("orderId", order.key().externalId());
            payload.put("salesOrderId", row.get("id"));
            payload.put("tranId", row.get("tranid"));
            payload.put("externalId", row.get("externalid"));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(LedgerHeaders.STORE, order.key().store());
            item.put(LedgerHeaders.MARKETPLACE, order.key().marketplace());
            item.put(LedgerHeaders.EXTERNAL_ID, order.key().externalId());
            item.put("payload", Json.write(payload));
            out.add(item);
        }
        if (!out.isEmpty()) {
            // read again while the overlap lasts; the ledger stages each cancellation once
            LOG.debug("{} Sales Order(s) of marketplace orders cancelled in NetSuite since {}", out.size(), since);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("CommerceBusWatermark", start.toString());
        run.put("cancellations", out);
        return run;
    }

    public void advance(String watermark) {
        watermarks.set(FulfillmentSync.WATERMARK_SCOPE, "*", STREAM, watermark);
    }

    /** Marks the delivery with the cancelled Sales Order, as the ledger records it. */
    public void delivered(String payload, Exchange exchange) {
        JsonNode cancellation = Json.read(payload);
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "salesOrder");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, cancellation.path("salesOrderId").asText());
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, cancellation.path("externalId").asText(null));
    }
}
