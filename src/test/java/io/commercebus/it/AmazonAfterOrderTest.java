package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.amazon.AmazonShipments;
import io.commercebus.fulfillment.ShipmentPlan;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.sandbox.amazon.AmazonSandbox;
import io.commercebus.sandbox.amazon.NewOrder;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Amazon side after the order, through the SP-API and NetSuite sandboxes: NetSuite fulfilments of
 * seller-fulfilled orders confirmed at Amazon (once), cancellations left to Seller Central, and Amazon
 * refunds as credit memos against the order's Sales Order or Cash Sale.
 */
class AmazonAfterOrderTest {

    static final String STORE = "amazon-demo";

    @TempDir
    static Path dir;
    static TestBus bus;
    static AmazonSandbox amazon;
    static NetSuiteSandbox netsuite;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.store.amazon-demo.poll.period", "300ms");
        settings.put("bus.amazon.refunds.period", "300");
        settings.put("bus.amazon.refunds.overlap", "5s");
        bus = TestBus.start(settings);
        amazon = bus.amazon();
        netsuite = bus.netsuite();
        // the polls run every 300 ms here, far above Amazon's plans for getOrders and listFinancialEvents
        amazon.setUsagePlan("getOrders", 50, 100);
        amazon.setUsagePlan("listFinancialEvents", 50, 100);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    static RecordKey key(String recordType, String id) {
        return new RecordKey("amazon", STORE, recordType, id);
    }

    /** A paid order the bus has delivered to NetSuite. */
    static String deliveredOrder(String channel, NewOrder.Line... lines) {
        String id = amazon.placeOrder(amazon.demoOrder().withChannel(channel).withStatus("Unshipped").withLines(List.of(lines)));
        if (channel.equals("AFN")) {
            amazon.advance(id, "Shipped");
        }
        bus.awaitState(key("order", id), RecordState.DELIVERED);
        return id;
    }

