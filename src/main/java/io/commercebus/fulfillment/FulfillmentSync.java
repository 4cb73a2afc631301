package io.commercebus.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.config.StoreSettings;
import io.commercebus.connector.netsuite.ItemResolver;
import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.NetSuiteFulfillments;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordSkipped;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import io.commercebus.mapping.StoreTables;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NetSuite's Item Fulfillments → the marketplaces the orders came from. Every run reads the fulfilments
 * changed since the persisted watermark; each one of an order the bus delivered becomes a ledger record
 * of its store ({@code fulfillment}, keyed by the fulfilment's internal id), durable, retried and
 * dead-lettered like an order. Its mapping ({@link #plan}) turns it into a {@link ShipmentPlan}: the
 * order's lines it ships (by the line ids the order's mapping recorded), the carrier in the marketplace's
 * code ({@code lookups/carrier.csv}, NetSuite ship method → carrier), the tracking numbers, and whether
 * the order is now shipped whole. Each marketplace's route creates the shipment.
 */
public class FulfillmentSync {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentSync.class);
    static final String WATERMARK_SCOPE = "netsuite";
    static final String STREAM = "item-fulfillments";
    /** NetSuite's modification times are whole seconds, and the clocks may differ a little. */
    private static final Duration SAME_SECOND = Duration.ofSeconds(2);

    private final NetSuiteClient netsuite;
    private final NetSuiteFulfillments fulfillments;
    private final ItemResolver items;
    private final Ledger ledger;
    private final Watermarks watermarks;
    private final StoreSettings stores;
    private final Path mappings;
    private final ZoneId netsuiteZone;
    private final Clock clock;
    private final Duration overlap;
    private final Duration lookback;

    public FulfillmentSync(NetSuiteClient netsuite, NetSuiteFulfillments fulfillments, ItemResolver items, Ledger ledger,
                           Watermarks watermarks, StoreSettings stores, Path mappings, ZoneId netsuiteZone, Clock clock,
                           Duration overlap, Duration lookback) {
        this.netsuite = netsuite;
        this.fulfillments = fulfillments;
        this.items = items;
        this.ledger = ledger;
        this.watermarks = watermarks;
        this.stores = stores;
        this.mappings = mappings;
        this.netsuiteZone = netsuiteZone;
        this.clock = clock;
        this.overlap = overlap;
        this.lookback = lookback;
    }

    // ---------------------------------------------------------------- intake

    /**
     * The fulfilments changed since the watermark that ship orders the bus delivered, each as a map the
     * route stages ({@code CommerceBusStore}, {@code CommerceBusMarketplace}, {@code CommerceBusExternalId},
     * {@code payload}: the fulfilment as NetSuite's record API returns it); and the watermark to advance
     * to once they are staged ({@code CommerceBusWatermark}).
     */
    public Map<String, Object> changed() {
        Instant start = clock.instant();
        Instant since = watermarks.get(WATERMARK_SCOPE, "*", STREAM).map(Instant::parse).orElse(start.minus(lookback));
        List<Map<String, Object>> out = new ArrayList<>();
        for (NetSuiteFulfillments.Fulfillment f : fulfillments.changedSince(since.minus(overlap), netsuiteZone)) {
            if (f.salesOrderId() == null) {
                continue;
            }
            LedgerRecord order = ledger.findByNetSuiteId("order", f.salesOrderId()).orElse(null);
            if (order == null) {
                // a Sales Order the bus did not write: not a marketplace order
                continue;
            }
            if (staged(new RecordKey(order.key().marketplace(), order.key().store(), "fulfillment", f.id()), f.lastModified())) {
                // read again within the overlap: no request for a version the ledger holds
                continue;
            }
            JsonNode record = netsuite.get("itemFulfillment", f.id()).orElse(null);
            if (record == null) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(LedgerHeaders.STORE, order.key().store());
            item.put(LedgerHeaders.MARKETPLACE, order.key().marketplace());
            item.put(LedgerHeaders.EXTERNAL_ID, f.id());
            item.put(LedgerHeaders.CHANGED_AT, f.lastModified() == null ? null : f.lastModified().toString());
            item.put("payload", write(withoutLinks(record)));
            out.add(item);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("CommerceBusWatermark", start.toString());
        run.put("fulfillments", out);
        if (!out.isEmpty()) {
            LOG.info("{} new or changed NetSuite fulfilment(s) of marketplace orders since {}", out.size(), since);
        }
        return run;
    }

    /**
     * Whether the ledger holds this version of the fulfilment: staged with this modification time, and read
     * long enough after it (NetSuite's times are whole seconds) that no later change of the same second is missed.
     */
    private boolean staged(RecordKey key, Instant modified) {
        return modified != null && ledger.find(key).filter(r -> r.sourceModifiedAt() != null && r.fetchedAt() != null
                && !r.sourceModifiedAt().isBefore(modified) && r.fetchedAt().isAfter(modified.plus(SAME_SECOND))).isPresent();
    }

    /** The fulfilments up to the watermark are staged: the next run starts there. */
    public void advance(String watermark) {
        watermarks.set(WATERMARK_SCOPE, "*", STREAM, watermark);
    }

    // ---------------------------------------------------------------- mapping

    /** The ledger's mapping step for a fulfilment record. */
    public ShipmentPlan plan(String payload, String store) {
        JsonNode f = read(payload);
        String id = f.path("id").asText();
        String status = f.path("shipStatus").path("id").asText(f.path("shipStatus").asText(""));
        if (!status.equals("C")) {
            throw new RecordSkipped("AWAITING_SHIPMENT", "fulfilment " + f.path("tranId").asText(id) + " is "
                    + f.path("shipStatus").path("refName").asText(status) + ", not shipped yet");
        }
        String salesOrder = f.path("createdFrom").path("id").asText();
        LedgerRecord order = ledger.findByNetSuiteId("order", salesOrder).orElseThrow(() -> new PermanentFailure(
                "ORDER_NOT_FOUND", "fulfilment " + id + " ships NetSuite transaction " + salesOrder
                + ", which no marketplace order of the ledger was delivered as"));
        MappedRecord mapped = mapped(order);
        items.resolve(mapped);
        List<ShipmentPlan.Line> lines = lines(f, mapped, order);
        String marketplace = order.key().marketplace();
        String shipMethod = f.path("shipMethod").path("id").asText(null);
        String carrier = shipMethod == null ? null : StoreTables.load(mappings, store, marketplace, "carrier.csv").get(shipMethod);
        if (carrier == null) {
            throw new PermanentFailure("UNMAPPED_CARRIER", "no carrier for NetSuite ship method " + shipMethod + " ("
                    + f.path("shipMethod").path("refName").asText("none") + ") in " + marketplace + "/lookups/carrier.csv;"
                    + " add a row (or a * row) and replay");
        }
        List<String> tracking = new ArrayList<>();
        for (JsonNode pkg : f.path("package").path("items")) {
            String number = pkg.path("packageTrackingNumber").asText("").trim();
            if (!number.isEmpty() && !tracking.contains(number)) {
                tracking.add(number);
            }
        }
        return new ShipmentPlan(id, f.path("tranId").asText(id), order.key().externalId(), f.path("tranDate").asText(null),
                shipMethod, carrier, tracking, lines, completes(salesOrder, mapped));
    }

    /** Every line of the fulfilment, on the order's lines of the same item, the first ones first. */
    private static List<ShipmentPlan.Line> lines(JsonNode f, MappedRecord mapped, LedgerRecord order) {
        List<ShipmentPlan.Line> lines = new ArrayList<>();
        Map<MappedLine, BigDecimal> left = new LinkedHashMap<>();
        mapped.getLines().stream().filter(l -> l.getKind() == MappedLine.Kind.ITEM)
                .forEach(l -> left.put(l, l.getQuantity() == null ? BigDecimal.ONE : l.getQuantity()));
        for (JsonNode line : f.path("item").path("items")) {
            if (line.has("itemReceive") && !line.path("itemReceive").asBoolean(true)) {
                continue;
            }
            String item = line.path("item").path("id").asText();
            BigDecimal quantity = line.path("quantity").decimalValue();
            for (Map.Entry<MappedLine, BigDecimal> candidate : left.entrySet()) {
                if (quantity.signum() <= 0) {
                    break;
                }
                if (item.equals(candidate.getKey().getItemId()) && candidate.getValue().signum() > 0) {
                    BigDecimal take = quantity.min(candidate.getValue());
                    candidate.setValue(candidate.getValue().subtract(take));
                    quantity = quantity.subtract(take);
                    lines.add(new ShipmentPlan.Line(candidate.getKey().getLineId(), candidate.getKey().getSku(), take));
                }
            }
            if (quantity.signum() > 0) {
                throw new PermanentFailure("UNMATCHED_FULFILLMENT_LINE", "fulfilment " + f.path("tranId").asText()
                        + " ships " + quantity.toPlainString() + " × item " + line.path("item").path("refName").asText(item)
                        + ", which order " + order.key().externalId() + " does not have (or not that many)");
            }
        }
        return lines;
    }

    /** Whether the Sales Order has every line of the order's items fulfilled (or closed), this fulfilment counted. */
    private boolean completes(String salesOrder, MappedRecord mapped) {
        Set<String> orderItems = new HashSet<>();
        mapped.getLines().stream().filter(l -> l.getKind() == MappedLine.Kind.ITEM).forEach(l -> orderItems.add(l.getItemId()));
        JsonNode so = netsuite.get("salesOrder", salesOrder).orElseThrow(() -> new PermanentFailure("ORDER_NOT_FOUND",
                "NetSuite has no Sales Order " + salesOrder + " any more"));
        for (JsonNode line : so.path("item").path("items")) {
            if (!orderItems.contains(line.path("item").path("id").asText()) || line.path("isClosed").asBoolean(false)) {
                continue;
            }
            if (line.path("quantityFulfilled").decimalValue().compareTo(line.path("quantity").decimalValue()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Marks the delivery with the fulfilment it passed back, as the ledger records it. */
    public void delivered(ShipmentPlan plan, Exchange exchange) {
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_TYPE, "itemFulfillment");
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, plan.fulfillmentId());
        exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, plan.tranId());
    }

    private static MappedRecord mapped(LedgerRecord order) {
        if (order.mapped() == null) {
            throw new PermanentFailure("ORDER_NOT_FOUND", "order " + order.key() + " has no mapped record to ship");
        }
        try {
            return Json.mapper().readValue(order.mapped(), MappedRecord.class);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("MAPPING_ERROR", "order " + order.key() + ": its mapped record cannot be read: "
                    + e.getOriginalMessage());
        }
    }

    private static JsonNode read(String payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("MAPPING_ERROR", "the stored fulfilment is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NetSuite's links change nothing a marketplace sees; without them, an unchanged fulfilment stages as unchanged. */
    private static JsonNode withoutLinks(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("links");
            object.forEach(FulfillmentSync::withoutLinks);
        } else if (node.isArray()) {
            node.forEach(FulfillmentSync::withoutLinks);
        }
        return node;
    }
}
