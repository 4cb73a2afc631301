package io.commercebus.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.config.StoreSettings;
import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.NetSuiteStock;
import io.commercebus.inventory.InventorySync;
import io.commercebus.inventory.ItemStock;
import io.commercebus.inventory.SafetyStock;
import io.commercebus.inventory.StockCalculator;
import io.commercebus.inventory.StockLevel;
import io.commercebus.inventory.StockPolicy;
import io.commercebus.it.TestBus;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;
import io.commercebus.support.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * NetSuite as master at scale: 100,000 SKUs stocked in 3 locations, sold by 2 stores (BigCommerce and
 * WooCommerce sandboxes). After the first full publication, 1% of the stock changes; the bus's
 * incremental run (changed items only, compared with what each store last accepted) is measured side
 * by side with a naive full pass that reads everything and pushes every number again.
 *
 * <pre>bench/run inventory [skus] [changed percent]</pre>
 */
public final class InventoryBenchmark {

    static final Duration LATENCY = Duration.ofMillis(100);
    static final List<Integer> LOCATIONS = List.of(1, 2, 3);
    static final List<String> STORES = List.of("demo", "woo-demo");

    public static void main(String[] args) throws Exception {
        String[] a = String.join(" ", args).trim().isEmpty() ? new String[0] : String.join(" ", args).trim().split("\\s+");
        int skus = a.length > 0 ? Integer.parseInt(a[0]) : 100_000;
        double percent = a.length > 1 ? Double.parseDouble(a[1]) : 1.0;
        Path dir = Files.createTempDirectory("commerce-bus-bench");

        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.sandbox.netsuite.latency", LATENCY.toMillis() + "ms");
        settings.put("bus.sandbox.bigcommerce.rate-limit-quota", "100000000");
        settings.put("bus.netsuite.webhook-secret", "");
        for (String store : STORES) {
            settings.put("bus.store." + store + ".inventory.locations", "1,2,3");
            settings.put("bus.store." + store + ".inventory.safety-stock", "2");
        }
        settings.put("bus.inventory.period", "24h");
        // no fulfilment or cancellation reads: the NetSuite requests counted are the measured flow's alone
        settings.put("bus.fulfillments.period", "3600000");
        settings.put("bus.inventory.low-stock-check-period", "3600000");
        try (TestBus bus = TestBus.start(settings)) {
            CamelContext camel = bus.bus().context();
            // the benchmark drives the runs itself
            camel.getRouteController().stopRoute("inventory-schedule");
            camel.getRouteController().stopRoute("inventory-low-stock");
            NetSuiteSandbox netsuite = bus.netsuite();
            BigCommerceSandbox bigcommerce = bus.store();
            WooCommerceSandbox woo = bus.woocommerce();
            InventorySync inventory = bus.bus().bean("inventory", InventorySync.class);
            ProducerTemplate producer = camel.createProducerTemplate();

            System.out.printf("Seeding %,d items in 3 NetSuite locations and in both stores...%n", skus);
            NetSuiteSandbox.SeededItems seeded = netsuite.seedItems(skus, LOCATIONS, 42);
            if (!seeded.firstItemId().equals("SEED-000001")) {
                throw new IllegalStateException("expected a fresh sandbox, its seeded items start at " + seeded.firstItemId());
            }
            seedBigCommerce(bigcommerce, skus);
            seedWooCommerce(woo, skus);

            System.out.println("First publication (full pass, SKUs resolved once into the cross-reference)...");
            Run first = run("first publication: full pass, every SKU new", bus, inventory, producer);

            int changes = (int) Math.round(skus * percent / 100);
            System.out.printf("Changing the stock of %,d items (%.1f%%)...%n", changes, percent);
            Random random = new Random(7);
            Set<Integer> changed = new HashSet<>();
            while (changed.size() < changes) {
                changed.add(seeded.firstId() + random.nextInt(skus));
            }
            for (int id : changed) {
                netsuite.adjustStock(Integer.toString(id), LOCATIONS.get(random.nextInt(LOCATIONS.size())),
                        BigDecimal.valueOf(1 + random.nextInt(20)));
            }
            Run incremental = run("commerce-bus: changed items, only changed numbers", bus, inventory, producer);
            Run naive = naive(bus, producer);

            System.out.println();
            System.out.printf("%,d SKUs x %d locations x %d stores; NetSuite sandbox latency %d ms per request; %.1f%% of the"
                    + " stock changed%n", skus, LOCATIONS.size(), STORES.size(), LATENCY.toMillis(), percent);
            System.out.printf("%-52s %9s %9s %11s %10s %10s %11s %9s%n", "run", "compute s", "NS reqs", "NS rows",
                    "numbers", "mkt reqs", "per request", "push s");
            for (Run r : List.of(first, incremental, naive)) {
                System.out.printf("%-52s %9.2f %9d %,11d %,10d %10d %11.1f %9.2f%n", r.name, r.computeSeconds,
                        r.netsuiteRequests, r.netsuiteRows, r.numbers, r.marketplaceRequests,
                        r.marketplaceRequests == 0 ? 0.0 : (double) r.numbers / r.marketplaceRequests, r.pushSeconds);
            }
            System.out.printf("%nDelta after %.1f%%: %.2f s to compute (%.1fx faster than a full pass), %d marketplace"
                    + " requests for %,d numbers (one per SKU would be %,d)%n", percent, incremental.computeSeconds,
                    naive.computeSeconds / incremental.computeSeconds, incremental.marketplaceRequests, incremental.numbers,
                    incremental.numbers);
        }
        System.exit(0);
    }