    @Test
    void aNetSuiteFulfilmentIsConfirmedAtAmazonOnceWithItsItemsCarrierAndTracking() {
        String id = deliveredOrder("MFN", NewOrder.Line.of("MUG-11OZ", 2), NewOrder.Line.of("POSTER-A3", 1));
        Map<String, String> itemIds = orderItemIds(id);

        String mugs = netsuite.fulfill("AMZ-amazon-demo-" + id, Map.of("MUG-11OZ", BigDecimal.valueOf(2)), "103",
                List.of("1Z999AA10123456784"));
        bus.awaitState(key("fulfillment", mugs), RecordState.DELIVERED);

        JsonNode first = amazon.packages(id).get(0);
        assertThat(first.get("packageReferenceId").asText()).isEqualTo(mugs);
        assertThat(first.get("carrierCode").asText()).isEqualTo("UPS");
        assertThat(first.get("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(first.get("orderItems")).hasSize(1);
        assertThat(first.get("orderItems").get(0).get("orderItemId").asText()).isEqualTo(itemIds.get("MUG-11OZ"));
        assertThat(first.get("orderItems").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(amazon.order(id).get("OrderStatus").asText()).isEqualTo("PartiallyShipped");

        String poster = netsuite.fulfill("AMZ-amazon-demo-" + id, Map.of("POSTER-A3", BigDecimal.ONE), "105", List.of("7720FDX1"));
        bus.awaitState(key("fulfillment", poster), RecordState.DELIVERED);
        JsonNode second = amazon.packages(id).get(1);
        assertThat(second.get("packageReferenceId").asText()).isEqualTo(poster);
        assertThat(second.get("carrierCode").asText()).isEqualTo("FedEx");
        assertThat(second.get("orderItems").get(0).get("orderItemId").asText()).isEqualTo(itemIds.get("POSTER-A3"));
        assertThat(amazon.order(id).get("OrderStatus").asText()).isEqualTo("Shipped");

        // the fulfilments read again (every run reads the last minutes again), and one confirmed again as
        // after a crash between Amazon's answer and the ledger's commit
        Instant delivered = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> fulfilmentWatermark().isAfter(delivered));
        LedgerRecord record = bus.record(key("fulfillment", mugs));
        bus.bus().bean("amazonShipments", AmazonShipments.class).ship(STORE, Json.mapper().convertValue(Json.read(record.mapped()),
                ShipmentPlan.class));

        assertThat(amazon.packages(id)).hasSize(2);
        assertThat(amazon.financialEvents(id)).filteredOn(e -> e.has("ShipmentItemList")).hasSize(2);
        assertThat(bus.record(key("fulfillment", mugs)).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(bus.record(key("fulfillment", poster)).state()).isEqualTo(RecordState.DELIVERED);
    }

    @Test
    void aSalesOrderCancelledInNetSuiteIsLeftToSellerCentralSayingSo() {
        String id = deliveredOrder("MFN", NewOrder.Line.of("CAP-ONE", 1));

        netsuite.cancelSalesOrder("AMZ-amazon-demo-" + id);

        bus.awaitReason(key("cancellation", id), "CANCEL_NOT_SUPPORTED");
        LedgerRecord cancellation = bus.record(key("cancellation", id));
        assertThat(cancellation.state()).isEqualTo(RecordState.SKIPPED);
        assertThat(cancellation.lastError()).contains("cancel Amazon order " + id).contains("Seller Central");
        assertThat(amazon.order(id).get("OrderStatus").asText()).isEqualTo("Unshipped");
    }

    @Test
    void aRefundOfOneUnitOfAShippedOrderIsCreditedAgainstItsSalesOrderAndPaidBackFromAmazonClearing() {
        String id = deliveredOrder("MFN", NewOrder.Line.of("MUG-11OZ", 2), NewOrder.Line.of("SOCKS-3PK", 1));
        amazon.advance(id, "Shipped");

        amazon.refund(id, Map.of("MUG-11OZ", 1), false);

        JsonNode event = refundEvent(id);
        String refundId = id + "-" + event.at("/ShipmentItemAdjustmentList/0/OrderAdjustmentItemId").asText();
        bus.awaitState(key("refund", refundId), RecordState.DELIVERED);
        BigDecimal refunded = refunded(event);
        String externalId = "AMZ-amazon-demo-R" + refundId;
        String salesOrder = netsuite.recordByExternalId("salesOrder", "AMZ-amazon-demo-" + id).get("id").asText();

        JsonNode authorization = netsuite.recordByExternalId("returnAuthorization", externalId + "-RA");
        assertThat(authorization.at("/createdFrom/id").asText()).isEqualTo(salesOrder);
        JsonNode creditMemo = netsuite.recordByExternalId("creditMemo", externalId);
        assertThat(creditMemo.at("/createdFrom/id").asText()).isEqualTo(authorization.get("id").asText());
        assertThat(creditMemo.get("total").decimalValue()).isEqualByComparingTo(refunded);
        List<JsonNode> mugLines = lines(creditMemo, "MUG-11OZ");
        assertThat(mugLines).hasSize(1);
        assertThat(mugLines.get(0).get("quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(mugLines.get(0).get("amount").decimalValue()).isEqualByComparingTo("12.99");
        assertThat(lines(creditMemo, "SOCKS-3PK")).isEmpty();

        JsonNode receipt = netsuite.recordByExternalId("itemReceipt", externalId + "-IR");
        assertThat(receipt.at("/item/items")).hasSize(1);
        assertThat(receipt.at("/item/items/0/quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(receipt.at("/item/items/0/location/id").asText()).isEqualTo("1");

        JsonNode customerRefund = netsuite.recordByExternalId("customerRefund", externalId + "-CR");
        assertThat(customerRefund.at("/account/id").asText()).isEqualTo("2");
        assertThat(customerRefund.get("total").decimalValue()).isEqualByComparingTo(refunded);
    }

    @Test
    void aRefundOfAnFbaOrderGoesAgainstItsCashSaleAndBackToTheFbaLocation() {
        String id = deliveredOrder("AFN", NewOrder.Line.of("TEE-M-BLK", 3));

        amazon.refund(id, Map.of("TEE-M-BLK", 1), false);

        JsonNode event = refundEvent(id);
        String refundId = id + "-" + event.at("/ShipmentItemAdjustmentList/0/OrderAdjustmentItemId").asText();
        bus.awaitState(key("refund", refundId), RecordState.DELIVERED);
        String externalId = "AMZ-amazon-demo-R" + refundId;
        String cashSale = netsuite.recordByExternalId("cashSale", "AMZ-amazon-demo-" + id).get("id").asText();
        assertThat(netsuite.recordByExternalId("returnAuthorization", externalId + "-RA").at("/createdFrom/id").asText())
                .isEqualTo(cashSale);
        assertThat(netsuite.recordByExternalId("itemReceipt", externalId + "-IR").at("/item/items/0/location/id").asText())
                .isEqualTo("9");
        assertThat(netsuite.recordByExternalId("creditMemo", externalId).get("total").decimalValue())
                .isEqualByComparingTo(refunded(event));
    }

    /** Where the next run of the fulfilment intake starts (before its overlap). */
    static Instant fulfilmentWatermark() throws SQLException {
        try (Connection c = bus.bus().bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position FROM sync_watermark WHERE marketplace = 'netsuite'"
                     + " AND stream = 'item-fulfillments'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Instant.parse(rs.getString(1)) : Instant.EPOCH;
        }
    }

    /** The order's RefundEvent, once Amazon lists it. */
    static JsonNode refundEvent(String orderId) {
        return amazon.financialEvents(orderId).stream().filter(e -> e.has("ShipmentItemAdjustmentList")).findFirst().orElseThrow();
    }

    /** What the buyer got back: the refunded charges less the promotions taken back. */
    static BigDecimal refunded(JsonNode event) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : event.get("ShipmentItemAdjustmentList")) {
            for (JsonNode charge : item.get("ItemChargeAdjustmentList")) {
                total = total.subtract(charge.at("/ChargeAmount/CurrencyAmount").decimalValue());
            }
            for (JsonNode promotion : item.path("PromotionAdjustmentList")) {
                total = total.subtract(promotion.at("/PromotionAmount/CurrencyAmount").decimalValue());
            }
        }
        return total;
    }

    static Map<String, String> orderItemIds(String orderId) {
        return StreamSupport.stream(amazon.orderItems(orderId).spliterator(), false)
                .collect(Collectors.toMap(i -> i.get("SellerSKU").asText(), i -> i.get("OrderItemId").asText()));
    }

    static List<JsonNode> lines(JsonNode transaction, String itemName) {
        String item = netsuite.records("inventoryItem").stream().filter(r -> itemName.equals(r.path("itemId").asText()))
                .findFirst().orElseThrow().get("id").asText();
        return StreamSupport.stream(transaction.at("/item/items").spliterator(), false)
                .filter(line -> item.equals(line.at("/item/id").asText())).toList();
    }
}
