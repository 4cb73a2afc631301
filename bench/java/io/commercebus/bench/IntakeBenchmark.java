package io.commercebus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.bigcommerce.BigCommerceWebhooks;
import io.commercebus.it.TestBus;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.main.Main;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhook intake: acknowledgements per second and their latency under a closed-loop load over
 * loopback, for BigCommerce webhooks (an order id each, announced into the ledger) and WooCommerce
 * webhooks (the whole order, HMAC-signed, staged into the ledger), side by side with a bare Camel
 * platform-http route on the same server stack that answers 200 and stores nothing. Afterwards it
 * checks that every acknowledged webhook has its ledger row.
 *
 * <p>The bus runs on its embedded defaults (H2 file database, Kafka broker, sandboxes, the dev
 * profile's schedules) with the demo generators, Hawtio and webhook registration off, and with the
 * whole pipeline running behind the intake as in production: BigCommerce orders are fetched from
 * the sandbox store, every order is mapped and delivered to the NetSuite sandbox (5 concurrent
 * requests, 100 ms each) while the webhooks keep coming.
 *
 * <pre>bench/run intake [seconds] [connections]</pre>
 */
public final class IntakeBenchmark {

    /** BigCommerce orders placed in the sandbox before the run, so that the first webhooks name orders the fetch stage finds. */
    static final int ORDER_POOL = 1000;
    /** WooCommerce order ids of the run start here, clear of the sandbox store's own. */
    static final long WOO_FIRST_ID = 1_000_000;
    static final String WOO_SECRET = "sandbox-woocommerce-webhook-secret";
    private static final String ID_MARK = "987654321";

    public static void main(String[] args) throws Exception {
        String[] a = String.join(" ", args).trim().isEmpty() ? new String[0] : String.join(" ", args).trim().split("\\s+");
        int seconds = a.length > 0 ? Integer.parseInt(a[0]) : 30;
        int connections = a.length > 1 ? Integer.parseInt(a[1]) : 16;
        Duration measure = Duration.ofSeconds(seconds);
        Duration warmUp = Duration.ofSeconds(Math.max(2, seconds / 3));
        System.out.printf("Closed loop over loopback: %d keep-alive connections, %d s warm-up (left out), %d s measured per row%n",
                connections, warmUp.toSeconds(), seconds);

        Map<String, Result> results = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("commerce-bus-bench");
        LoopbackLoad.Requests bigcommerce;
        LoopbackLoad.Requests woocommerce;
        try (TestBus bus = TestBus.start(settings(dir))) {
            int port = bus.bus().context().getPropertiesComponent().resolveProperty("camel.server.port").map(Integer::parseInt)
                    .orElseThrow();
            awaitFirstRun(bus.bus().context(), "bigcommerce-order-catch-up");
            System.out.printf("Placing %d orders in the BigCommerce sandbox for the fetch stage...%n", ORDER_POOL);
            List<Integer> pool = bus.store().placeDemoOrders(ORDER_POOL);
            bigcommerce = bigCommerceWebhooks(bus, pool);
            woocommerce = wooCommerceWebhooks(bus);

            System.out.println("commerce-bus: BigCommerce webhooks...");
            LoopbackLoad.Outcome bc = LoopbackLoad.run(port, connections, warmUp, measure, bigcommerce);
            System.out.println("  pipeline after it: " + bus.ledger().countByState("bigcommerce"));
            System.out.println("commerce-bus: WooCommerce webhooks...");
            LoopbackLoad.Outcome woo = LoopbackLoad.run(port, connections, warmUp, measure, woocommerce);
            System.out.println("  pipeline after it: " + bus.ledger().countByState("woocommerce"));
            results.put("commerce-bus: BigCommerce webhook, ledger row (announce) before the 200", new Result(bc,
                    check(bus, "bigcommerce", TestBus.STORE, bc)));
            results.put("commerce-bus: WooCommerce webhook, signed whole order, ledger row (stage) before the 200", new Result(woo,
                    check(bus, "woocommerce", "woo-demo", woo)));
            System.out.println("  delivered to NetSuite during the runs: " + bus.ledger().countByState("bigcommerce")
                    .get(RecordState.DELIVERED) + " BigCommerce, " + bus.ledger().countByState("woocommerce")
                    .get(RecordState.DELIVERED) + " WooCommerce orders");
        }

        StartupBenchmark.delete(dir);

        int port = StartupBenchmark.freePort();
        Main bare = BareCamel.start(port);
        try {
            System.out.println("bare Camel: BigCommerce-shaped webhooks...");
            results.put("bare Camel platform-http route, BigCommerce webhook body, stores nothing",
                    new Result(LoopbackLoad.run(port, connections, warmUp, measure, bigcommerce), null));
            System.out.println("bare Camel: WooCommerce-shaped webhooks...");
            results.put("bare Camel platform-http route, WooCommerce webhook body, stores nothing",
                    new Result(LoopbackLoad.run(port, connections, warmUp, measure, woocommerce), null));
        } finally {
            bare.stop();
        }

        System.out.println();
        System.out.printf("%-95s %8s %6s %8s %7s %7s %7s %7s %6s%n", "intake (" + connections + " connections)", "requests",
                "s", "req/s", "p50 ms", "p99 ms", "p99.9", "max ms", "errors");
        for (String row : List.of(
                "bare Camel platform-http route, BigCommerce webhook body, stores nothing",
                "commerce-bus: BigCommerce webhook, ledger row (announce) before the 200",
                "bare Camel platform-http route, WooCommerce webhook body, stores nothing",
                "commerce-bus: WooCommerce webhook, signed whole order, ledger row (stage) before the 200")) {
            LoopbackLoad.Outcome o = results.get(row).outcome;
            System.out.printf("%-95s %8d %6.1f %8.0f %7.2f %7.2f %7.2f %7.1f %6d%n", row, o.latencies().count(), o.seconds(),
                    o.requestsPerSecond(), o.latencies().percentileMillis(0.50), o.latencies().percentileMillis(0.99),
                    o.latencies().percentileMillis(0.999), o.latencies().maxMillis(), o.errors());
            if (o.firstError() != null) {
                System.out.println("    first I/O error: " + o.firstError());
            }
        }
        System.out.println();
        results.values().stream().filter(r -> r.check != null).forEach(r -> System.out.println(r.check));
        System.exit(results.values().stream().allMatch(r -> r.check == null || r.check.lost() == 0) ? 0 : 1);
    }

    record Result(LoopbackLoad.Outcome outcome, Check check) {
    }

    /** Acknowledged webhooks (warm-up included) against the rows the ledger holds for them. */
    record Check(String marketplace, int acknowledged, int rows, int lost) {
        @Override
        public String toString() {
            return String.format("Ledger check, %s: %,d webhooks acknowledged (warm-up included), %,d of them have their"
                    + " ledger row, %d lost%s", marketplace, acknowledged, rows, lost, lost == 0 ? "" : "  <-- FAILED");
        }
    }

    static Check check(TestBus bus, String marketplace, String store, LoopbackLoad.Outcome outcome) {
        Set<String> acknowledged = new HashSet<>(outcome.acknowledged());
        int rows = bus.ledger().findAll(marketplace, store, "order", acknowledged).size();
        return new Check(marketplace, acknowledged.size(), rows, acknowledged.size() - rows);
    }

    /**
     * The embedded defaults with the dev profile's schedules, on free ports under a fresh folder; no
     * demo generators, no Hawtio, and no webhooks registered with the sandbox stores (the benchmark
     * sends them), so every webhook of the run is the first news of its order.
     */
    static Map<String, String> settings(Path dir) {
        Map<String, String> s = TestBus.settings(dir);
        s.put("bus.poll.tick", "1000");
        s.put("bus.sandbox.netsuite.latency", "100ms");
        s.put("bus.fulfillments.period", "60000");
        s.put("bus.payouts.scan-period", "60000");
        s.put("bus.alerts.check-period", "30000");
        s.put("bus.retry.initial-delay", "2s");
        s.put("bus.retry.max-delay", "15m");
        s.put("bus.store-defaults.inventory.locations", "1,2,3");
        s.put("bus.store-defaults.prices.publish", "true");
        s.put("bus.store.demo.webhooks.register", "false");
        s.put("bus.store.woo-demo.webhooks.register", "false");
        return s;
    }

    /** BigCommerce's store/order/created for a new order each time: the pool's orders first, then ids after them. */
    static LoopbackLoad.Requests bigCommerceWebhooks(TestBus bus, List<Integer> pool) {
        int last = pool.get(pool.size() - 1);
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                BigCommerceWebhooks.SECRET_HEADER, TestBus.WEBHOOK_SECRET);
        String path = "/webhooks/bigcommerce/" + TestBus.STORE;
        return n -> {
            long id = n < pool.size() ? pool.get((int) n) : last + n - pool.size() + 1;
            return new LoopbackLoad.Request(path, headers, bus.webhook("store/order/created", (int) id,
                    Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8), Long.toString(id));
        };
    }

    /**
     * WooCommerce's order.created as the store sends it: a paid demo order of the sandbox store, whole,
     * under a new id each time, signed with the webhook secret.
     */
    static LoopbackLoad.Requests wooCommerceWebhooks(TestBus bus) throws Exception {
        ObjectNode post = bus.woocommerce().demoOrderBody();
        post.put("status", "processing");
        post.put("set_paid", true);
        ObjectNode order = bus.woocommerce().order(bus.woocommerce().placeOrder(post));
        order.put("id", Long.parseLong(ID_MARK));
        order.put("number", ID_MARK);
        String template = Json.mapper().writeValueAsString(order);
        System.out.printf("WooCommerce webhook body: %,d bytes%n", template.length());
        String path = "/webhooks/woocommerce/woo-demo";
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(IntakeBenchmark::mac);
        return n -> {
            String id = Long.toString(WOO_FIRST_ID + n);
            byte[] body = template.replace(ID_MARK, id).getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("X-WC-Webhook-Topic", "order.created");
            headers.put("X-WC-Webhook-Resource", "order");
            headers.put("X-WC-Webhook-Event", "created");
            headers.put("X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(macs.get().doFinal(body)));
            return new LoopbackLoad.Request(path, headers, body, id);
        };
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WOO_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first run of a catch-up poll: it finds the sandbox store empty, and the next is an hour away. */
    static void awaitFirstRun(CamelContext camel, String routeId) throws InterruptedException {
        var route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId);
        for (int i = 0; route.getExchangesCompleted() + route.getExchangesFailed() == 0; i++) {
            if (i > 300) {
                throw new IllegalStateException("route " + routeId + " did not run within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private IntakeBenchmark() {
    }
}
