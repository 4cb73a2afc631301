package io.commercebus.connector.woocommerce;

import io.commercebus.catalog.SkuXref;
import io.commercebus.config.MarketplaceSetup;
import io.commercebus.config.SetupContext;
import io.commercebus.ledger.Ledger;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WooCommerce stores: clients, the beans their routes call ({@code woocommerce}, {@code woocommerceWebhooks},
 * {@code woocommerceListings}, {@code woocommerceCatalog}, {@code woocommerceShipments}, {@code woocommerceRefunds}),
 * reconciliation's {@code woocommerceOrderSource}, the demo store's sandbox.
 */
public class WooCommerceSetup implements MarketplaceSetup {

    static final String MARKETPLACE = "woocommerce";

    @Override
    public String marketplace() {
        return MARKETPLACE;
    }

    @Override
    public void configure(SetupContext setup) {
        String sandboxStore = setup.sandboxStore(MARKETPLACE);
        WooCommerceSandbox sandbox = startSandbox(setup);
        Map<String, WooCommerceStore> stores = new LinkedHashMap<>();
        Map<String, WooCommerceClient> clients = new LinkedHashMap<>();
        for (String id : setup.stores().ofMarketplace(MARKETPLACE)) {
            var s = setup.stores();
            URI site = id.equals(sandboxStore) ? sandbox.baseUrl() : URI.create(s.required(id, "site-url"));
            WooCommerceStore store = new WooCommerceStore(id, site, s.required(id, "consumer-key"),
                    s.required(id, "consumer-secret"), s.required(id, "webhook-secret"));
            stores.put(id, store);
            clients.put(id, new WooCommerceClient(store, setup.http(), setup.timeout(MARKETPLACE)));
        }
        WooCommerceOrders orders = new WooCommerceOrders(clients, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                setup.overlap(MARKETPLACE));
        setup.bind("woocommerce", orders);
        setup.bind("woocommerceWebhooks", new WooCommerceWebhooks(stores));
        SkuXref xref = setup.bean("skuXref", SkuXref.class);
        WooCommerceListings listings = new WooCommerceListings(clients, xref);
        setup.bind("woocommerceListings", listings);
        setup.bind("woocommerceCatalog", new WooCommerceCatalog(clients, listings, xref));
        setup.bind("woocommerceShipments", new WooCommerceShipments(clients));
        setup.bind("woocommerceRefunds", new WooCommerceRefunds(clients, setup.bean("ledger", Ledger.class)));
        setup.bind("woocommerceOrderSource", new WooCommerceOrderSource(clients, setup.stores()));
        if (!stores.isEmpty()) {
            setup.whereabouts().add("Webhooks   " + setup.publicUrl() + "/webhooks/woocommerce/<store>");
        }
        setup.afterStart().accept(() -> {
            for (String id : stores.keySet()) {
                if ("true".equals(setup.stores().get(id, "webhooks.register"))) {
                    orders.registerWebhooks(id, setup.publicUrl() + "/webhooks/woocommerce/" + id, stores.get(id).webhookSecret());
                }
            }
        });
    }

    @Override
    public WooCommerceSandbox startSandbox(SetupContext setup) {
        String store = setup.sandboxStore(MARKETPLACE);
        if (store == null) {
            return null;
        }
        var props = setup.props();
        var s = setup.stores();
        WooCommerceSandbox sandbox = new WooCommerceSandbox(new WooCommerceSandbox.Config(setup.sandboxHost(),
                props.integer("bus.sandbox.woocommerce.port", 8105), "", s.required(store, "consumer-key"),
                s.required(store, "consumer-secret"),
                Double.parseDouble(props.string("bus.sandbox.woocommerce.orders-per-minute", "4")),
                // as WooCommerce: one attempt per delivery, the webhook disabled after 5 failures in a row;
                // what a failed delivery missed, the catch-up poll brings
                List.of(), 5,
                new BigDecimal(props.string("bus.sandbox.woocommerce.tax-rate", "0.0825")),
                props.integer("bus.sandbox.woocommerce.seed", 45), setup.stateFile("woocommerce.json")));
        sandbox.start();
        setup.closeOnStop().accept("WooCommerce sandbox", sandbox);
        setup.bind("woocommerceSandbox", sandbox);
        setup.whereabouts().add("WooCommerce sandbox store '" + store + "' " + sandbox.baseUrl() + WooCommerceSandbox.API_PATH
                + " (stats: " + sandbox.baseUrl() + "/sandbox/stats)");
        return sandbox;
    }
}
