package io.commercebus.connector.bigcommerce;

import io.commercebus.catalog.SkuXref;
import io.commercebus.config.MarketplaceSetup;
import io.commercebus.config.SetupContext;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BigCommerce stores: clients, the beans their routes call ({@code bigcommerce}, {@code bigcommerceWebhooks},
 * {@code bigcommerceShipments}, {@code bigcommerceRefunds}, {@code bigcommerceListings}, {@code bigcommerceCatalog}),
 * the orders reconciliation reads ({@code bigcommerceOrderSource}), the demo store's sandbox.
 */
public class BigCommerceSetup implements MarketplaceSetup {

    static final String MARKETPLACE = "bigcommerce";

    @Override
    public String marketplace() {
        return MARKETPLACE;
    }

    @Override
    public void configure(SetupContext setup) {
        String sandboxStore = setup.sandboxStore(MARKETPLACE);
        BigCommerceSandbox sandbox = startSandbox(setup);
        Map<String, BigCommerceStore> stores = new LinkedHashMap<>();
        Map<String, BigCommerceClient> clients = new LinkedHashMap<>();
        for (String id : setup.stores().ofMarketplace(MARKETPLACE)) {
            URI apiUrl = id.equals(sandboxStore) ? sandbox.apiUrl() : URI.create(setup.stores().required(id, "api-url"));
            // hooks the bus registers carry the secret; without one every delivery is refused
            String webhookSecret = "true".equals(setup.stores().get(id, "webhooks.register"))
                    ? setup.stores().required(id, "webhook-secret") : setup.stores().get(id, "webhook-secret");
            BigCommerceStore store = new BigCommerceStore(id, apiUrl, setup.stores().required(id, "access-token"), webhookSecret);
            stores.put(id, store);
            clients.put(id, new BigCommerceClient(store, setup.http(), setup.timeout(MARKETPLACE),
                    setup.maxRateLimitWait(MARKETPLACE), setup.clock()));
        }
        BigCommerceOrders orders = new BigCommerceOrders(clients, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                setup.overlap(MARKETPLACE));
        setup.bind("bigcommerce", orders);
        setup.bind("bigcommerceWebhooks", new BigCommerceWebhooks(stores));
        setup.bind("bigcommerceShipments", new BigCommerceShipments(clients));
        setup.bind("bigcommerceRefunds", new BigCommerceRefunds(clients, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                setup.overlap(MARKETPLACE)));
        setup.bind("bigcommerceOrderSource", new BigCommerceOrderSource(clients));
        SkuXref xref = setup.bean("skuXref", SkuXref.class);
        BigCommerceListings listings = new BigCommerceListings(clients, xref);
        setup.bind("bigcommerceListings", listings);
        setup.bind("bigcommerceCatalog", new BigCommerceCatalog(listings, xref));
        setup.whereabouts().add("Webhooks   " + setup.publicUrl() + "/webhooks/bigcommerce/<store>");
        int initialOrders = setup.props().integer("bus.sandbox.bigcommerce.initial-orders", 0);
        setup.afterStart().accept(() -> {
            for (String id : stores.keySet()) {
                if ("true".equals(setup.stores().get(id, "webhooks.register"))) {
                    orders.registerWebhooks(id, setup.publicUrl() + "/webhooks/bigcommerce/" + id, stores.get(id).webhookSecret());
                }
            }
            if (sandbox != null && sandbox.orderCount() == 0 && initialOrders > 0) {
                // a first start shows orders flowing at once, not after the generator's first tick
                sandbox.placeDemoOrders(initialOrders);
            }
        });
    }

    @Override
    public BigCommerceSandbox startSandbox(SetupContext setup) {
        String store = setup.sandboxStore(MARKETPLACE);
        if (store == null) {
            return null;
        }
        var props = setup.props();
        BigCommerceSandbox sandbox = new BigCommerceSandbox(new BigCommerceSandbox.Config(setup.sandboxHost(),
                props.integer("bus.sandbox.bigcommerce.port", 8101), props.string("bus.sandbox.bigcommerce.store-hash", "demo1"),
                "1001", setup.stores().required(store, "access-token"),
                props.integer("bus.sandbox.bigcommerce.rate-limit-quota", 450),
                props.duration("bus.sandbox.bigcommerce.rate-limit-window", Duration.ofSeconds(30)),
                Double.parseDouble(props.string("bus.sandbox.bigcommerce.orders-per-minute", "6")),
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                new BigDecimal(props.string("bus.sandbox.bigcommerce.tax-rate", "0.0825")),
                props.integer("bus.sandbox.bigcommerce.seed", 42), setup.stateFile("bigcommerce.json")));
        sandbox.start();
        if (sandbox.customerGroups().isEmpty()) {
            // the demo store's B2B groups, which NetSuite's Wholesale and VIP price levels are assigned to
            sandbox.createCustomerGroup("Wholesale");
            sandbox.createCustomerGroup("VIP");
        }
        setup.closeOnStop().accept("BigCommerce sandbox", sandbox);
        setup.bind("bigcommerceSandbox", sandbox);
        setup.whereabouts().add("BigCommerce sandbox store '" + store + "' " + sandbox.apiUrl() + " (stats: http://"
                + setup.sandboxHost() + ":" + sandbox.port() + "/sandbox/stats)");
        return sandbox;
    }
}
