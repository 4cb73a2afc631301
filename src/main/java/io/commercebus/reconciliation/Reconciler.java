package io.commercebus.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commercebus.config.StoreSettings;
import io.commercebus.connector.netsuite.NetSuiteFulfillments;
import io.commercebus.connector.netsuite.NetSuiteTransactions;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.payout.Payout;
import io.commercebus.payout.PayoutJournal;
import io.commercebus.payout.PayoutLine;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares, per store and period, what the marketplace says with what NetSuite holds, and keeps every
 * difference as a {@link Gap} with its reason and amount:
 * <ul>
 *   <li>marketplace orders that should be in NetSuite and are not (ORDER_MISSING), NetSuite transactions of
 *       the store that match no order (ORDER_EXTRA), totals that differ by more than the threshold
 *       (TOTAL_MISMATCH);</li>
 *   <li>payouts whose lines do not add up to the deposit (PAYOUT_MISMATCH), that pay for orders NetSuite
 *       lacks (PAYOUT_ORDER_UNKNOWN), or that were not posted (PAYOUT_NOT_POSTED);</li>
 *   <li>shipments NetSuite made that the marketplace was not told of (FULFILLMENT_NOT_SENT), refunds not
 *       posted (REFUND_NOT_POSTED).</li>
 * </ul>
 * An order the bus never received is announced to the ledger again (with {@code bus.reconciliation.repair}),
 * so the next run finds it resolved.
 */
