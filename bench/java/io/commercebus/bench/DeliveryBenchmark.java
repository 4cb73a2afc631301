package io.commercebus.bench;

import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.TbaSigner;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.it.TestBus;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordState;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drains a backlog of mapped BigCommerce orders into the NetSuite sandbox (concurrency limit 5,
 * latency 100 ms) and prints throughput against the ideal the limit allows, side by side with a
 * plain Camel route that delivers one order at a time.
 *
 * <pre>bench/run delivery [orders] [baseline orders]</pre>
 */
public final class DeliveryBenchmark {

    static final int LIMIT = 5;
    static final Duration LATENCY = Duration.ofMillis(100);

    public static void main(String[] args) throws Exception {
        // bench/run passes its arguments as one
        String[] a = String.join(" ", args).trim().isEmpty() ? new String[0] : String.join(" ", args).trim().split("\\s+");
        int orders = a.length > 0 ? Integer.parseInt(a[0]) : 2000;
        int baselineOrders = a.length > 1 ? Integer.parseInt(a[1]) : 200;
        Path dir = Files.createTempDirectory("commerce-bus-bench");

        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.sandbox.netsuite.concurrency-limit", Integer.toString(LIMIT));
        settings.put("bus.sandbox.netsuite.latency", LATENCY.toMillis() + "ms");
        settings.put("bus.sandbox.bigcommerce.rate-limit-quota", "1000000");
        settings.put("bus.netsuite.concurrency-limit", Integer.toString(LIMIT));
        settings.put("bus.bigcommerce.fetch-workers", "8");
        // no fulfilment or cancellation reads: the NetSuite requests counted are the measured flow's alone
        settings.put("bus.fulfillments.period", "3600000");
        List<MappedRecord> backlog = new ArrayList<>();
        Result bus;
        try (TestBus testBus = TestBus.start(settings)) {
            CamelContext camel = testBus.bus().context();
            camel.getRouteController().stopRoute("netsuite-delivery");
            System.out.printf("Placing %d demo orders and mapping them (delivery stopped)...%n", orders);
            List<Integer> ids = testBus.store().placeDemoOrders(orders);
            awaitCount(testBus, RecordState.MAPPED, orders, Duration.ofMinutes(10));

            NetSuiteSandbox netsuite = testBus.netsuite();
            netsuite.resetStats();
            long throttledBefore = testBus.bus().bean("netsuite", NetSuiteClient.class).throttledResponses();
            long start = System.nanoTime();
            camel.getRouteController().startRoute("netsuite-delivery");
            awaitCount(testBus, RecordState.DELIVERED, orders, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            long requests = (Long) netsuite.stats().get("requests");
            long throttled = testBus.bus().bean("netsuite", NetSuiteClient.class).throttledResponses() - throttledBefore;
            bus = new Result("commerce-bus (ledger stage, 16 workers, governor " + LIMIT + ")", orders, seconds, requests,
                    netsuite.concurrencyRejections(), throttled, netsuite.maxInFlight());
            for (int i = 0; i < baselineOrders && i < ids.size(); i++) {
                LedgerRecord r = testBus.record(ids.get(i));
                backlog.add(Json.mapper().readValue(r.mapped(), MappedRecord.class));
            }
        }
        Result baseline = baseline(backlog);

        System.out.println();
        System.out.printf("NetSuite sandbox: concurrency limit %d, latency %d ms; ideal = limit / latency / requests per order%n",
                LIMIT, LATENCY.toMillis());
        System.out.printf("%-58s %7s %8s %9s %10s %9s %8s %6s %8s%n", "delivery", "orders", "seconds", "orders/s",
                "req/order", "ideal/s", "achieved", "429s", "max conc");
        for (Result r : List.of(bus, baseline)) {
            System.out.printf("%-58s %7d %8.1f %9.2f %10.2f %9.2f %7.0f%% %6d %8d%n", r.name, r.orders, r.seconds,
                    r.ordersPerSecond(), r.requestsPerOrder(), r.ideal(), 100 * r.ordersPerSecond() / r.ideal(),
                    r.rejected + r.throttled, r.maxInFlight);
        }
        System.out.printf("%nSpeed-up: %.1fx orders/s%n", bus.ordersPerSecond() / baseline.ordersPerSecond());
        System.exit(0);
    }

    record Result(String name, int orders, double seconds, long requests, long rejected, long throttled, int maxInFlight) {
        double ordersPerSecond() {
            return orders / seconds;
        }

        double requestsPerOrder() {
            return (double) requests / orders;
        }

        double ideal() {
            return LIMIT / (LATENCY.toMillis() / 1000.0) / requestsPerOrder();
        }
    }

    /**
     * The plain route: one order at a time, asking NetSuite for the customer and the items of every
     * order (no cache), creating the customer when absent, then upserting the Sales Order.
     */
    static Result baseline(List<MappedRecord> backlog) throws Exception {
        NetSuiteSandbox netsuite = new NetSuiteSandbox(new NetSuiteSandbox.Config("127.0.0.1", 0, "BENCH", "ck", "cs", "ti", "ts",
                LIMIT, LATENCY, Duration.ofSeconds(5), null)).start();
        NetSuiteClient client = new NetSuiteClient(netsuite.baseUrl(), new TbaSigner("BENCH", "ck", "cs", "ti", "ts",
                Clock.systemUTC()), new ConcurrencyGovernor("BENCH", LIMIT, Duration.ofSeconds(30), Clock.systemUTC()),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Clock.systemUTC());
        System.out.printf("Baseline: %d orders one at a time...%n", backlog.size());
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:baseline").split(body()).process(exchange -> {
                        MappedRecord order = exchange.getMessage().getBody(MappedRecord.class);
                        String email = order.getCustomer().getEmail();
                        List<Map<String, String>> found = client.query("SELECT id FROM customer WHERE LOWER(email) = "
                                + NetSuiteClient.literal(email));
                        String customer = found.isEmpty()
                                ? client.upsert("customer", "C-" + Integer.toHexString(email.hashCode()), customerBody(order), null)
                                : found.get(0).get("id");
                        Map<String, String> items = new LinkedHashMap<>();
                        String skus = String.join(", ", order.getLines().stream().map(l -> NetSuiteClient.literal(l.getSku()))
                                .distinct().toList());
                        client.query("SELECT id, itemid FROM item WHERE itemid IN (" + skus + ")")
                                .forEach(row -> items.put(row.get("itemid"), row.get("id")));
                        client.upsert("salesOrder", order.getExternalId(), salesOrderBody(order, customer, items), "item");
                    });
                }
            });
            camel.start();
            long start = System.nanoTime();
            camel.createProducerTemplate().sendBody("direct:baseline", backlog);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result("plain Camel route, one order at a time, no cache", backlog.size(), seconds,
                    (Long) netsuite.stats().get("requests"), netsuite.concurrencyRejections(), client.throttledResponses(),
                    netsuite.maxInFlight());
        } finally {
            netsuite.close();
        }
    }

    static Map<String, Object> customerBody(MappedRecord order) {
        Map<String, Object> body = new LinkedHashMap<>(order.getCustomer().getFields());
        body.put("email", order.getCustomer().getEmail());
        return body;
    }

    static Map<String, Object> salesOrderBody(MappedRecord order, String customer, Map<String, String> items) {
        Map<String, Object> body = new LinkedHashMap<>(order.getFields());
        body.put("entity", Map.of("id", customer));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (MappedLine line : order.getLines()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("item", Map.of("id", items.get(line.getSku())));
            l.put("amount", line.getAmount());
            if (line.getQuantity() != null) {
                l.put("quantity", line.getQuantity());
            }
            lines.add(l);
        }
        body.put("item", Map.of("items", lines));
        return body;
    }

    static void awaitCount(TestBus bus, RecordState state, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bus.ledger().countByState("bigcommerce").get(state) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + bus.ledger().countByState("bigcommerce") + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private DeliveryBenchmark() {
    }
}
