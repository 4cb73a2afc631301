package io.commercebus.connector.walmart;

import io.commercebus.config.MarketplaceSetup;
import io.commercebus.config.SetupContext;
import io.commercebus.sandbox.walmart.WalmartSandbox;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Walmart Marketplace sellers: clients, the {@code walmart}, {@code walmartListings} and {@code walmartShipments}
 * beans, reconciliation's {@code walmartOrderSource}, the demo seller's sandbox.
 */
public class WalmartSetup implements MarketplaceSetup {

    static final String MARKETPLACE = "walmart";

    @Override
    public String marketplace() {
        return MARKETPLACE;
    }

    @Override
    public void configure(SetupContext setup) {
        String sandboxStore = setup.sandboxStore(MARKETPLACE);
        WalmartSandbox sandbox = startSandbox(setup);
        Map<String, WalmartClient> clients = new LinkedHashMap<>();
        Map<String, String> cancellationReasons = new LinkedHashMap<>();
        for (String id : setup.stores().ofMarketplace(MARKETPLACE)) {
            if ("true".equals(setup.stores().get(id, "catalog.publish"))) {
                throw new IllegalStateException(String.format("Walmart item setup goes through its item feeds and content review: the bus publishes stock and prices to existing items (prices.publish, inventory.locations), not products; remove bus.store.%s.catalog.publish", id));
            }
            var s = setup.stores();
            String apiUrl = s.get(id, "api-url");
            WalmartStore store = new WalmartStore(id, id.equals(sandboxStore) ? sandbox.baseUrl()
                    : URI.create(apiUrl == null ? "https://marketplace.walmartapis.com" : apiUrl),
                    s.required(id, "client-id"), s.required(id, "client-secret"));
            clients.put(id, new WalmartClient(store, setup.http(), setup.timeout(MARKETPLACE), setup.maxRateLimitWait(MARKETPLACE),
                    setup.clock()));
            String reason = s.get(id, "cancellation-reason");
            if (reason != null && !reason.isBlank()) {
                cancellationReasons.put(id, reason.trim());
            }
        }
        setup.bind("walmartListings", new WalmartListings(clients, setup.feeds(),
                setup.props().integer("bus.walmart.inventory.single-update-max", 10)));
        setup.bind("walmart", new WalmartOrders(clients,
                setup.props().duration("bus.walmart.released-lookback", Duration.ofDays(30)), setup.clock(), setup.watermarks(),
                setup.initialFrom(MARKETPLACE), setup.overlap(MARKETPLACE), cancellationReasons));
        setup.bind("walmartShipments", new WalmartShipments(clients, setup.clock()));
        setup.bind("walmartOrderSource", new WalmartOrderSource(clients));
    }

    @Override
    public WalmartSandbox startSandbox(SetupContext setup) {
        String store = setup.sandboxStore(MARKETPLACE);
        if (store == null) {
            return null;
        }
        var props = setup.props();
        WalmartSandbox sandbox = new WalmartSandbox(new WalmartSandbox.Config(setup.sandboxHost(),
                props.integer("bus.sandbox.walmart.port", 8104), setup.stores().required(store, "client-id"),
                setup.stores().required(store, "client-secret"), null, null,
                Double.parseDouble(props.string("bus.sandbox.walmart.orders-per-minute", "3")),
                props.integer("bus.sandbox.walmart.seed", 44), setup.stateFile("walmart.json")));
        sandbox.start();
        setup.closeOnStop().accept("Walmart sandbox", sandbox);
        setup.bind("walmartSandbox", sandbox);
        setup.whereabouts().add("Walmart    sandbox seller '" + store + "' " + sandbox.baseUrl() + " (stats: "
                + sandbox.baseUrl() + "/sandbox/stats)");
        return sandbox;
    }
}
