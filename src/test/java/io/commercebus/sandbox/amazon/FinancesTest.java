package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Finances API as the bus reads it: shipment and refund events with Amazon's fees, paging, groups and settlements. */
class FinancesTest {

    static final String EVENTS = "/finances/v0/financialEvents";
    static final String GROUPS = "/finances/v0/financialEventGroups";

    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    static JsonNode byOrder(SpApi api, String orderId) throws Exception {
        return ok(api.get("/finances/v0/orders/" + orderId + "/financialEvents")).at("/payload/FinancialEvents");
    }

    /** An amount of a list of charges or fees, by its type. */
    static BigDecimal amount(JsonNode list, String type) {
        for (JsonNode entry : list) {
            if (type.equals(entry.path("ChargeType").asText(entry.path("FeeType").asText()))) {
                JsonNode money = entry.has("ChargeAmount") ? entry.get("ChargeAmount") : entry.get("FeeAmount");
                return money.get("CurrencyAmount").decimalValue();
            }
        }
        throw new AssertionError("no " + type + " in " + list);
    }

    /** What an order event pays the seller: every charge, fee, promotion and withheld tax of its items. */
    static BigDecimal net(JsonNode event) {
        BigDecimal net = BigDecimal.ZERO;
        for (String items : List.of("ShipmentItemList", "ShipmentItemAdjustmentList")) {
            for (JsonNode item : event.path(items)) {
                for (String list : List.of("ItemChargeList", "ItemChargeAdjustmentList", "ItemFeeList", "ItemFeeAdjustmentList",
                        "PromotionList", "PromotionAdjustmentList")) {
                    for (JsonNode entry : item.path(list)) {
                        JsonNode money = entry.has("ChargeAmount") ? entry.get("ChargeAmount")
                                : entry.has("FeeAmount") ? entry.get("FeeAmount") : entry.get("PromotionAmount");
                        net = net.add(money.get("CurrencyAmount").decimalValue());
                    }
                }
                for (JsonNode withheld : item.path("ItemTaxWithheldList")) {
                    for (JsonNode tax : withheld.get("TaxesWithheld")) {
                        net = net.add(tax.get("ChargeAmount").get("CurrencyAmount").decimalValue());
                    }
                }
            }
        }
        return net;
    }

    @Test
    void anAmazonShipmentChargesTheBuyerWithholdsTheTaxAndTakesReferralAndFulfilmentFees() throws Exception {
        String id = amazon.placeOrder(amazon.demoOrder().withChannel("AFN").withStatus("Shipped").withTaxRate(new BigDecimal("0.0825"))
                .withLines(List.of(NewOrder.Line.of("MUG-11OZ", 2))));

        JsonNode events = byOrder(api, id);
        assertThat(events.get("RefundEventList")).isEmpty();
        JsonNode event = events.at("/ShipmentEventList/0");
        assertThat(event.get("AmazonOrderId").asText()).isEqualTo(id);
        assertThat(event.get("MarketplaceName").asText()).isEqualTo("Amazon.com");
        assertThat(event.get("PostedDate").asText()).isEqualTo(amazon.order(id).get("LastUpdateDate").asText());
        JsonNode item = event.at("/ShipmentItemList/0");
        assertThat(item.get("SellerSKU").asText()).isEqualTo("MUG-11OZ");
        assertThat(item.get("QuantityShipped").asInt()).isEqualTo(2);
        assertThat(item.get("OrderItemId").asText()).isEqualTo(amazon.orderItems(id).get(0).get("OrderItemId").asText());
        assertThat(amount(item.get("ItemChargeList"), "Principal")).isEqualByComparingTo("25.98");
        assertThat(amount(item.get("ItemChargeList"), "Tax")).isEqualByComparingTo("2.14");
        assertThat(amount(item.get("ItemChargeList"), "Shipping")).isZero();
        assertThat(amount(item.get("ItemFeeList"), "Commission")).as("15 % of 25.98").isEqualByComparingTo("-3.90");
        assertThat(amount(item.get("ItemFeeList"), "FBAPerUnitFulfillmentFee")).isEqualByComparingTo("-6.44");
        assertThat(amount(item.at("/ItemTaxWithheldList/0/TaxesWithheld"), "MarketplaceFacilitatorTax-Principal"))
                .isEqualByComparingTo("-2.14");
        assertThat(net(event)).isEqualByComparingTo("15.64");
    }

