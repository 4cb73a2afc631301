package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's warehouse: every period it ships the Sales Orders waiting for fulfilment that have
 * waited a period, so that a newcomer sees fulfilments (and their tracking numbers) flow back to the
 * stores. A share of the orders of more than one unit ships in two parts: about half the units now,
 * the rest a period later. Each shipment goes by the order's ship method (a carrier one, 101–105,
 * when the order names none) with a tracking number as that carrier writes it; local pickup has none.
 * The same orders and seed ship the same way.
 */
final class Warehouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

    /** Ships quantities of a Sales Order's lines (none: everything left) by a ship method, with tracking numbers. */
    interface Shipper {
        void ship(String salesOrderId, Map<Integer, BigDecimal> quantityByLine, String shipMethod,
                  List<String> trackingNumbers);
    }

    private final RecordStore store;
    private final Supplier<Instant> clock;
    private final Shipper shipper;
    private ScheduledExecutorService timer;
    private Duration every;
    private double splitShare;
    private Random random;

    Warehouse(RecordStore store, Supplier<Instant> clock, Shipper shipper) {
        this.store = store;
        this.clock = clock;
        this.shipper = shipper;
    }

    synchronized void start(Duration every, double splitShare, long seed) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("The warehouse needs a positive period, not " + every);
        }
        if (splitShare < 0 || splitShare > 1) {
            throw new IllegalArgumentException("splitShare is a share of the orders, 0..1, not " + splitShare);
        }
        stop();
        this.every = every;
        this.splitShare = splitShare;
        this.random = new Random(seed);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netsuite-sandbox-warehouse");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::shipDue, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void shipDue() {
        if (timer == null) {
            return;
        }
        Instant now = clock.get();
        for (ObjectNode order : store.salesOrdersToFulfil()) {
            Instant created = instant(order.path("createdDate").asText(null));
            if (created != null && created.plus(every).isAfter(now)) {
                continue;
            }
            try {
                ship(order);
            } catch (RuntimeException e) {
                LOG.warn("NetSuite sandbox warehouse could not ship Sales Order {}: {}", order.path("tranId").asText(),
                        e.getMessage());
            }
        }
    }

    private void ship(ObjectNode order) {
        String id = order.path("id").asText();
        List<LinkedTransactions.OpenLine> open = store.openLines(id);
        BigDecimal units = open.stream().map(LinkedTransactions.OpenLine::left).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (units.signum() <= 0) {
            return;
        }
        Map<Integer, BigDecimal> lines = new LinkedHashMap<>();
        boolean untouched = "B".equals(order.path("status").path("id").asText());
        if (untouched && units.compareTo(BigDecimal.ONE) > 0 && random.nextDouble() < splitShare) {
            BigDecimal half = units.divide(BigDecimal.valueOf(2), 0, RoundingMode.CEILING);
            for (LinkedTransactions.OpenLine line : open) {
                BigDecimal take = line.left().min(half);
                if (take.signum() > 0) {
                    lines.put(line.line(), take);
                    half = half.subtract(take);
                }
            }
        }
        ShipMethods.ShipMethod method = ShipMethods.find(order.path("shipMethod").path("id").asText(""));
        if (method == null) {
            method = ShipMethods.METHODS.get(random.nextInt(5));
        }
        String tracking = ShipMethods.trackingNumber(method, random);
        shipper.ship(id, lines, Integer.toString(method.id()), tracking == null ? List.of() : List.of(tracking));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
