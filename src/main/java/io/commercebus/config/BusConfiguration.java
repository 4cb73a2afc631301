package io.commercebus.config;

import io.commercebus.alerts.Alerts;
import io.commercebus.api.ErrorResponses;
import io.commercebus.api.HttpHeaderPolicy;
import io.commercebus.api.LedgerApi;
import io.commercebus.api.ReconciliationApi;
import io.commercebus.api.SkuXrefApi;
import io.commercebus.api.SyncApi;
import io.commercebus.catalog.CatalogPolicy;
import io.commercebus.catalog.CatalogSync;
import io.commercebus.catalog.PendingFeeds;
import io.commercebus.catalog.RunRequests;
import io.commercebus.catalog.SkuXref;
import io.commercebus.connector.amazon.AmazonSetup;
import io.commercebus.connector.bigcommerce.BigCommerceSetup;
import io.commercebus.connector.netsuite.CustomerMatcher;
import io.commercebus.connector.netsuite.CustomerPolicy;
import io.commercebus.connector.netsuite.ItemResolver;
import io.commercebus.connector.netsuite.JournalWriter;
import io.commercebus.connector.netsuite.KitComponents;
import io.commercebus.connector.netsuite.NetSuiteCatalog;
import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.NetSuiteEvents;
import io.commercebus.connector.netsuite.NetSuiteFulfillments;
import io.commercebus.connector.netsuite.NetSuitePrices;
import io.commercebus.connector.netsuite.NetSuiteStock;
import io.commercebus.connector.netsuite.NetSuiteTransactions;
import io.commercebus.connector.netsuite.RefundWriter;
import io.commercebus.connector.netsuite.TbaSigner;
import io.commercebus.connector.netsuite.TransactionWriter;
import io.commercebus.connector.walmart.WalmartSetup;
import io.commercebus.connector.woocommerce.WooCommerceSetup;
import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.embedded.EmbeddedKafka;
import io.commercebus.embedded.HawtioServer;
import io.commercebus.events.KafkaClientSettings;
import io.commercebus.events.KafkaRecords;
import io.commercebus.events.Outbox;
import io.commercebus.events.RelayHealth;
import io.commercebus.cluster.ScheduledRoutes;
import io.commercebus.fulfillment.CancellationSync;
import io.commercebus.fulfillment.FulfillmentSync;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.governance.SharedPermits;
import io.commercebus.inventory.InventorySync;
import io.commercebus.inventory.PublishedStock;
import io.commercebus.inventory.SafetyStock;
import io.commercebus.inventory.StockPolicy;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.RetryPolicy;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerComponent;
import io.commercebus.mapping.Mappings;
import io.commercebus.mapping.MappingsWatcher;
import io.commercebus.mapping.StoreTables;
import io.commercebus.observe.DatabaseCheck;
import io.commercebus.observe.KafkaRelayCheck;
import io.commercebus.observe.LedgerMetrics;
import io.commercebus.observe.MappingsCheck;
import io.commercebus.observe.NetSuiteMetrics;
import io.commercebus.observe.StatusPage;
import io.commercebus.payout.PayoutFiles;
import io.commercebus.payout.PayoutJournal;
import io.commercebus.pricing.PricePolicy;
import io.commercebus.pricing.PriceSync;
import io.commercebus.pricing.PublishedPrices;
import io.commercebus.reconciliation.Gaps;
import io.commercebus.reconciliation.OrderSource;
import io.commercebus.reconciliation.Reconciler;
import io.commercebus.security.ApiLogin;
import io.commercebus.security.HttpGuard;
import io.commercebus.security.LoginSettings;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.sandbox.payments.PaymentProviderSetup;
import io.commercebus.support.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the bus from its settings and binds the building blocks the YAML routes use by name:
 * {@code ledger} (component and bean), {@code mappings}, {@code pollSchedule}, the NetSuite steps
 * ({@code netsuiteCustomers}, {@code netsuiteItems}, {@code netsuiteTransactions}), {@code outbox},
 * {@code ledgerApi}, {@code busJson}, and each marketplace's beans (see {@link MarketplaceSetup}).
 * On the embedded defaults it also starts the H2 database, a Kafka broker, the sandboxes and Hawtio,
 * and says where each is.
 */
