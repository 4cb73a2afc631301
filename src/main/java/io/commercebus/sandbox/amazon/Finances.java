package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The seller's money at Amazon, as the Finances API v0 and the settlement reports show it. Every
 * shipment posts a ShipmentEvent (what the buyer paid for the units shipped, the marketplace tax
 * Amazon withholds, and Amazon's fees by {@link FeeSchedule}); a refund posts a RefundEvent; the
 * account has service fees, advertising charges and FBA reimbursements. Each event also knows its
 * rows in a settlement report's Flat File V2, so a report always adds up to its events.
 *
 * <p>Events gather in the open financial event group. A settlement closes the group: the events
 * posted in its period go into it, its total is paid out, and a new group opens.
 */
final class Finances implements OrderBook.ShipmentListener {

    static final String SHIPMENTS = "ShipmentEventList";
    static final String REFUNDS = "RefundEventList";
    static final String SERVICE_FEES = "ServiceFeeEventList";
    static final String PRODUCT_ADS = "ProductAdsPaymentEventList";
    static final String ADJUSTMENTS = "AdjustmentEventList";
    /** The event lists the sandbox posts, in the order of the definition's FinancialEvents. */
    static final List<String> LISTS = List.of(SHIPMENTS, REFUNDS, PRODUCT_ADS, SERVICE_FEES, ADJUSTMENTS);
    /** Why Amazon reimburses (or takes back) FBA inventory, as settlement reports name it. */
    static final Set<String> REIMBURSEMENT_REASONS = Set.of("WAREHOUSE_DAMAGE", "WAREHOUSE_LOST", "CUSTOMER_RETURN",
            "REVERSAL_REIMBURSEMENT", "CUSTOMER_SERVICE_ISSUE");
    /** From a settlement's end to its deposit (the fund transfer). */
    static final Duration DEPOSIT_DELAY = Duration.ofDays(2);
    private static final String MARKETPLACE_NAME = "Amazon.com";
    private static final String CURRENCY = "USD";

    /** A posted financial event: its list, its body as the API shows it, its settlement rows and its group once settled. */
    static final class Event {
        final long seq;
        final String list;
        final Instant posted;
        final String orderId;
        final ObjectNode body;
        final List<SettlementRow> rows;
        /** Refunded units per OrderItemId, for a refund. */
        final Map<String, Integer> refunded;
        String group;

        Event(long seq, String list, Instant posted, String orderId, ObjectNode body, List<SettlementRow> rows,
              Map<String, Integer> refunded) {
            this.seq = seq;
            this.list = list;
            this.posted = posted;
            this.orderId = orderId;
            this.body = body;
            this.rows = List.copyOf(rows);
            this.refunded = Map.copyOf(refunded);
        }

        BigDecimal total() {
            return rows.stream().map(SettlementRow::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A closed financial event group: one settlement, paid out at its deposit date. */
    record Settlement(String groupId, String settlementId, Instant start, Instant end, Instant depositDate,
                      BigDecimal totalAmount, List<SettlementRow> rows, String traceId) {

        BigDecimal rowsTotal() {
            return rows.stream().map(SettlementRow::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        Set<String> orderIds() {
            Set<String> ids = new LinkedHashSet<>();
            rows.stream().filter(r -> r.orderId() != null).forEach(r -> ids.add(r.orderId()));
            return ids;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Settlement> settlements = new LinkedHashMap<>();
    private final Clock clock;
    /** Ids are random, not seeded: a seeded sequence would repeat itself after a restart. */
    private final SecureRandom random = new SecureRandom();
    private String openGroupId;
    private long nextSeq = 1;
    private long nextSettlementId;

    Finances(Clock clock, long seed) {
        this.clock = clock;
        this.openGroupId = newGroupId();
        this.nextSettlementId = 12_000_000_000L + Math.floorMod(seed, 1000) * 1_000_000L;
    }

    // ---------------------------------------------------------------- events

    /** A ShipmentEvent for the units just shipped: what the buyer pays for them, less the tax Amazon withholds and its fees. */
    @Override
    public synchronized void shipped(OrderBook.StoredOrder order, List<OrderBook.ShippedUnits> units, Instant at, String shipmentId) {
        String orderId = order.id();
        String channel = order.channel();
        boolean afn = channel.equals("AFN");
        ObjectNode body = orderEvent(order, at);
        ArrayNode items = body.putArray("ShipmentItemList");
        List<SettlementRow> rows = new ArrayList<>();
        for (OrderBook.ShippedUnits shipped : units) {
            JsonNode item = shipped.item();
            Amounts amounts = Amounts.of(item, shipped.before(), shipped.after());
            int quantity = shipped.after() - shipped.before();
            String sku = item.get("SellerSKU").asText();
            String orderItemId = item.get("OrderItemId").asText();
            ObjectNode entry = items.addObject().put("SellerSKU", sku).put("OrderItemId", orderItemId).put("QuantityShipped", quantity);
            Rows out = new Rows(rows, "Order", orderId, null, shipmentId, channel, at, orderItemId, sku, quantity);

            ArrayNode charges = entry.putArray("ItemChargeList");
            charge(charges, out, "ItemPrice", "Principal", amounts.principal);
            charge(charges, out, "ItemPrice", "Tax", amounts.tax);
            charge(charges, out, "ItemPrice", "Shipping", amounts.shipping);
            charge(charges, out, "ItemPrice", "ShippingTax", amounts.shippingTax);
            ArrayNode fees = entry.putArray("ItemFeeList");
            BigDecimal commission = FeeSchedule.referralFee(amounts.salesPrice());
            fee(fees, out, "Commission", commission.negate());
            if (afn) {
                fee(fees, out, "FBAPerUnitFulfillmentFee", FeeSchedule.fulfilmentFee(quantity).negate());
            }
            withheld(entry, out, amounts.tax.negate(), amounts.shippingTax.negate());
            promotions(entry.putArray("PromotionList"), out, item, amounts.promotion.negate(), amounts.shippingPromotion.negate());
        }
        post(SHIPMENTS, at, orderId, body, rows, Map.of());
    }

    /**
     * A RefundEvent now: the given units of the order's shipped SKUs are refunded (their shipping too
     * when {@code refundShipping}); Amazon credits their referral fee less its administration fee.
     *
     * @return the refund's adjustment id
     * @throws IllegalArgumentException for a SKU the order does not have, or more units than shipped and not yet refunded
     */
    synchronized String refund(OrderBook.StoredOrder order, Map<String, Integer> quantityBySellerSku, boolean refundShipping) {
        if (quantityBySellerSku.isEmpty()) {
            throw new IllegalArgumentException("a refund needs at least one SKU");
        }
        Map<String, Integer> refundedBefore = new LinkedHashMap<>();
        events.stream().filter(e -> order.id().equals(e.orderId))
                .forEach(e -> e.refunded.forEach((item, units) -> refundedBefore.merge(item, units, Integer::sum)));
        // which units of which items: the SKU's items in order, each up to what it shipped and has not refunded
        Map<JsonNode, Integer> picked = new LinkedHashMap<>();
        quantityBySellerSku.forEach((sku, quantity) -> {
            if (quantity == null || quantity < 1) {
                throw new IllegalArgumentException("the refunded quantity of " + sku + " must be at least 1");
            }
            int left = quantity;
            boolean found = false;
            for (JsonNode item : order.items()) {
                if (item.get("SellerSKU").asText().equals(sku)) {
                    found = true;
                    int refundable = item.get("QuantityShipped").asInt() - refundedBefore.getOrDefault(item.get("OrderItemId").asText(), 0);
                    int take = Math.min(left, refundable);
                    if (take > 0) {
                        picked.put(item, take);
                        left -= take;
                    }
                }
            }
            if (!found) {
                throw new IllegalArgumentException("order " + order.id() + " has no item with SKU " + sku);
            }
            if (left > 0) {
                throw new IllegalArgumentException("order " + order.id() + " has " + (quantity - left) + " shipped and unrefunded units of "
                        + sku + ", not " + quantity);
            }
        });

        Instant at = now();
        String adjustmentId = digits(14);
        ObjectNode body = orderEvent(order, at);
        ArrayNode items = body.putArray("ShipmentItemAdjustmentList");
        List<SettlementRow> rows = new ArrayList<>();
        Map<String, Integer> refunded = new LinkedHashMap<>();
        picked.forEach((item, quantity) -> {
            String orderItemId = item.get("OrderItemId").asText();
            int before = refundedBefore.getOrDefault(orderItemId, 0);
            Amounts amounts = Amounts.of(item, before, before + quantity);
            if (!refundShipping) {
                amounts = amounts.withoutShipping();
            }
            String sku = item.get("SellerSKU").asText();
            String adjustmentItemId = digits(14);
            ObjectNode entry = items.addObject().put("SellerSKU", sku).put("OrderAdjustmentItemId", adjustmentItemId)
                    .put("QuantityShipped", quantity);
            Rows out = new Rows(rows, "Refund", order.id(), adjustmentId, null, order.channel(), at, adjustmentItemId, sku, null);

            ArrayNode charges = entry.putArray("ItemChargeAdjustmentList");
            charge(charges, out, "ItemPrice", "Principal", amounts.principal.negate());
            charge(charges, out, "ItemPrice", "Tax", amounts.tax.negate());
            charge(charges, out, "ItemPrice", "Shipping", amounts.shipping.negate());
            charge(charges, out, "ItemPrice", "ShippingTax", amounts.shippingTax.negate());
            ArrayNode fees = entry.putArray("ItemFeeAdjustmentList");
            BigDecimal commission = FeeSchedule.referralFee(amounts.salesPrice());
            fee(fees, out, "Commission", commission);
            fee(fees, out, "RefundCommission", FeeSchedule.refundAdministrationFee(commission).negate());
            withheld(entry, out, amounts.tax, amounts.shippingTax);
            promotions(entry.putArray("PromotionAdjustmentList"), out, item, amounts.promotion, amounts.shippingPromotion);
            refunded.put(orderItemId, quantity);
        });
        post(REFUNDS, at, order.id(), body, rows, refunded);
        return adjustmentId;
    }

    /** The monthly subscription fee of the Professional selling plan, as a ServiceFeeEvent. */
    synchronized void subscriptionFee(Instant at) {
        ObjectNode body = nodes.objectNode().put("FeeReason", "Subscription");
        body.putArray("FeeList").addObject().put("FeeType", "Subscription").set("FeeAmount", money(FeeSchedule.SUBSCRIPTION.negate()));
        body.put("FeeDescription", "Subscription Fee");
        post(SERVICE_FEES, at, null, body,
                List.of(SettlementRow.other("other-transaction", "Subscription Fee", FeeSchedule.SUBSCRIPTION.negate(), at, null, null)),
                Map.of());
    }

    /** Sponsored Products charged to the seller's Amazon balance: a ProductAdsPaymentEvent. */
    synchronized void advertising(BigDecimal amount, Instant at) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("an advertising charge is a positive amount, not " + amount);
        }
        BigDecimal charged = FeeSchedule.cents(amount).negate();
        ObjectNode body = nodes.objectNode().put("postedDate", at.toString()).put("transactionType", "charge")
                .put("invoiceId", "TR" + digits(10));
        body.set("baseValue", money(charged));
        body.set("taxValue", money(BigDecimal.ZERO.setScale(2)));
        body.set("transactionValue", money(charged));
        post(PRODUCT_ADS, at, null, body,
                List.of(SettlementRow.other("Cost of Advertising", "TransactionTotalAmount", charged, at, null, null)), Map.of());
    }

    /** An FBA inventory reimbursement (or, negative, its reversal): an AdjustmentEvent FBAInventoryReimbursement. */
    synchronized void reimbursement(String sku, String asin, int quantity, BigDecimal perUnit, String reason, Instant at) {
        if (!REIMBURSEMENT_REASONS.contains(reason)) {
            throw new IllegalArgumentException("no reimbursement reason " + reason + "; one of " + REIMBURSEMENT_REASONS);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("a reimbursement is for at least one unit");
        }
        BigDecimal unit = FeeSchedule.cents(perUnit);
        BigDecimal total = unit.multiply(BigDecimal.valueOf(quantity));
        ObjectNode body = nodes.objectNode().put("AdjustmentType", "FBAInventoryReimbursement").put("PostedDate", at.toString());
        body.set("AdjustmentAmount", money(total));
        ObjectNode item = body.putArray("AdjustmentItemList").addObject().put("Quantity", Integer.toString(quantity));
        item.set("PerUnitAmount", money(unit));
        item.set("TotalAmount", money(total));
        item.put("SellerSKU", sku).put("FnSKU", "X00" + asin.substring(3)).put("ProductDescription", sku).put("ASIN", asin)
                .put("TransactionNumber", digits(10));
        post(ADJUSTMENTS, at, null, body,
                List.of(SettlementRow.other("FBA Inventory Reimbursement", reason, total, at, sku, quantity)), Map.of());
    }

    /** Events matching the filter, by posting time. */
    synchronized List<Event> find(Predicate<Event> filter) {
        return events.stream().filter(filter).sorted(Comparator.comparing((Event e) -> e.posted).thenComparingLong(e -> e.seq))
                .toList();
    }

    synchronized int size() {
        return events.size();
    }

    // ---------------------------------------------------------------- groups and settlements

    /**
     * Closes a settlement: the monthly subscription fee is posted at {@code start}, every unsettled
     * event posted in [start, end) joins the open group, which closes with their total plus
     * {@code skew} as its deposit (a skew makes the report's total disagree with its rows); a new
     * group opens.
     */
    synchronized Settlement settle(Instant start, Instant end, BigDecimal skew) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a settlement period ends after it starts, not " + start + " to " + end);
        }
        subscriptionFee(start);
        String groupId = openGroupId;
        List<SettlementRow> rows = new ArrayList<>();
        for (Event event : find(e -> e.group == null && !e.posted.isBefore(start) && e.posted.isBefore(end))) {
            event.group = groupId;
            rows.addAll(event.rows);
        }
        BigDecimal total = rows.stream().map(SettlementRow::amount).reduce(BigDecimal.ZERO, BigDecimal::add).add(skew);
        Settlement settlement = new Settlement(groupId, Long.toString(nextSettlementId++), start, end, end.plus(DEPOSIT_DELAY),
                FeeSchedule.cents(total), List.copyOf(rows), digits(15));
        settlements.put(groupId, settlement);
        openGroupId = newGroupId();
        return settlement;
    }

    synchronized Optional<Settlement> settlementById(String settlementId) {
        return settlements.values().stream().filter(s -> s.settlementId().equals(settlementId)).findFirst();
    }

    /** The latest end of a settlement, if there was one. */
    synchronized Optional<Instant> lastSettled() {
        return settlements.values().stream().map(Settlement::end).max(Comparator.naturalOrder());
    }

    /** Every group as listFinancialEventGroups shows it, by the time it opened: the closed ones, then the open one. */
    synchronized List<ObjectNode> groups() {
        List<ObjectNode> groups = new ArrayList<>();
        settlements.values().stream().sorted(Comparator.comparing(Settlement::start)).forEach(s -> groups.add(closedGroup(s)));
        groups.add(openGroup());
        return groups;
    }

    /** The events of a group (the open one: every event not yet settled). */
    synchronized Predicate<Event> inGroup(String groupId) {
        if (groupId.equals(openGroupId)) {
            return e -> e.group == null;
        }
        if (!settlements.containsKey(groupId)) {
            throw new NoSuchElementException("Financial event group " + groupId + " was not found.");
        }
        return e -> groupId.equals(e.group);
    }

    private ObjectNode closedGroup(Settlement settlement) {
        ObjectNode group = nodes.objectNode().put("FinancialEventGroupId", settlement.groupId()).put("ProcessingStatus", "Closed")
                .put("FundTransferStatus", settlement.depositDate().isAfter(now()) ? "Processing" : "Succeeded");
        group.set("OriginalTotal", money(settlement.totalAmount()));
        group.set("ConvertedTotal", money(settlement.totalAmount()));
        group.put("FundTransferDate", settlement.depositDate().toString()).put("TraceId", settlement.traceId()).put("AccountTail", "789");
        group.set("BeginningBalance", money(BigDecimal.ZERO.setScale(2)));
        group.put("FinancialEventGroupStart", settlement.start().toString()).put("FinancialEventGroupEnd", settlement.end().toString());
        return group;
    }

    /** The open group: since the last settlement (or the first unsettled event), its balance so far. */
    private ObjectNode openGroup() {
        List<Event> open = find(e -> e.group == null);
        Instant start = lastSettled().orElse(open.isEmpty() ? now() : open.get(0).posted);
        BigDecimal balance = open.stream().map(Event::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        ObjectNode group = nodes.objectNode().put("FinancialEventGroupId", openGroupId).put("ProcessingStatus", "Open");
        group.set("OriginalTotal", money(FeeSchedule.cents(balance)));
        group.set("BeginningBalance", money(BigDecimal.ZERO.setScale(2)));
        group.put("FinancialEventGroupStart", start.toString());
        return group;
    }

    // ---------------------------------------------------------------- state

    synchronized ObjectNode snapshot() {
        ObjectNode state = nodes.objectNode().put("openGroupId", openGroupId).put("nextSeq", nextSeq)
                .put("nextSettlementId", nextSettlementId);
        ArrayNode list = state.putArray("events");
        for (Event event : events) {
            ObjectNode node = list.addObject().put("seq", event.seq).put("list", event.list).put("posted", event.posted.toString())
                    .put("orderId", event.orderId).put("group", event.group);
            node.set("body", event.body);
            ArrayNode rows = node.putArray("rows");
            event.rows.forEach(row -> rows.add(row.toJson()));
            ObjectNode refunded = node.putObject("refunded");
            event.refunded.forEach(refunded::put);
        }
        ArrayNode closed = state.putArray("settlements");
        for (Settlement s : settlements.values()) {
            closed.addObject().put("groupId", s.groupId()).put("settlementId", s.settlementId()).put("start", s.start().toString())
                    .put("end", s.end().toString()).put("depositDate", s.depositDate().toString())
                    .put("totalAmount", s.totalAmount().toPlainString()).put("traceId", s.traceId());
        }
        return state;
    }

    synchronized void restore(JsonNode state) {
        if (!state.has("events")) {
            return; // a state file from before finances
        }
        events.clear();
        settlements.clear();
        openGroupId = state.get("openGroupId").asText();
        nextSeq = state.get("nextSeq").asLong();
        nextSettlementId = state.get("nextSettlementId").asLong();
        for (JsonNode node : state.get("events")) {
            List<SettlementRow> rows = new ArrayList<>();
            node.path("rows").forEach(row -> rows.add(SettlementRow.fromJson(row)));
            Map<String, Integer> refunded = new LinkedHashMap<>();
            node.path("refunded").properties().forEach(entry -> refunded.put(entry.getKey(), entry.getValue().asInt()));
            Event event = new Event(node.get("seq").asLong(), node.get("list").asText(), Instant.parse(node.get("posted").asText()),
                    node.hasNonNull("orderId") ? node.get("orderId").asText() : null, (ObjectNode) node.get("body"), rows, refunded);
            event.group = node.hasNonNull("group") ? node.get("group").asText() : null;
            events.add(event);
        }
        for (JsonNode node : state.get("settlements")) {
            String groupId = node.get("groupId").asText();
            List<SettlementRow> rows = new ArrayList<>();
            find(e -> groupId.equals(e.group)).forEach(e -> rows.addAll(e.rows));
            settlements.put(groupId, new Settlement(groupId, node.get("settlementId").asText(), Instant.parse(node.get("start").asText()),
                    Instant.parse(node.get("end").asText()), Instant.parse(node.get("depositDate").asText()),
                    new BigDecimal(node.get("totalAmount").asText()), rows, node.get("traceId").asText()));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An item's amounts for some of its units, from the Orders API's item: the charges net of discounts' tax. */
    private record Amounts(BigDecimal principal, BigDecimal tax, BigDecimal shipping, BigDecimal shippingTax,
                           BigDecimal promotion, BigDecimal shippingPromotion) {

        static Amounts of(JsonNode item, int from, int to) {
            int ordered = item.get("QuantityOrdered").asInt();
            return new Amounts(share(item, from, to, ordered, "ItemPrice", null),
                    share(item, from, to, ordered, "ItemTax", "PromotionDiscountTax"),
                    share(item, from, to, ordered, "ShippingPrice", null),
                    share(item, from, to, ordered, "ShippingTax", "ShippingDiscountTax"),
                    share(item, from, to, ordered, "PromotionDiscount", null),
                    share(item, from, to, ordered, "ShippingDiscount", null));
        }

        Amounts withoutShipping() {
            BigDecimal zero = BigDecimal.ZERO.setScale(2);
            return new Amounts(principal, tax, zero, zero, promotion, zero);
        }

        /** What the referral fee is taken of: item and shipping, less promotions, without tax. */
        BigDecimal salesPrice() {
            return principal.add(shipping).subtract(promotion).subtract(shippingPromotion);
        }

        private static BigDecimal share(JsonNode item, int from, int to, int ordered, String field, String less) {
            BigDecimal amount = new BigDecimal(item.get(field).get("Amount").asText());
            if (less != null) {
                amount = amount.subtract(new BigDecimal(item.get(less).get("Amount").asText()));
            }
            return FeeSchedule.share(amount, from, to, ordered);
        }
    }

    /** Where the rows of one item of an order event go, and what they share. */
    private record Rows(List<SettlementRow> out, String transactionType, String orderId, String adjustmentId, String shipmentId,
                        String fulfillmentId, Instant posted, String orderItemCode, String sku, Integer quantity) {

        void add(String amountType, String description, BigDecimal amount, String promotionId) {
            out.add(SettlementRow.item(transactionType, orderId, adjustmentId, shipmentId, fulfillmentId, posted, orderItemCode, sku,
                    quantity, amountType, description, amount, promotionId));
        }
    }

    private ObjectNode orderEvent(OrderBook.StoredOrder order, Instant at) {
        return nodes.objectNode().put("AmazonOrderId", order.id()).put("SellerOrderId", order.order().path("SellerOrderId").asText(order.id()))
                .put("MarketplaceName", MARKETPLACE_NAME).put("PostedDate", at.toString());
    }

    /** A charge of the event (all four always, as Amazon lists them) and its row when it is not zero, the principal always. */
    private void charge(ArrayNode charges, Rows rows, String amountType, String chargeType, BigDecimal amount) {
        charges.addObject().put("ChargeType", chargeType).set("ChargeAmount", money(amount));
        if (amount.signum() != 0 || chargeType.equals("Principal")) {
            rows.add(amountType, chargeType, amount, null);
        }
    }

    private void fee(ArrayNode fees, Rows rows, String feeType, BigDecimal amount) {
        fees.addObject().put("FeeType", feeType).set("FeeAmount", money(amount));
        rows.add("ItemFees", feeType, amount, null);
    }

    /** amazon.com collects and remits sales tax as marketplace facilitator: the tax charged is withheld again. */
    private void withheld(ObjectNode entry, Rows rows, BigDecimal principalTax, BigDecimal shippingTax) {
        ObjectNode withheld = entry.putArray("ItemTaxWithheldList").addObject().put("TaxCollectionModel", "MarketplaceFacilitator");
        ArrayNode taxes = withheld.putArray("TaxesWithheld");
        taxes.addObject().put("ChargeType", "MarketplaceFacilitatorTax-Principal").set("ChargeAmount", money(principalTax));
        taxes.addObject().put("ChargeType", "MarketplaceFacilitatorTax-Shipping").set("ChargeAmount", money(shippingTax));
        if (principalTax.signum() != 0) {
            rows.add("ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", principalTax, null);
        }
        if (shippingTax.signum() != 0) {
            rows.add("ItemWithheldTax", "MarketplaceFacilitatorTax-Shipping", shippingTax, null);
        }
    }

    /**
     * The item's promotions: a discount of the item under its first promotion id, of the shipping under
     * its last (an item discount is given before free shipping, as the demo orders do).
     */
    private void promotions(ArrayNode list, Rows rows, JsonNode item, BigDecimal principal, BigDecimal shipping) {
        JsonNode ids = item.path("PromotionIds");
        if (principal.signum() != 0) {
            String id = ids.path(0).asText("");
            list.addObject().put("PromotionType", "PromotionMetaDataDefinitionValue").put("PromotionId", id)
                    .set("PromotionAmount", money(principal));
            rows.add("Promotion", "Principal", principal, id);
        }
        if (shipping.signum() != 0) {
            String id = ids.path(Math.max(0, ids.size() - 1)).asText("");
            list.addObject().put("PromotionType", "PromotionMetaDataDefinitionValue").put("PromotionId", id)
                    .set("PromotionAmount", money(shipping));
            rows.add("Promotion", "Shipping", shipping, id);
        }
    }

    private void post(String list, Instant at, String orderId, ObjectNode body, List<SettlementRow> rows, Map<String, Integer> refunded) {
        events.add(new Event(nextSeq++, list, at, orderId, body, rows, refunded));
    }

    private ObjectNode money(BigDecimal amount) {
        return nodes.objectNode().put("CurrencyCode", CURRENCY).put("CurrencyAmount", amount);
    }

    /** Financial event group ids are opaque strings of letters, digits, - and _. */
    private String newGroupId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String digits(int n) {
        StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
        while (digits.length() < n) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