public class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Ledger ledger;
    private final StoreSettings stores;
    private final Function<String, OrderSource> sources;
    private final NetSuiteTransactions transactions;
    private final NetSuiteFulfillments fulfillments;
    private final Gaps gaps;
    private final Clock clock;
    private final boolean repair;
    private final ZoneId netsuiteZone;

    public Reconciler(Ledger ledger, StoreSettings stores, Function<String, OrderSource> sources,
                      NetSuiteTransactions transactions, NetSuiteFulfillments fulfillments, Gaps gaps, Clock clock,
                      boolean repair, ZoneId netsuiteZone) {
        this.ledger = ledger;
        this.stores = stores;
        this.sources = sources;
        this.transactions = transactions;
        this.fulfillments = fulfillments;
        this.gaps = gaps;
        this.clock = clock;
        this.repair = repair;
        this.netsuiteZone = netsuiteZone;
    }

    /** Whether the store can be reconciled: its marketplace's connector reads orders for it. */
    public boolean reconcilable(String store) {
        String marketplace = stores.get(store, "marketplace");
        return marketplace != null && sources.apply(marketplace) != null
                && !"false".equalsIgnoreCase(stores.get(store, "reconciliation.enabled"));
    }

    /** Reconciles one store over [from, to) and returns the run's report. */
    public ReconciliationReport run(String store, Instant from, Instant to) {
        if (!stores.ids().contains(store)) {
            throw new IllegalArgumentException("no store '" + store + "'; known: " + stores.ids());
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: from " + from + " is not before to " + to);
        }
        String marketplace = stores.required(store, "marketplace");
        OrderSource source = sources.apply(marketplace);
        if (source == null) {
            throw new IllegalArgumentException("store '" + store + "': the " + marketplace + " connector cannot list orders");
        }
        long runId = gaps.startRun(store, marketplace, from, to);
        Gaps.Run run = new Gaps.Run(runId, store, marketplace, from, to, clock.instant(), null, null);
        Found found = new Found();
        Map<String, Object> counts = new LinkedHashMap<>();
        orders(store, marketplace, source, from, to, found, counts);
        payouts(store, marketplace, from, to, found, counts);
        fulfillments(store, marketplace, from, to, found, counts);
        refunds(store, marketplace, from, to, found, counts);
        String summary;
        try {
            summary = Json.mapper().writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int opened = gaps.finishRun(run, summary, found.gaps, found.examined);
        LOG.info("Reconciliation of store {} from {} to {}: {} gap(s), {} new; {}", store, from, to, found.gaps.size(), opened,
                counts);
        return report(runId);
    }

    /** The report of a finished run. */
    public ReconciliationReport report(long runId) {
        Gaps.Run run = gaps.run(runId).orElseThrow(() -> new IllegalArgumentException("no reconciliation run " + runId));
        return ReconciliationReport.of(run, gaps.foundBy(runId));
    }

    /** The report of the store's newest run, if it ran. */
    public Optional<ReconciliationReport> lastReport(String store) {
        return gaps.lastRun(store).map(run -> ReconciliationReport.of(run, gaps.foundBy(run.id())));
    }

    // ---------------------------------------------------------------- orders

    private void orders(String store, String marketplace, OrderSource source, Instant from, Instant to, Found found,
                        Map<String, Object> counts) {
        List<MarketplaceOrder> orders = source.ordersCreated(store, from, to);
        Map<String, LedgerRecord> known = ledger.findAll(marketplace, store, "order", orders.stream().map(MarketplaceOrder::id).toList());
        String prefix = source.externalIdPrefix(store);
        // each order's transaction by the external id the ledger recorded, else the one its mapping gives it
        Map<String, String> externalIds = new LinkedHashMap<>();
        for (MarketplaceOrder order : orders) {
            LedgerRecord record = known.get(order.id());
            externalIds.put(order.id(), record != null && record.netsuiteExternalId() != null ? record.netsuiteExternalId()
                    : prefix + order.id());
        }
        Map<String, NetSuiteTransactions.Transaction> inNetSuite = transactions.byExternalIds(new HashSet<>(externalIds.values()));
        BigDecimal threshold = threshold(store);
        int expected = 0;
        int matched = 0;
        for (MarketplaceOrder order : orders) {
            found.examined(GapReason.ORDER_MISSING, order.id());
            found.examined(GapReason.TOTAL_MISMATCH, order.id());
            if (!order.expectedInNetSuite()) {
                continue;
            }
            expected++;
            NetSuiteTransactions.Transaction t = inNetSuite.get(externalIds.get(order.id()));
            if (t == null) {
                found.gap(missing(store, marketplace, order, known.get(order.id())));
                continue;
            }
            BigDecimal drift = order.total().subtract(t.total());
            if (drift.abs().compareTo(threshold) > 0) {
                found.gap(new Gap(store, marketplace, GapReason.TOTAL_MISMATCH, order.id(), t.tranId(), order.currency(),
                        order.total(), t.total(), drift, "the marketplace charged " + order.total() + " " + order.currency()
                        + ", NetSuite's " + t.type() + " " + t.tranId() + " totals " + t.total() + " (threshold " + threshold
                        + "); correct the transaction or replay the order", order.createdAt()));
            } else {
                matched++;
            }
        }
        int extra = extras(store, marketplace, source, prefix, from, to, externalIds, found);
        counts.put("marketplaceOrders", orders.size());
        counts.put("expectedInNetSuite", expected);
        counts.put("matched", matched);
        counts.put("extraInNetSuite", extra);
    }

    private Gap missing(String store, String marketplace, MarketplaceOrder order, LedgerRecord record) {
        String why;
        if (record == null) {
            why = "the bus never received it (a webhook and the catch-up poll missed it)";
            if (repair) {
                ledger.announce(new RecordKey(marketplace, store, "order", order.id()), null);
                why += "; reconciliation announced it to the ledger, so it is imported now";
            }
        } else if (record.state() == RecordState.SKIPPED && repair) {
            // skipped while it was, say, unpaid: the marketplace has moved on since
            ledger.announce(record.key(), null);
            why = "the ledger skipped it as " + record.reason() + ", but the marketplace shows it as " + order.status()
                    + "; reconciliation asked for it again";
        } else if (record.netsuiteId() == null) {
            why = "the ledger holds it as " + record.state() + (record.reason() == null ? "" : " (" + record.reason() + ")")
                    + (record.lastError() == null ? "" : ": " + record.lastError());
        } else {
            why = "NetSuite no longer has " + record.netsuiteType() + " " + record.netsuiteExternalId()
                    + " (deleted?); replay the order to create it again";
        }
        return new Gap(store, marketplace, GapReason.ORDER_MISSING, order.id(), record == null ? null : record.netsuiteExternalId(),
                order.currency(), order.total(), BigDecimal.ZERO, order.total(), "order " + order.id() + " (" + order.status()
                + ") is not in NetSuite: " + why, order.createdAt());
    }

    /** NetSuite transactions of the store dated in the period that match none of its marketplace orders. */
    private int extras(String store, String marketplace, OrderSource source, String prefix, Instant from, Instant to,
                       Map<String, String> externalIds, Found found) {
        Set<String> matched = new HashSet<>(externalIds.values());
        int extra = 0;
        for (NetSuiteTransactions.Transaction t : transactions.salesWithPrefix(prefix, day(from), day(to))) {
            String orderId = t.externalId().substring(prefix.length());
            found.examined(GapReason.ORDER_EXTRA, orderId);
            // an order placed just outside the period, which NetSuite dates inside it (its own time zone)
            if (matched.contains(t.externalId()) || externalIds.containsKey(orderId) || source.order(store, orderId).isPresent()) {
                continue;
            }
            extra++;
            found.gap(new Gap(store, marketplace, GapReason.ORDER_EXTRA, orderId, t.tranId(), null, BigDecimal.ZERO, t.total(),
                    t.total().negate(), t.type() + " " + t.tranId() + " (" + t.externalId() + ", " + t.total()
                    + ") matches no order of the store: the marketplace has no order " + orderId
                    + "; void or delete it in NetSuite if it should not be there",
                    t.tranDate() == null ? from : t.tranDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return extra;
    }

    // ---------------------------------------------------------------- payouts

    private void payouts(String store, String marketplace, Instant from, Instant to, Found found, Map<String, Object> counts) {
        int payouts = 0;
        int posted = 0;
        for (LedgerRecord summary : ledger.list(new LedgerQuery(marketplace, store, "payout", null, null, null,
                LedgerQuery.MAX_LIMIT, 0))) {
            LedgerRecord record = ledger.find(summary.id()).orElse(summary);
            Payout payout = payout(record);
            if (payout == null || payout.depositDate() == null) {
                continue;
            }
            // a payout is dated by its day: one deposited on a day the period touches is in it
            LocalDate day = LocalDate.parse(payout.depositDate());
            if (day.isBefore(day(from)) || day.isAfter(day(to))) {
                continue;
            }
            Instant deposited = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            payouts++;
            found.examined(GapReason.PAYOUT_MISMATCH, payout.id());
            found.examined(GapReason.PAYOUT_NOT_POSTED, payout.id());
            BigDecimal difference = payout.deposit().subtract(payout.linesTotal());
            if (difference.signum() != 0) {
                found.gap(new Gap(store, marketplace, GapReason.PAYOUT_MISMATCH, payout.id(), null, payout.currency(),
                        payout.deposit(), payout.linesTotal(), difference, "payout " + payout.id() + " deposited "
                        + payout.deposit() + " " + payout.currency() + " but its orders, refunds and fees add up to "
                        + payout.linesTotal() + "; it is held from NetSuite until a corrected report arrives", deposited));
                continue;
            }
            if (record.state() == RecordState.DELIVERED) {
                posted++;
            } else if (record.state() != RecordState.SKIPPED) {
                found.gap(new Gap(store, marketplace, GapReason.PAYOUT_NOT_POSTED, payout.id(), null, payout.currency(),
                        payout.deposit(), BigDecimal.ZERO, payout.deposit(), "payout " + payout.id() + " is not in NetSuite: the"
                        + " ledger holds it as " + record.state() + (record.reason() == null ? "" : " (" + record.reason() + ")")
                        + (record.lastError() == null ? "" : ": " + record.lastError()), deposited));
            }
            unknownOrders(store, marketplace, payout, deposited, found);
        }
        counts.put("payouts", payouts);
        counts.put("payoutsPosted", posted);
    }

    /** Orders a payout pays for (its sales lines) that NetSuite does not have. */
    private void unknownOrders(String store, String marketplace, Payout payout, Instant deposited, Found found) {
        Map<String, BigDecimal> sales = new LinkedHashMap<>();
        for (PayoutLine line : payout.lines()) {
            if (line.kind() == PayoutLine.Kind.SALE && line.orderId() != null) {
                sales.merge(line.orderId(), line.amount(), BigDecimal::add);
            }
        }
        Map<String, LedgerRecord> orders = ledger.findAll(marketplace, store, "order", sales.keySet());
        sales.forEach((order, amount) -> {
            found.examined(GapReason.PAYOUT_ORDER_UNKNOWN, payout.id() + ":" + order);
            LedgerRecord record = orders.get(order);
            if (record == null || record.netsuiteId() == null) {
                found.gap(new Gap(store, marketplace, GapReason.PAYOUT_ORDER_UNKNOWN, payout.id() + ":" + order, null,
                        payout.currency(), amount, BigDecimal.ZERO, amount, "payout " + payout.id() + " pays " + amount + " "
                        + payout.currency() + " for order " + order + ", which is not in NetSuite" + (record == null
                        ? " (the bus never received it)" : " (the ledger holds it as " + record.state() + ")"), deposited));
            }
        });
    }

    private static Payout payout(LedgerRecord record) {
        if (record.payload() == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(record.payload(), Payout.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- fulfilments and refunds

    private void fulfillments(String store, String marketplace, Instant from, Instant to, Found found,
                              Map<String, Object> counts) {
        int shipped = 0;
        int sent = 0;
        for (NetSuiteFulfillments.Fulfillment f : fulfillments.datedBetween(day(from), day(to), netsuiteZone)) {
            if (!f.shipped() || f.salesOrderId() == null) {
                continue;
            }
            Optional<LedgerRecord> order = ledger.findByNetSuiteId("order", f.salesOrderId());
            if (order.isEmpty() || !order.get().key().store().equals(store)) {
                continue;
            }
            shipped++;
            found.examined(GapReason.FULFILLMENT_NOT_SENT, f.id());
            Optional<LedgerRecord> record = ledger.find(new RecordKey(marketplace, store, "fulfillment", f.id()));
            RecordState state = record.map(LedgerRecord::state).orElse(null);
            if (state == RecordState.DELIVERED || state == RecordState.SKIPPED) {
                sent++;
                continue;
            }
            found.gap(new Gap(store, marketplace, GapReason.FULFILLMENT_NOT_SENT, f.id(), f.tranId(), null, null, null, null,
                    "NetSuite shipped order " + order.get().key().externalId() + " (" + f.tranId() + ") but the marketplace was"
                    + " not told: " + record.map(r -> "the ledger holds the fulfilment as " + r.state()
                            + (r.reason() == null ? "" : " (" + r.reason() + ")") + (r.lastError() == null ? "" : ": " + r.lastError()))
                            .orElse("the bus has not read the fulfilment yet"),
                    f.tranDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        counts.put("fulfillments", shipped);
        counts.put("fulfillmentsSent", sent);
    }

    private void refunds(String store, String marketplace, Instant from, Instant to, Found found, Map<String, Object> counts) {
        int refunds = 0;
        for (LedgerRecord r : ledger.list(new LedgerQuery(marketplace, store, "refund", null, null, null, LedgerQuery.MAX_LIMIT, 0))) {
            if (r.createdAt().isBefore(from) || !r.createdAt().isBefore(to)) {
                continue;
            }
            refunds++;
            found.examined(GapReason.REFUND_NOT_POSTED, r.key().externalId());
            if (r.state() == RecordState.DELIVERED || r.state() == RecordState.SKIPPED) {
                continue;
            }
            found.gap(new Gap(store, marketplace, GapReason.REFUND_NOT_POSTED, r.key().externalId(), null, null, null, null, null,
                    "refund " + r.key().externalId() + " has no credit memo in NetSuite: the ledger holds it as " + r.state()
                    + (r.reason() == null ? "" : " (" + r.reason() + ")") + (r.lastError() == null ? "" : ": " + r.lastError()),
                    r.createdAt()));
        }
        counts.put("refunds", refunds);
    }

    private BigDecimal threshold(String store) {
        String value = stores.get(store, "reconciliation.total-threshold");
        if (value == null) {
            value = stores.get(store, "total-drift-threshold");
        }
        return value == null ? new BigDecimal("0.01") : new BigDecimal(value.trim());
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** The gaps a run found, and what it looked at: a gap it looked at and did not find again is resolved. */
    private static final class Found {
        final List<Gap> gaps = new ArrayList<>();
        final Set<String> examined = new HashSet<>();

        void gap(Gap gap) {
            gaps.add(gap);
            examined.add(gap.reason() + "/" + gap.subject());
        }

        void examined(String reason, String subject) {
            examined.add(reason + "/" + subject);
        }
    }

    /** Default period of a scheduled run: the window up to now less the settle time, in which records are still in flight. */
    static Instant[] window(Instant now, Duration window, Duration settle) {
        Instant to = now.minus(settle);
        return new Instant[] {to.minus(window), to};
    }
}