    @Test
    void aSellerShipmentTakesTheReferralFeeOfItemAndShippingLessPromotionsAndNoFulfilmentFee() throws Exception {
        NewOrder.Line line = NewOrder.Line.of("POSTER-A3", 1).withShipping(new BigDecimal("5.99"))
                .withPromotion("PLM-3OFF", new BigDecimal("3.00"));
        String id = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped").withTaxRate(BigDecimal.ZERO)
                .withLines(List.of(line)));
        assertThat(byOrder(api, id).get("ShipmentEventList")).as("nothing shipped, nothing posted").isEmpty();
        amazon.advance(id, "Shipped");

        JsonNode item = byOrder(api, id).at("/ShipmentEventList/0/ShipmentItemList/0");
        assertThat(amount(item.get("ItemChargeList"), "Shipping")).isEqualByComparingTo("5.99");
        assertThat(item.at("/PromotionList/0/PromotionId").asText()).isEqualTo("PLM-3OFF");
        assertThat(item.at("/PromotionList/0/PromotionAmount/CurrencyAmount").decimalValue()).isEqualByComparingTo("-3.00");
        // 15 % of 29.99 + 5.99 - 3.00
        assertThat(amount(item.get("ItemFeeList"), "Commission")).isEqualByComparingTo("-4.95");
        assertThat(item.get("ItemFeeList")).hasSize(1);
        // what the buyer paid (the order total, tax free here) less the commission
        assertThat(net(byOrder(api, id).at("/ShipmentEventList/0")))
                .isEqualByComparingTo(new BigDecimal(amazon.order(id).at("/OrderTotal/Amount").asText()).subtract(new BigDecimal("4.95")));
    }

    @Test
    void aRefundCreditsTheReferralFeeLessTheAdministrationFeeCappedAtFiveDollars() throws Exception {
        String id = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Shipped").withTaxRate(new BigDecimal("0.1025"))
                .withLines(List.of(NewOrder.Line.of("HOODIE-L", 2).withShipping(new BigDecimal("5.99")), NewOrder.Line.of("POSTER-A2", 4))));

        String adjustment = amazon.refund(id, Map.of("HOODIE-L", 1), true);
        assertThat(adjustment).matches("\\d{14}");
        JsonNode refund = byOrder(api, id).at("/RefundEventList/0");
        assertThat(refund.get("AmazonOrderId").asText()).isEqualTo(id);
        assertThat(refund.get("MarketplaceName").asText()).isEqualTo("Amazon.com");
        assertThat(refund.get("PostedDate").asText()).isNotEmpty();
        JsonNode item = refund.at("/ShipmentItemAdjustmentList/0");
        assertThat(item.get("SellerSKU").asText()).isEqualTo("HOODIE-L");
        assertThat(item.get("OrderAdjustmentItemId").asText()).matches("\\d{14}");
        assertThat(item.get("QuantityShipped").asInt()).isEqualTo(1);
        JsonNode charges = item.get("ItemChargeAdjustmentList");
        assertThat(amount(charges, "Principal")).isEqualByComparingTo("-54.50");
        assertThat(amount(charges, "Tax")).as("half of 11.17").isEqualByComparingTo("-5.59");
        assertThat(amount(charges, "Shipping")).as("half of 5.99").isEqualByComparingTo("-3.00");
        // 15 % of 57.50 = 8.63 back; 20 % of it kept
        assertThat(amount(item.get("ItemFeeAdjustmentList"), "Commission")).isEqualByComparingTo("8.63");
        assertThat(amount(item.get("ItemFeeAdjustmentList"), "RefundCommission")).isEqualByComparingTo("-1.73");
        assertThat(amount(item.at("/ItemTaxWithheldList/0/TaxesWithheld"), "MarketplaceFacilitatorTax-Principal"))
                .isEqualByComparingTo("5.59");

        amazon.refund(id, Map.of("POSTER-A2", 4), false);
        JsonNode posters = byOrder(api, id).at("/RefundEventList/1/ShipmentItemAdjustmentList/0");
        assertThat(amount(posters.get("ItemChargeAdjustmentList"), "Shipping")).isZero();
        assertThat(amount(posters.get("ItemFeeAdjustmentList"), "Commission")).as("15 % of 199.96").isEqualByComparingTo("29.99");
        assertThat(amount(posters.get("ItemFeeAdjustmentList"), "RefundCommission")).as("20 % is 6.00, capped").isEqualByComparingTo("-5.00");

        assertThatThrownBy(() -> amazon.refund(id, Map.of("POSTER-A2", 1), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 0 shipped and unrefunded units");
        assertThatThrownBy(() -> amazon.refund(id, Map.of("HOODIE-L", 2), false)).isInstanceOf(IllegalArgumentException.class);
        amazon.refund(id, Map.of("HOODIE-L", 1), false);
        assertThatThrownBy(() -> amazon.refund(id, Map.of("MUG-11OZ", 1), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no item with SKU MUG-11OZ");
        assertThatThrownBy(() -> amazon.refund("111-0000000-0000000", Map.of("MUG-11OZ", 1), false))
                .isInstanceOf(NoSuchElementException.class);
        String unshipped = amazon.placeOrder(amazon.demoOrder().withStatus("Unshipped").withLines(List.of(NewOrder.Line.of("MUG-11OZ", 1))));
        assertThatThrownBy(() -> amazon.refund(unshipped, Map.of("MUG-11OZ", 1), false)).isInstanceOf(IllegalArgumentException.class);

        HttpResponse<String> control = api.post("/sandbox/orders/" + unshipped + "/refund?items=MUG-11OZ:1");
        assertThat(control.statusCode()).isEqualTo(400);
        amazon.advance(unshipped, "Shipped");
        control = api.post("/sandbox/orders/" + unshipped + "/refund?items=MUG-11OZ:1&shipping=true");
        assertThat(control.statusCode()).isEqualTo(201);
        assertThat(SpApi.json(control).get("adjustmentId").asText()).matches("\\d{14}");
    }

    @Test
    void listFinancialEventsPagesByNextTokenWithinThePostedRange() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> seeded = amazon.seedShippedOrders(50, now.minus(Duration.ofDays(1)), 7);
        amazon.seedShippedOrders(5, now.minus(Duration.ofDays(3)), 8);
        assertThat(seeded.stream().map(id -> amazon.order(id).get("FulfillmentChannel").asText()).distinct())
                .containsExactlyInAnyOrder("AFN", "MFN");

        String query = EVENTS + "?PostedAfter=" + now.minus(Duration.ofDays(2)) + "&PostedBefore=" + now.minus(Duration.ofHours(1))
                + "&MaxResultsPerPage=20";
        List<String> seen = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        String next = query;
        while (next != null) {
            JsonNode payload = ok(api.get(next)).get("payload");
            JsonNode shipments = payload.at("/FinancialEvents/ShipmentEventList");
            pages.add(shipments.size());
            shipments.forEach(e -> seen.add(e.get("AmazonOrderId").asText()));
            next = payload.has("NextToken") ? query + "&NextToken=" + SpApi.encode(payload.get("NextToken").asText()) : null;
        }
        assertThat(pages).containsExactly(20, 20, 10);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seeded);

        // the token alone carries the query
        JsonNode first = ok(api.get(query)).get("payload");
        JsonNode second = ok(api.get(EVENTS + "?NextToken=" + SpApi.encode(first.get("NextToken").asText()))).get("payload");
        assertThat(second.at("/FinancialEvents/ShipmentEventList")).hasSize(20);

        JsonNode everything = ok(api.get(EVENTS + "?PostedAfter=" + now.minus(Duration.ofDays(4)))).get("payload");
        assertThat(everything.at("/FinancialEvents/ShipmentEventList")).hasSize(55);
        assertThat(everything.has("NextToken")).isFalse();
        JsonNode tooWide = ok(api.get(EVENTS + "?PostedAfter=" + now.minus(Duration.ofDays(400)) + "&PostedBefore=" + now.minus(Duration.ofDays(1))))
                .get("payload");
        assertThat(tooWide.at("/FinancialEvents/ShipmentEventList")).as("more than 180 days apart: empty").isEmpty();
    }

    @Test
    void invalidParametersAreInvalidInput() throws Exception {
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        for (String query : List.of(EVENTS + "?PostedBefore=2026-01-01T00:00:00Z",
                EVENTS + "?PostedAfter=" + future,
                EVENTS + "?PostedAfter=2026-01-02T00:00:00Z&PostedBefore=2026-01-01T00:00:00Z",
                EVENTS + "?PostedAfter=yesterday",
                EVENTS + "?MaxResultsPerPage=101",
                EVENTS + "?NextToken=not-a-token",
                GROUPS + "?MaxResultsPerPage=0",
                GROUPS + "?FinancialEventGroupStartedAfter=2026-01-02T00:00:00Z&FinancialEventGroupStartedBefore=2026-01-01T00:00:00Z",
                "/finances/v0/orders/12345/financialEvents")) {
            HttpResponse<String> response = api.get(query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(SpApi.json(response).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
        }
        HttpResponse<String> token = api.get(GROUPS);
        String groupsToken = SpApi.json(token).at("/payload/NextToken").asText("");
        assertThat(groupsToken).as("one group: no next page").isEmpty();
        assertThat(api.get(GROUPS + "/no-such-group/financialEvents").statusCode()).isEqualTo(404);
        assertThat(ok(api.get("/finances/v0/orders/111-0000000-0000000/financialEvents")).at("/payload/FinancialEvents/ShipmentEventList"))
                .as("an order without events has none").isEmpty();
    }

    @Test
    void eventsGatherInTheOpenGroupUntilASettlementClosesIt() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(Duration.ofDays(14));
        Instant end = now.plusSeconds(1);
        List<String> settled = amazon.seedShippedOrders(6, now.minus(Duration.ofDays(2)), 3);
        String refunded = settled.get(0);
        amazon.refund(refunded, Map.of(amazon.orderItems(refunded).get(0).get("SellerSKU").asText(), 1), false);

        JsonNode open = ok(api.get(GROUPS)).at("/payload/FinancialEventGroupList");
        assertThat(open).hasSize(1);
        assertThat(open.at("/0/ProcessingStatus").asText()).isEqualTo("Open");
        assertThat(open.at("/0/FinancialEventGroupStart").asText()).isEqualTo(now.minus(Duration.ofDays(2)).toString());
        BigDecimal balance = net(byOrder(api, refunded).at("/RefundEventList/0"));
        for (String id : settled) {
            balance = balance.add(net(byOrder(api, id).at("/ShipmentEventList/0")));
        }
        assertThat(open.at("/0/OriginalTotal/CurrencyAmount").decimalValue()).isEqualByComparingTo(balance);
        String openId = open.at("/0/FinancialEventGroupId").asText();

        SettlementSummary summary = amazon.settlement(amazon.publishSettlement(start, end));
        assertThat(summary.totalAmount()).isEqualByComparingTo(balance.subtract(new BigDecimal("39.99")));
        String later = amazon.placeOrder(amazon.demoOrder().withStatus("Shipped"));

        JsonNode groups = ok(api.get(GROUPS + "?FinancialEventGroupStartedAfter=" + start.minusSeconds(1))).at("/payload/FinancialEventGroupList");
        assertThat(groups).hasSize(2);
        JsonNode closed = groups.get(0);
        assertThat(closed.get("FinancialEventGroupId").asText()).isEqualTo(openId).isEqualTo(summary.financialEventGroupId());
        assertThat(closed.get("ProcessingStatus").asText()).isEqualTo("Closed");
        assertThat(closed.get("FundTransferStatus").asText()).isEqualTo("Processing");
        assertThat(closed.get("FinancialEventGroupStart").asText()).isEqualTo(start.toString());
        assertThat(closed.get("FinancialEventGroupEnd").asText()).isEqualTo(end.toString());
        assertThat(closed.get("FundTransferDate").asText()).isEqualTo(end.plus(Duration.ofDays(2)).toString())
                .isEqualTo(summary.depositDate().toString());
        assertThat(closed.at("/OriginalTotal/CurrencyAmount").decimalValue()).isEqualByComparingTo(summary.totalAmount());
        JsonNode reopened = groups.get(1);
        assertThat(reopened.get("ProcessingStatus").asText()).isEqualTo("Open");
        assertThat(reopened.get("FinancialEventGroupId").asText()).isNotEqualTo(openId);
        assertThat(reopened.get("FinancialEventGroupStart").asText()).isEqualTo(end.toString());
        assertThat(reopened.at("/OriginalTotal/CurrencyAmount").decimalValue())
                .isEqualByComparingTo(net(byOrder(api, later).at("/ShipmentEventList/0")));

        JsonNode inGroup = ok(api.get(GROUPS + "/" + openId + "/financialEvents")).at("/payload/FinancialEvents");
        Set<String> orders = new HashSet<>();
        inGroup.get("ShipmentEventList").forEach(e -> orders.add(e.get("AmazonOrderId").asText()));
        assertThat(orders).containsExactlyInAnyOrderElementsOf(settled);
        assertThat(inGroup.get("RefundEventList")).hasSize(1);
        assertThat(inGroup.at("/ServiceFeeEventList/0/FeeList/0/FeeType").asText()).isEqualTo("Subscription");
        assertThat(inGroup.at("/ServiceFeeEventList/0/FeeList/0/FeeAmount/CurrencyAmount").decimalValue()).isEqualByComparingTo("-39.99");
        JsonNode stillOpen = ok(api.get(GROUPS + "/" + reopened.get("FinancialEventGroupId").asText() + "/financialEvents"))
                .at("/payload/FinancialEvents/ShipmentEventList");
        assertThat(stillOpen).hasSize(1);
        assertThat(stillOpen.at("/0/AmazonOrderId").asText()).isEqualTo(later);
    }

    @Test
    void advertisingAndReimbursementsAreAccountEvents() throws Exception {
        amazon.chargeAdvertising(new BigDecimal("25.40"));
        amazon.reimburse("MUG-11OZ", 2, new BigDecimal("6.50"), "WAREHOUSE_DAMAGE");
        amazon.reimburse("MUG-11OZ", 1, new BigDecimal("-6.50"), "REVERSAL_REIMBURSEMENT");
        assertThatThrownBy(() -> amazon.reimburse("MUG-11OZ", 1, BigDecimal.ONE, "FOUND_IT")).isInstanceOf(IllegalArgumentException.class);

        JsonNode events = ok(api.get(EVENTS + "?PostedAfter=" + Instant.now().minus(Duration.ofDays(1)))).at("/payload/FinancialEvents");
        JsonNode ads = events.at("/ProductAdsPaymentEventList/0");
        assertThat(ads.get("transactionType").asText()).isEqualTo("charge");
        assertThat(ads.at("/transactionValue/CurrencyAmount").decimalValue()).isEqualByComparingTo("-25.40");
        JsonNode reimbursement = events.at("/AdjustmentEventList/0");
        assertThat(reimbursement.get("AdjustmentType").asText()).isEqualTo("FBAInventoryReimbursement");
        assertThat(reimbursement.at("/AdjustmentAmount/CurrencyAmount").decimalValue()).isEqualByComparingTo("13.00");
        assertThat(reimbursement.at("/AdjustmentItemList/0/SellerSKU").asText()).isEqualTo("MUG-11OZ");
        assertThat(reimbursement.at("/AdjustmentItemList/0/Quantity").asText()).isEqualTo("2");
        assertThat(events.at("/AdjustmentEventList/1/AdjustmentAmount/CurrencyAmount").decimalValue()).isEqualByComparingTo("-6.50");
    }

    @Test
    void theDemoGeneratorPostsTheShipmentsItMakes() {
        List<String> ids = amazon.placeDemoOrders(40);
        for (int tick = 0; tick < 6; tick++) {
            amazon.progressOrders();
        }
        Map<String, Integer> shipped = new LinkedHashMap<>();
        ids.stream().filter(id -> amazon.order(id).get("OrderStatus").asText().equals("Shipped"))
                .forEach(id -> shipped.put(id, amazon.financialEvents(id).size()));
        assertThat(shipped).isNotEmpty().allSatisfy((id, events) -> assertThat(events).as(id).isEqualTo(1));
        assertThat(ids.stream().filter(id -> !shipped.containsKey(id))).allSatisfy(id -> assertThat(amazon.financialEvents(id)).isEmpty());
    }

    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SpApi.json(response);
    }
}