    record Run(String name, double computeSeconds, long netsuiteRequests, long netsuiteRows, int numbers,
               long marketplaceRequests, double pushSeconds) {
    }

    /** One scheduled run of the bus: its delta computed, then pushed through the marketplaces' routes. */
    static Run run(String name, TestBus bus, InventorySync inventory, ProducerTemplate producer) {
        reset(bus);
        inventory.runNow();
        long start = System.nanoTime();
        List<Map<String, Object>> pushes = inventory.scheduledRun();
        double compute = (System.nanoTime() - start) / 1e9;
        long netsuiteRequests = bus.netsuite().suiteQlRequests();
        long netsuiteRows = bus.netsuite().suiteQlRows();
        int numbers = 0;
        long pushStart = System.nanoTime();
        for (Map<String, Object> push : pushes) {
            List<?> levels = (List<?>) push.get("content");
            numbers += levels.size();
            producer.sendBodyAndHeader("direct:" + push.get(LedgerHeaders.MARKETPLACE) + "-inventory", levels,
                    LedgerHeaders.STORE, push.get(LedgerHeaders.STORE));
            inventory.advance((String) push.get(LedgerHeaders.STORE), (String) push.get("CommerceBusWatermark"),
                    (Boolean) push.get("CommerceBusFullPass"));
        }
        double pushSeconds = (System.nanoTime() - pushStart) / 1e9;
        return new Run(name, compute, netsuiteRequests, netsuiteRows, numbers, marketplaceRequests(bus), pushSeconds);
    }

    /** The baseline: read everything, compute every store's numbers, push them all, with no memory of the last run. */
    static Run naive(TestBus bus, ProducerTemplate producer) {
        reset(bus);
        NetSuiteStock stock = new NetSuiteStock(bus.bus().bean("netsuite", NetSuiteClient.class), ZoneId.of("America/Los_Angeles"));
        long start = System.nanoTime();
        Map<String, ItemStock> items = stock.readAll(Set.of("itemid", "class"), Set.of("1", "2", "3"));
        StoreSettings settings = new StoreSettings(Map.of("demo.marketplace", "bigcommerce", "woo-demo.marketplace", "woocommerce"),
                Map.of("inventory.locations", "1,2,3", "inventory.safety-stock", "2"));
        List<List<StockLevel>> perStore = new ArrayList<>();
        for (String store : STORES) {
            StockPolicy policy = StockPolicy.of(store, settings);
            perStore.add(StockCalculator.levels(policy, SafetyStock.load(Path.of("mappings"), store, policy.marketplace(),
                    policy.safetyStock()), items, items.keySet()));
        }
        double compute = (System.nanoTime() - start) / 1e9;
        long netsuiteRequests = bus.netsuite().suiteQlRequests();
        long netsuiteRows = bus.netsuite().suiteQlRows();
        int numbers = 0;
        long pushStart = System.nanoTime();
        for (int i = 0; i < STORES.size(); i++) {
            numbers += perStore.get(i).size();
            String marketplace = i == 0 ? "bigcommerce" : "woocommerce";
            producer.sendBodyAndHeader("direct:" + marketplace + "-inventory", perStore.get(i), LedgerHeaders.STORE, STORES.get(i));
        }
        double pushSeconds = (System.nanoTime() - pushStart) / 1e9;
        return new Run("naive full pass: read all, push all", compute, netsuiteRequests, netsuiteRows, numbers,
                marketplaceRequests(bus), pushSeconds);
    }

    static void reset(TestBus bus) {
        bus.netsuite().resetStats();
        bus.store().resetOperationStats();
        bus.woocommerce().resetStats();
    }

    static long marketplaceRequests(TestBus bus) {
        long bc = bus.store().requestsByOperation().values().stream().mapToLong(Long::longValue).sum();
        long woo = bus.woocommerce().operations().values().stream().mapToLong(Number::longValue).sum();
        return bc + woo;
    }

    static void seedBigCommerce(BigCommerceSandbox bigcommerce, int skus) {
        for (int i = 0; i < skus; i++) {
            ObjectNode product = Json.mapper().createObjectNode();
            String sku = String.format("SEED-%06d", i + 1);
            product.put("name", "Seeded item " + sku).put("type", "physical").put("weight", 1).put("price", 10)
                    .put("sku", sku).put("inventory_tracking", "product").put("inventory_level", 0);
            bigcommerce.createProduct(product);
        }
    }

    static void seedWooCommerce(WooCommerceSandbox woo, int skus) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("ck_sandbox_consumer_key:cs_sandbox_consumer_secret"
                .getBytes(StandardCharsets.UTF_8));
        for (int from = 0; from < skus; from += 100) {
            ObjectNode batch = Json.mapper().createObjectNode();
            ArrayNode create = batch.putArray("create");
            for (int i = from; i < Math.min(skus, from + 100); i++) {
                create.addObject().put("name", "Seeded item " + i).put("sku", String.format("SEED-%06d", i + 1))
                        .put("regular_price", "10.00").put("manage_stock", true).put("stock_quantity", 0);
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(woo.baseUrl()
                            + WooCommerceSandbox.API_PATH + "/products/batch")).header("Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("seeding WooCommerce failed: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private InventoryBenchmark() {
    }
}