public class BusConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BusConfiguration.class);
    private static final List<MarketplaceSetup> MARKETPLACES = List.of(new BigCommerceSetup(), new WooCommerceSetup(),
            new AmazonSetup(), new WalmartSetup());

    private final Clock clock = Clock.systemUTC();
    private final List<String> whereabouts = new ArrayList<>();
    private final List<Runnable> afterStart = new ArrayList<>();
    private final Map<String, String> environment;

    /** @param environment the environment variables, secret files read (SecretFiles) */
    public BusConfiguration(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        BusProperties props = new BusProperties(context, environment);
        boolean sandboxOnly = props.bool("bus.sandbox.only", false);
        // the login before anything starts: the production profile stops here without one; the HTTP server
        // (GuardedHttpServerFactory) puts the guard before every route
        ApiLogin login = sandboxOnly ? null : LoginSettings.from(props);
        context.getRegistry().bind("httpGuard", new HttpGuard(login, props.longValue("bus.http.max-body-size", 1_048_576L)));
        StoreSettings stores = new StoreSettings(props.under("bus.store."), props.under("bus.store-defaults."));
        String publicUrl = props.string("bus.public-url", "http://localhost:" + props.string("camel.server.port", "8080"));
        reportWhenUp(context, sandboxOnly ? "the sandboxes are up" : "commerce-bus is up");
        if (sandboxOnly) {
            // SandboxMain: the simulators alone, configured as on the embedded defaults
            startNetSuiteSandbox(context, props);
            SetupContext setup = new SetupContext(context, props, stores, null, clock, null, null, true, publicUrl, whereabouts,
                    afterStart::add, (name, resource) -> closeOnStop(context, name, resource));
            for (MarketplaceSetup marketplace : MARKETPLACES) {
                marketplace.startSandbox(setup);
            }
            PaymentProviderSetup.configure(setup);
            return;
        }
        var registry = context.getRegistry();
        registry.bind("busJson", Json.mapper());
        registry.bind("errorResponses", new ErrorResponses());
        context.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new HttpHeaderPolicy());

        // ledger database and the outbox
        Database database = Database.open(props.required("bus.db.url"), props.string("bus.db.user", ""),
                props.string("bus.db.password", ""), props.integer("bus.db.pool-size", 24));
        closeOnStop(context, "database", database);
        whereabouts.add("Database   " + props.required("bus.db.url").replaceAll("[;?].*", ""));
        Transactions tx = new Transactions(database.dataSource());
        Outbox outbox = new Outbox(tx, Json.mapper(), props.string("bus.events.topic-prefix", "commerce-bus.sync."));
        RetryPolicy retry = new RetryPolicy(props.integer("bus.retry.max-attempts", 10),
                props.duration("bus.retry.initial-delay", Duration.ofSeconds(2)), 2.0,
                props.duration("bus.retry.max-delay", Duration.ofMinutes(15)));
        Ledger ledger = new Ledger(tx, outbox, clock, retry, props.duration("bus.intake.clock-skew-margin", Duration.ofSeconds(2)));
        registry.bind("dataSource", database.dataSource());
        registry.bind("ledger", ledger);
        registry.bind("outbox", outbox);
        ScheduledRoutes scheduled = scheduledRoutes(context, props);
        registry.bind("scheduledRoutes", scheduled);
        if (!scheduled.isClustered()) {
            // alone on its database: leases of a previous run (a crash) need not wait for expiry
            int released = ledger.releaseAllLeases();
            if (released > 0) {
                LOG.info("Released {} ledger lease(s) left by this bus's previous run", released);
            }
        }
        registry.bind("kafkaRecords", new KafkaRecords());
        RelayHealth relayHealth = new RelayHealth(outbox);
        registry.bind("relayHealth", relayHealth);
        MeterRegistry meters = meterRegistry(context);
        // health checks (found in the registry by Camel): /observe/health, its /live and /ready
        registry.bind("databaseCheck", new DatabaseCheck(database.dataSource(), database.schemaVersion(),
                props.duration("bus.observe.database-check-timeout", Duration.ofSeconds(2))));
        registry.bind("kafkaCheck", new KafkaRelayCheck(relayHealth, outbox));
        context.addComponent("ledger", new LedgerComponent(ledger));
        registry.bind("pollSchedule", new PollSchedule(stores,
                marketplace -> props.duration("bus." + marketplace + ".poll.period", Duration.ofMinutes(1)), clock));

        Path mappingsDir = Path.of(props.string("bus.mappings.dir", "mappings"));
        Mappings mappings = new Mappings(mappingsDir, stores::expressionView);
        registry.bind("mappings", mappings);
        registry.bind("mappingsCheck", new MappingsCheck(mappings));
        if (props.bool("bus.mappings.reload", false)) {
            closeOnStop(context, "mappings watcher", new MappingsWatcher(mappingsDir, mappings));
        }

        startKafka(context, props, outbox);
        boolean sandbox = props.bool("bus.sandbox.enabled", false);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(props.duration("bus.http.connect-timeout", Duration.ofSeconds(10))).build();

        NetSuiteSandbox netsuiteSandbox = sandbox ? startNetSuiteSandbox(context, props) : null;
        NetSuiteClient netsuite = netsuiteClient(props, http, netsuiteSandbox, tx, scheduled, meters);
        props.get("bus.netsuite.webhook-secret").filter(secret -> !secret.isBlank() && netsuiteSandbox != null)
                .ifPresent(secret -> afterStart.add(() ->
                // the sandbox plays the merchant's user-event script: it tells the bus when stock changes
                netsuiteSandbox.notifyStockChanges(URI.create(publicUrl + "/webhooks/netsuite/stock"), secret)));
        Duration cacheTtl = props.duration("bus.netsuite.lookup-cache-ttl", Duration.ofHours(1));
        Map<String, CustomerPolicy> policies = new LinkedHashMap<>();
        stores.ids().forEach(id -> policies.put(id, CustomerPolicy.of(id, stores::get)));
        registry.bind("netsuite", netsuite);
        registry.bind("governor", netsuite.governor());
        registry.bind("netsuiteCustomers", new CustomerMatcher(netsuite, cacheTtl,
                store -> policies.computeIfAbsent(store, id -> CustomerPolicy.of(id, stores::get))));
        SkuXref skuXref = new SkuXref(tx, clock);
        Map<String, String> skuFields = new LinkedHashMap<>();
        for (String id : stores.ids()) {
            String field = stores.get(id, "catalog.sku-field") == null ? "itemid"
                    : stores.get(id, "catalog.sku-field").trim().toLowerCase(Locale.ROOT);
            if (!field.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalStateException("bus.store." + id + ".catalog.sku-field: '" + field + "' is not a NetSuite"
                        + " item field name (letters, digits, '_')");
            }
            skuFields.put(id, field);
        }
        ItemResolver items = new ItemResolver(netsuite, cacheTtl, skuXref, store -> skuFields.getOrDefault(store, "itemid"));
        registry.bind("netsuiteItems", items);
        registry.bind("netsuiteTransactions", new TransactionWriter(netsuite));
        registry.bind("netsuiteRefunds", new RefundWriter(netsuite, ledger, stores::get));
        registry.bind("netsuiteJournals", new JournalWriter(netsuite));
        registry.bind("netsuiteKits", new KitComponents(netsuite, cacheTtl,
                store -> "components".equals(stores.get(store, "catalog.kits"))));
        registry.bind("ledgerApi", new LedgerApi(ledger, outbox, netsuite.governor(), scheduled));

        Watermarks watermarks = new Watermarks(tx, clock);
        RunRequests runRequests = new RunRequests(tx, clock);
        InventorySync inventory = inventory(props, stores, mappingsDir, netsuite, tx, watermarks, runRequests);
        PriceSync prices = prices(props, stores, mappingsDir, netsuite, tx, watermarks, runRequests);
        CatalogSync catalog = catalog(props, stores, mappingsDir, netsuite, watermarks, runRequests);
        registry.bind("inventory", inventory);
        registry.bind("prices", prices);
        registry.bind("catalog", catalog);
        registry.bind("syncApi", new SyncApi(inventory, prices, catalog));
        registry.bind("skuXref", skuXref);
        registry.bind("skuXrefApi", new SkuXrefApi(skuXref));
        registry.bind("netsuiteEvents", new NetSuiteEvents(props.get("bus.netsuite.webhook-secret").orElse(null)));

        Gaps gaps = afterTheOrder(context, props, stores, mappingsDir, netsuite, items, ledger, watermarks, tx, outbox, http);
        registry.bind("ledgerMetrics", new LedgerMetrics(meters, ledger, outbox, gaps));
        registry.bind("statusPage", new StatusPage(ledger, clock, props.integer("bus.observe.status-page-size", 50)));

        SetupContext setup = new SetupContext(context, props, stores, http, clock, watermarks, new PendingFeeds(tx, clock), sandbox,
                publicUrl, whereabouts, afterStart::add, (name, resource) -> closeOnStop(context, name, resource));
        for (MarketplaceSetup marketplace : MARKETPLACES) {
            marketplace.configure(setup);
        }
        // the demo stores' payment provider, leaving payout reports where the bus reads them
        PaymentProviderSetup.configure(setup);

        if (props.bool("bus.hawtio.enabled", false)) {
            HawtioServer hawtio = new HawtioServer(Path.of(props.string("bus.hawtio.dir", System.getProperty("hawtio.dir",
                    "target/hawtio"))), props.string("bus.hawtio.host", "127.0.0.1"), props.integer("bus.hawtio.port", 8090),
                    login);
            hawtio.start();
            closeOnStop(context, "Hawtio", hawtio);
            whereabouts.add("Hawtio     " + hawtio.url() + " (routes: " + hawtio.url() + "camel/routes)");
        }
        whereabouts.add("REST API   " + publicUrl + "/api/status, /api/records, /api/dead-letters, /api/sku-xref, /api/sync/<what>");
        whereabouts.add("Status     " + publicUrl + "/status (records by state, search by order number)");
        whereabouts.add("Observe    " + publicUrl + "/observe/health (/live, /ready), " + publicUrl + "/observe/metrics (Prometheus)");

    }

    /**
     * After the order: fulfilments and cancellations back to the marketplaces, payouts to journal entries,
     * reconciliation with its report, and alerts.
     */
    private Gaps afterTheOrder(CamelContext context, BusProperties props, StoreSettings stores, Path mappingsDir,
                               NetSuiteClient netsuite, ItemResolver items, Ledger ledger, Watermarks watermarks,
                               Transactions tx, Outbox outbox, HttpClient http) {
        var registry = context.getRegistry();
        ZoneId netsuiteZone = ZoneId.of(props.string("bus.netsuite.time-zone", "UTC"));
        NetSuiteFulfillments fulfillments = new NetSuiteFulfillments(netsuite);
        Duration overlap = props.duration("bus.fulfillments.overlap", Duration.ofMinutes(2));
        Duration lookback = props.duration("bus.fulfillments.lookback", Duration.ofDays(1));
        registry.bind("fulfillments", new FulfillmentSync(netsuite, fulfillments, items, ledger, watermarks, stores, mappingsDir,
                netsuiteZone, clock, overlap, lookback));
        registry.bind("cancellations", new CancellationSync(netsuite, ledger, watermarks, netsuiteZone, clock, overlap, lookback));
        registry.bind("payouts", new PayoutJournal(mappingsDir, stores));
        registry.bind("payoutFiles", new PayoutFiles(stores));

        Gaps gaps = new Gaps(tx, outbox, clock);
        Reconciler reconciler = new Reconciler(ledger, stores,
                marketplace -> context.getRegistry().lookupByNameAndType(marketplace + "OrderSource", OrderSource.class),
                new NetSuiteTransactions(netsuite), fulfillments, gaps, clock, props.bool("bus.reconciliation.repair", true),
                netsuiteZone);
        registry.bind("reconciliationApi", new ReconciliationApi(reconciler, gaps, stores, clock,
                props.duration("bus.reconciliation.period", Duration.ofHours(24)),
                props.duration("bus.reconciliation.window", Duration.ofDays(7)),
                props.duration("bus.reconciliation.settle-time", Duration.ofMinutes(30))));
        registry.bind("alerts", new Alerts(ledger, gaps, stores, tx, outbox, new Alerts.Thresholds(
                props.integer("bus.alerts.backlog-threshold", 1000), props.integer("bus.alerts.dead-letter-threshold", 0),
                props.integer("bus.alerts.gap-threshold", 0)),
                props.get("bus.alerts.webhook-url").filter(url -> !url.isBlank()).map(URI::create).orElse(null), http, clock));
        whereabouts.add("Reconcile  " + props.string("bus.public-url", "") + "/reconciliation?store=<id> (report), every "
                + props.string("bus.reconciliation.period", "24h") + "; /api/reconciliation/run on demand");
        return gaps;
    }

    /**
     * The Prometheus registry of camel-micrometer-prometheus, which serves it at /observe/metrics with
     * Camel's route metrics; bound here first so that the bus's own meters join it.
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        return registry;
    }

    /** Says where everything is once Camel is up, then runs what marketplaces do after start. */
    private void reportWhenUp(CamelContext context, String title) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (alreadyStarted) {
                // a route started later (route reload, an operator in Hawtio): nothing to redo
                return;
            }
            LOG.info("{}:\n  {}", title, String.join("\n  ", whereabouts));
            afterStart.forEach(Runnable::run);
        });
    }

    /** Stock publication for every store with inventory locations (or subsidiaries) configured. */
    private InventorySync inventory(BusProperties props, StoreSettings stores, Path mappingsDir, NetSuiteClient netsuite,
                                    Transactions tx, Watermarks watermarks, RunRequests runRequests) {
        Map<String, StockPolicy> policies = new LinkedHashMap<>();
        for (String id : stores.ids()) {
            StockPolicy policy = StockPolicy.of(id, stores);
            if (policy != null) {
                policies.put(id, policy);
            }
        }
        NetSuiteStock stock = new NetSuiteStock(netsuite, ZoneId.of(props.string("bus.netsuite.time-zone", "UTC")));
        InventorySync inventory = new InventorySync(policies,
                store -> SafetyStock.load(mappingsDir, store, policies.get(store).marketplace(),
                        policies.get(store).safetyStock()), stock,
                new PublishedStock(tx, clock), watermarks, runRequests, clock,
                props.duration("bus.inventory.period", Duration.ofMinutes(10)),
                props.duration("bus.inventory.full-pass-period", Duration.ofHours(24)),
                props.duration("bus.inventory.overlap", Duration.ofMinutes(2)));
        if (!policies.isEmpty()) {
            whereabouts.add("Inventory  stores " + policies.keySet() + ", every " + props.string("bus.inventory.period", "10m")
                    + "; NetSuite stock notices at /webhooks/netsuite/stock");
        }
        return inventory;
    }

    /** Price publication for every store with prices.publish=true. */
    private PriceSync prices(BusProperties props, StoreSettings stores, Path mappingsDir, NetSuiteClient netsuite,
                             Transactions tx, Watermarks watermarks, RunRequests runRequests) {
        Map<String, PricePolicy> policies = new LinkedHashMap<>();
        for (String id : stores.ids()) {
            PricePolicy policy = PricePolicy.of(id, stores, mappingsDir);
            if (policy != null) {
                policies.put(id, policy);
            }
        }
        PriceSync prices = new PriceSync(policies,
                (store, currency) -> StoreTables.load(mappingsDir, store, policies.get(store).marketplace(), "currency.csv")
                        .get(currency),
                new NetSuitePrices(netsuite, ZoneId.of(props.string("bus.netsuite.time-zone", "UTC"))),
                new PublishedPrices(tx, clock), watermarks, runRequests, clock,
                props.duration("bus.prices.period", Duration.ofHours(1)),
                props.duration("bus.prices.full-pass-period", Duration.ofHours(24)),
                props.duration("bus.prices.overlap", Duration.ofMinutes(2)));
        if (!policies.isEmpty()) {
            whereabouts.add("Prices     stores " + policies.keySet() + ", every " + props.string("bus.prices.period", "1h"));
        }
        return prices;
    }

    /** Product listings for every store with catalog.publish=true. */
    private CatalogSync catalog(BusProperties props, StoreSettings stores, Path mappingsDir, NetSuiteClient netsuite,
                                Watermarks watermarks, RunRequests runRequests) {
        Map<String, CatalogPolicy> policies = new LinkedHashMap<>();
        for (String id : stores.ids()) {
            CatalogPolicy policy = CatalogPolicy.of(id, stores);
            if (policy != null) {
                policies.put(id, policy);
            }
        }
        CatalogSync catalog = new CatalogSync(policies,
                (store, currency) -> StoreTables.load(mappingsDir, store, policies.get(store).marketplace(), "currency.csv")
                        .get(currency),
                new NetSuiteCatalog(netsuite, ZoneId.of(props.string("bus.netsuite.time-zone", "UTC"))), watermarks, runRequests,
                clock,
                props.duration("bus.catalog.period", Duration.ofMinutes(15)),
                props.duration("bus.catalog.full-pass-period", Duration.ofHours(24)),
                props.duration("bus.catalog.overlap", Duration.ofMinutes(2)));
        if (!policies.isEmpty()) {
            whereabouts.add("Catalog    stores " + policies.keySet() + ", every " + props.string("bus.catalog.period", "15m"));
        }
        return catalog;
    }

    private void startKafka(CamelContext context, BusProperties props, Outbox outbox) {
        String brokers;
        if (!props.bool("bus.kafka.embedded", false)) {
            brokers = props.required("bus.kafka.bootstrap-servers");
        } else {
            EmbeddedKafka kafka = new EmbeddedKafka(Path.of(props.string("bus.kafka.embedded.dir", "data/kafka")),
                    props.integer("bus.kafka.embedded.port", 9092), props.integer("bus.kafka.embedded.controller-port", 0));
            kafka.start();
            closeOnStop(context, "Kafka broker", kafka);
            context.getRegistry().bind("embeddedKafka", kafka);
            brokers = kafka.bootstrapServers();
        }
        var kafkaConfig = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        kafkaConfig.setBrokers(brokers);
        // SASL/TLS and other client properties of an external cluster; applied after Camel's own, so they win
        Map<String, Object> client = KafkaClientSettings.of(props);
        kafkaConfig.setAdditionalProperties(new LinkedHashMap<>(client));
        whereabouts.add("Kafka      " + brokers + " (topics " + outbox.topicFor("<kind>")
                + (client.containsKey("security.protocol") ? ", " + client.get("security.protocol") : "") + ")");
    }

    private NetSuiteSandbox startNetSuiteSandbox(CamelContext context, BusProperties props) {
        NetSuiteSandbox sandbox = new NetSuiteSandbox(new NetSuiteSandbox.Config(
                props.string("bus.sandbox.host", "127.0.0.1"), props.integer("bus.sandbox.netsuite.port", 8102),
                props.required("bus.netsuite.account-id"), props.required("bus.netsuite.consumer-key"),
                props.required("bus.netsuite.consumer-secret"), props.required("bus.netsuite.token-id"),
                props.required("bus.netsuite.token-secret"), props.integer("bus.sandbox.netsuite.concurrency-limit", 5),
                props.duration("bus.sandbox.netsuite.latency", Duration.ofMillis(100)),
                props.duration("bus.sandbox.netsuite.hang-time", Duration.ofSeconds(90)),
                props.get("bus.sandbox.state-dir").map(dir -> Path.of(dir, "netsuite.json")).orElse(null)));
        sandbox.start();
        props.get("bus.sandbox.netsuite.ship-every").filter(every -> !every.isBlank()).ifPresent(every ->
                // the demo warehouse: ships the demo orders' Sales Orders, some in two parts, so fulfilments flow back
                sandbox.startShipping(props.duration("bus.sandbox.netsuite.ship-every", Duration.ofMinutes(1)),
                        Double.parseDouble(props.string("bus.sandbox.netsuite.split-share", "0.3")), 20_261_201L));
        closeOnStop(context, "NetSuite sandbox", sandbox);
        context.getRegistry().bind("netsuiteSandbox", sandbox);
        whereabouts.add("NetSuite   sandbox " + sandbox.baseUrl() + " (stats: " + sandbox.baseUrl() + "/sandbox/stats)");
        return sandbox;
    }

    private NetSuiteClient netsuiteClient(BusProperties props, HttpClient http, NetSuiteSandbox sandbox, Transactions tx,
                                          ScheduledRoutes scheduled, MeterRegistry meters) {
        String account = props.required("bus.netsuite.account-id");
        URI baseUrl = sandbox != null ? sandbox.baseUrl() : URI.create(props.string("bus.netsuite.base-url",
                "https://" + account.toLowerCase().replace('_', '-') + ".suitetalk.api.netsuite.com"));
        TbaSigner signer = new TbaSigner(account, props.required("bus.netsuite.consumer-key"),
                props.required("bus.netsuite.consumer-secret"), props.required("bus.netsuite.token-id"),
                props.required("bus.netsuite.token-secret"), clock);
        String limitSetting = props.string("bus.netsuite.concurrency-limit", "auto");
        Duration requestTimeout = props.duration("bus.netsuite.request-timeout", Duration.ofSeconds(60));
        SharedPermits shared = sharedPermits(props, tx, account, requestTimeout, scheduled);
        ConcurrencyGovernor governor = new ConcurrencyGovernor(account,
                limitSetting.equals("auto") ? 1 : Integer.parseInt(limitSetting),
                props.duration("bus.netsuite.throttle-recovery", Duration.ofSeconds(30)), clock, shared,
                props.duration("bus.netsuite.timed-out-hold", requestTimeout));
        NetSuiteClient client = new NetSuiteClient(baseUrl, signer, governor, http, requestTimeout,
                props.duration("bus.netsuite.max-throttle-wait", Duration.ofMinutes(2)), clock,
                new NetSuiteMetrics(meters, governor));
        if (limitSetting.equals("auto")) {
            try {
                governor.setLimit(client.governanceLimits().limitForThisIntegration());
            } catch (RuntimeException e) {
                // governanceLimits needs an administrator role; without it the shared tier's limit is the safe guess
                governor.setLimit(5);
                LOG.warn("NetSuite governanceLimits unavailable ({}); using a concurrency limit of 5. Set"
                        + " bus.netsuite.concurrency-limit to the account's limit.", e.getMessage());
            }
        }
        whereabouts.add("NetSuite   account " + account + " at " + baseUrl + ", concurrency limit " + governor.limit()
                + (shared == null ? "" : " shared by every instance"));
        return client;
    }

    /**
     * The account's permit slots in the database when the limit is shared by several instances
     * ({@code bus.netsuite.shared-limit}), else null. A slot's lease must outlast any request, so that
     * only a crashed instance's slots ever expire.
     */
    private static SharedPermits sharedPermits(BusProperties props, Transactions tx, String account, Duration requestTimeout,
                                               ScheduledRoutes scheduled) {
        if (!props.bool("bus.netsuite.shared-limit", false)) {
            return null;
        }
        Duration lease = props.duration("bus.netsuite.permit-lease", Duration.ofMinutes(3));
        if (lease.compareTo(requestTimeout.multipliedBy(2)) < 0) {
            throw new IllegalStateException("bus.netsuite.permit-lease (" + lease + ") must be at least twice"
                    + " bus.netsuite.request-timeout (" + requestTimeout + "): a permit must outlast the request holding it;"
                    + " raise the lease or lower the timeout");
        }
        String node = scheduled.nodeId().length() > 100 ? scheduled.nodeId().substring(0, 100) : scheduled.nodeId();
        SharedPermits shared = new SharedPermits(tx, account, node + "/" + UUID.randomUUID().toString().substring(0, 8), lease);
        if (!scheduled.isClustered()) {
            // alone: permits still taken were taken by this bus's previous run
            int released = shared.releaseAll();
            if (released > 0) {
                LOG.info("Released {} NetSuite permit(s) left by this bus's previous run", released);
            }
        }
        return shared;
    }

    /** Leader election for the scheduled routes when several instances share the database ({@code bus.cluster.*}). */
    private static ScheduledRoutes scheduledRoutes(CamelContext context, BusProperties props) throws Exception {
        String nodeId = props.get("bus.cluster.node-id").filter(id -> !id.isBlank()).orElseGet(ScheduledRoutes::defaultNodeId);
        if (!props.bool("bus.cluster.enabled", false)) {
            return ScheduledRoutes.alone(nodeId);
        }
        String root = props.get("bus.cluster.root").filter(dir -> !dir.isBlank()).orElseThrow(() -> new IllegalStateException(
                "bus.cluster.enabled=true needs bus.cluster.root: a directory every instance shares (a shared volume),"
                        + " where the instances elect the one running the scheduled routes"));
        return ScheduledRoutes.clustered(context, nodeId, Path.of(root), props.string("bus.cluster.namespace", "commerce-bus"),
                props.duration("bus.cluster.lock-interval", Duration.ofSeconds(10)));
    }

    /** Stops a resource when Camel stops, after the routes. */
    private static void closeOnStop(CamelContext context, String name, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }

                @Override
                public String toString() {
                    return name;
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register " + name + " for shutdown", e);
        }
    }
}
